"""Reading the HTTP request the emulator receives into the shared record
(:class:`spec.wire.Request`); its parameters come from the one parser,
:func:`spec.wire.decode_params`."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from ecs_conformance.spec.wire import Params, Request, WireDecodeError, decode_params

MAX_BODY_BYTES = 1024 * 1024

Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]


class BodyTooLarge(Exception):
    """The request body exceeds :data:`MAX_BODY_BYTES`."""


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
