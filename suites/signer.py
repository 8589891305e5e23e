"""Turn business parameters and a transport into a signed wire request (V1 or V3)."""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from spec.signing import new_nonce, utc_timestamp, v1_sign, v3_sign
from suites.wire import WireRequest, encode_pairs

FORM = "application/x-www-form-urlencoded"


@dataclass(frozen=True)
class Transport:
    """How a request travels; mirrors strategies.Transport field for field."""

    scheme: str = "v3"  # "v1" | "v3"
    method: str = "POST"
    placement: str = "query"  # "query" | "form"
    fmt: str | None = "JSON"  # V1 only; None means "no Format parameter"
    space_style: str = "%20"


@dataclass(frozen=True)
class Signer:
    access_key_id: str
    secret: str
    host: str
    action: str = "CopyImage"
    version: str = "2014-05-26"
    clock_skew: timedelta = timedelta(0)

    def __repr__(self) -> str:  # never show the secret
        return f"Signer(access_key_id={self.access_key_id!r}, host={self.host!r})"

    def sign(
        self,
        params: Mapping[str, str] | Sequence[tuple[str, str]],
        transport: Transport,
        *,
        nonce: str | None = None,
        timestamp: str | None = None,
        extra_headers: Mapping[str, str] | None = None,
        signed_headers: Sequence[str] | None = None,
    ) -> WireRequest:
        pairs = list(params.items()) if isinstance(params, Mapping) else list(params)
        nonce = nonce or new_nonce()
        stamp = timestamp or utc_timestamp(datetime.now(UTC) + self.clock_skew)
        method = transport.method
        if transport.scheme == "v1":
            signed = v1_sign(method, pairs, self.access_key_id, self.secret, nonce=nonce,
                             timestamp=stamp, fmt=transport.fmt, version=self.version,
                             action=self.action)
            headers = dict(extra_headers or {})
            if transport.placement == "form":
                headers["content-type"] = FORM
                body = _form(signed, transport.space_style)
                return WireRequest(method, (), tuple(headers.items()), body,
                                   space_style=transport.space_style, business=tuple(pairs),
                                   scheme="v1")
            return WireRequest(method, tuple(signed), tuple(headers.items()),
                               space_style=transport.space_style, business=tuple(pairs),
                               scheme="v1")
        body = b""
        query = pairs
        extra = dict(extra_headers or {})
        if transport.placement == "form":
            body, query = _form(pairs, transport.space_style), []
            extra.setdefault("content-type", FORM)
        headers = v3_sign(method, self.host, query, self.access_key_id, self.secret,
                          nonce=nonce, date=stamp, body=body, action=self.action,
                          version=self.version, extra_headers=extra,
                          signed_headers=signed_headers)
        return WireRequest(method, tuple(query), tuple(headers.items()), body,
                           space_style=transport.space_style, business=tuple(pairs),
                           scheme="v3")

    def with_credentials(self, access_key_id: str, secret: str) -> Signer:
        return replace(self, access_key_id=access_key_id, secret=secret)


def _form(pairs: Sequence[tuple[str, str]], space_style: str) -> bytes:
    return encode_pairs(list(pairs), space_style).encode("ascii")


_counter = itertools.count()


def fresh_suffix(width: int = 8) -> str:
    """A short suffix of lower-case letters and digits, unique within this process run."""
    n = next(_counter)
    alphabet = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    for _ in range(width):
        n, r = divmod(n, 36)
        out = alphabet[r] + out
    return out
