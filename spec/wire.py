"""The wire vocabulary every layer shares: how a request travels, the request itself, its
parameters, and the one way to encode and decode them.

- :class:`Transport`: signature scheme, method, parameter placement, V1 Format, space style.
  The Hypothesis strategy over it lives in :mod:`strategies.transports` (spec never imports
  Hypothesis); the suites build requests for it (:mod:`suites.signer`).
- :class:`Request`: one HTTP request as bytes — what the emulator receives
  (:mod:`reference.wire`), what the client mock records (:mod:`suites.clientkit.mock`) and what
  the server suite sends (:class:`suites.wire.WireRequest` wraps one with how it was built).
- :func:`decode_params` / :class:`Params`: the one request parser (query string plus a
  form-typed body; percent-decoding and repeated keys as :func:`spec.signing.parse_form`).
- :func:`encode_pairs`: the one encoder, in the SDKs' space styles.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from urllib.parse import quote

from ecs_conformance.spec.signing import WireDecodeError, parse_form

Pairs = tuple[tuple[str, str], ...]
FORM_TYPE = "application/x-www-form-urlencoded"
DEFAULT_HOST = "ecs.aliyuncs.com"

# characters left unescaped per space style: RFC 3986 ("%20"), tea-py ("+"), Node's raw !*'()
SAFE = {"%20": "~", "+": "~ ", "node": "~!*'()"}


@dataclass(frozen=True)
class Transport:
    """How a request travels."""

    scheme: str = "v3"  # "v1" | "v3"
    method: str = "POST"  # "GET" | "POST"
    placement: str = "query"  # "query" | "form" (form only with POST)
    fmt: str | None = "JSON"  # V1 only; None means "no Format parameter" (XML expected)
    space_style: str = "%20"  # "%20" | "+" | "node"

    @property
    def expects_json(self) -> bool:
        """V3 answers JSON; V1 answers JSON only when Format says so (any case)."""
        return self.scheme == "v3" or (self.fmt or "").lower() == "json"


def encode_pairs(pairs: Pairs | list[tuple[str, str]], style: str) -> str:
    """Percent-encode as the SDKs do: RFC 3986, '+' for spaces, or Node's raw ``!*'()``."""
    safe = SAFE[style]
    text = "&".join(f"{quote(k, safe=safe)}={quote(v, safe=safe)}" for k, v in pairs)
    return text.replace(" ", "+") if style == "+" else text


def media_type(content_type: str) -> str:
    """``application/json`` of ``Application/JSON; charset=utf-8``."""
    return content_type.split(";")[0].strip().lower()


@dataclass(frozen=True)
class Request:
    """One HTTP request as bytes: nothing decoded, nothing normalised."""

    method: str
    path: str = "/"
    raw_query: bytes = b""
    headers: Pairs = ()
    body: bytes = b""
    received_at: float = field(default_factory=time.time, compare=False)

    def header(self, name: str) -> str | None:
        """The first value of header ``name`` (case-insensitive), or None."""
        lower = name.lower()
        return next((v for k, v in self.headers if k.lower() == lower), None)

    @property
    def host(self) -> str:
        return self.header("host") or DEFAULT_HOST

    @property
    def is_form(self) -> bool:
        """The body is typed ``application/x-www-form-urlencoded`` (parameters travel in it)."""
        return media_type(self.header("content-type") or "") == FORM_TYPE

    def target(self) -> str:
        """Path and query as on the request line."""
        query = self.raw_query.decode("latin-1")
        return f"{self.path}?{query}" if query else self.path


@dataclass(frozen=True)
class Params:
    """Decoded parameters: ``query`` and ``form`` pairs as sent (order and repeats kept)."""

    query: Pairs
    form: Pairs = ()

    @property
    def pairs(self) -> list[tuple[str, str]]:
        return list(self.query + self.form)

    def merged(self) -> dict[str, str]:
        """One value per name; the first occurrence wins (query before body)."""
        out: dict[str, str] = {}
        for name, value in self.pairs:
            out.setdefault(name, value)
        return out

    def values(self, name: str) -> list[str]:
        return [v for k, v in self.pairs if k == name]

    def first(self, name: str) -> str | None:
        found = self.values(name)
        return found[0] if found else None


def decode_params(request: Request, *, keep_plus: bool = False,
                  ignore_form: bool = False) -> Params:
    """Form-decode the query and, for a form-typed body, the body.

    Raises :class:`~spec.signing.WireDecodeError` when a component is not UTF-8.
    ``keep_plus`` and ``ignore_form`` exist only for the emulator's faulty variants.
    """
    query = _decode(request.raw_query, keep_plus)
    form: list[tuple[str, str]] = []
    if request.is_form and request.body and not ignore_form:
        form = _decode(request.body, keep_plus)
    return Params(tuple(query), tuple(form))


def _decode(raw: bytes, keep_plus: bool) -> list[tuple[str, str]]:
    return parse_form(raw.replace(b"+", b"%2B") if keep_plus else raw)


__all__ = ["DEFAULT_HOST", "FORM_TYPE", "Pairs", "Params", "Request", "Transport",
           "WireDecodeError", "decode_params", "encode_pairs", "media_type"]
