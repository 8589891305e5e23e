"""The HTTP request as the emulator sees it: method, target, headers and the merged parameters."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from typing import Any

from ecs_conformance.spec.signing import WireDecodeError, parse_form

MAX_BODY_BYTES = 1024 * 1024
FORM_TYPE = "application/x-www-form-urlencoded"
DEFAULT_HOST = "ecs.aliyuncs.com"

Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]


class BodyTooLarge(Exception):
    """The request body exceeds :data:`MAX_BODY_BYTES`."""


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    raw_query: bytes
    headers: tuple[tuple[str, str], ...]
    body: bytes

    def header(self, name: str) -> str | None:
        """The first value of header ``name`` (case-insensitive), or None."""
        lower = name.lower()
        return next((v for k, v in self.headers if k.lower() == lower), None)

    @property
    def host(self) -> str:
        return self.header("host") or DEFAULT_HOST

    @property
    def is_form(self) -> bool:
        content_type = (self.header("content-type") or "").split(";")[0].strip().lower()
        return content_type == FORM_TYPE


@dataclass(frozen=True)
class Params:
    """Decoded parameters: ``query`` and ``form`` pairs as sent, and their merge."""

    query: tuple[tuple[str, str], ...]
    form: tuple[tuple[str, str], ...]

    @property
    def pairs(self) -> list[tuple[str, str]]:
        return list(self.query + self.form)

    def merged(self) -> dict[str, str]:
        """One value per name; the first occurrence wins (query before body)."""
        out: dict[str, str] = {}
        for name, value in self.pairs:
            out.setdefault(name, value)
        return out


def decode_params(request: Request, *, keep_plus: bool = False,
                  ignore_form: bool = False) -> Params:
    """Form-decode the query and (for a form-typed body) the body.

    Raises :class:`~spec.signing.WireDecodeError` when a component is not UTF-8.
    ``keep_plus`` and ``ignore_form`` exist only for faulty variants.
    """
    query = _decode(request.raw_query, keep_plus)
    form: list[tuple[str, str]] = []
    if request.is_form and request.body and not ignore_form:
        form = _decode(request.body, keep_plus)
    return Params(tuple(query), tuple(form))


def _decode(raw: bytes, keep_plus: bool) -> list[tuple[str, str]]:
    return parse_form(raw.replace(b"+", b"%2B") if keep_plus else raw)


async def read_body(receive: Receive, limit: int = MAX_BODY_BYTES) -> bytes:
    """Read the whole body, refusing more than ``limit`` bytes."""
    chunks: list[bytes] = []
    size = 0
    more = True
    while more:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge
        chunks.append(chunk)
        more = bool(message.get("more_body", False))
    return b"".join(chunks)


def request_from_scope(scope: MutableMapping[str, Any], body: bytes) -> Request:
    headers = tuple((_text(k), _text(v)) for k, v in scope.get("headers", []))
    return Request(
        method=str(scope.get("method", "GET")).upper(),
        path=str(scope.get("path", "/")) or "/",
        raw_query=bytes(scope.get("query_string", b"")),
        headers=headers,
        body=body,
    )


def _text(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


__all__ = ["BodyTooLarge", "Params", "Request", "WireDecodeError", "decode_params", "read_body"]
