"""Evidence: what a check expected, what it received, and the HTTP exchange behind it.

Captured text (bodies, header values, expected, received) is clipped to
:data:`~reports.vocab.TEXT_LIMIT_BYTES` (4 KiB) of UTF-8 with a note saying how long it was, so
one huge answer cannot bloat every rendering of the report. This is the one evidence limit: the
report schema's ``maxLength`` states the same number, and the suites clip through
:func:`clip_text` rather than keep a limit of their own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .vocab import TEXT_LIMIT_BYTES

HeaderInput = Mapping[str, str] | Iterable[tuple[str | bytes, str | bytes]]
STATUS_MIN, STATUS_MAX = 100, 599  # as report.schema.json states
_SURROGATE = re.compile("[\ud800-\udfff]")


def clip_text(text: str, limit: int = TEXT_LIMIT_BYTES) -> str:
    """Return ``text`` cut to at most ``limit`` UTF-8 bytes, marker included. Lone surrogates
    (a JSON answer may carry ``"\\ud800"``) become U+FFFD: every rendering is UTF-8."""
    if _SURROGATE.search(text):
        text = text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    encoded = text.encode("utf-8", errors="replace")
    if len(encoded) <= limit:
        return text
    marker = f"\n… [truncated: {len(encoded)} bytes in total]"
    budget = max(0, limit - len(marker.encode("utf-8")))
    return encoded[:budget].decode("utf-8", errors="ignore") + marker


def _text(value: str | bytes) -> str:
    return value.decode("utf-8", errors="replace") if isinstance(value, bytes) else value


def _headers(headers: HeaderInput) -> dict[str, str]:
    """Copy headers into a plain dict; repeated names are joined with ``", "``; names and
    values are clipped like any captured text."""
    pairs = headers.items() if isinstance(headers, Mapping) else headers
    out: dict[str, str] = {}
    for name, value in pairs:
        key, text = clip_text(_text(name)), _text(value)
        out[key] = f"{out[key]}, {text}" if key in out else text
    return {key: clip_text(value) for key, value in out.items()}


@dataclass(frozen=True)
class HttpRequest:
    """The request part of an exchange (``body`` clipped to 4 KiB)."""

    method: str
    url: str
    headers: Mapping[str, str] = field(default_factory=dict)
    body: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "headers", _headers(self.headers))
        object.__setattr__(self, "body", clip_text(self.body))

    @classmethod
    def capture(cls, method: str, url: str, headers: HeaderInput = (),
                body: str | bytes = b"") -> HttpRequest:
        """Build from raw parts: header pairs (ASGI style) and a bytes body are accepted."""
        return cls(method, url, _headers(headers), _text(body))

    def to_dict(self) -> dict[str, Any]:
        return {"method": self.method, "url": self.url,
                "headers": dict(self.headers), "body": self.body}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> HttpRequest:
        return cls(d["method"], d["url"], d["headers"], d["body"])


@dataclass(frozen=True)
class HttpResponse:
    """The response part of an exchange; ``status`` is None when no answer came."""

    status: int | None
    headers: Mapping[str, str] = field(default_factory=dict)
    body: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "headers", _headers(self.headers))
        body = self.body
        if self.status is not None and not STATUS_MIN <= self.status <= STATUS_MAX:
            # the wire allows any three digits; the report keeps the answer, not the status
            body = f"[HTTP status {self.status}, outside {STATUS_MIN}–{STATUS_MAX}] {body}"
            object.__setattr__(self, "status", None)
        object.__setattr__(self, "body", clip_text(body))

    @classmethod
    def capture(cls, status: int | None, headers: HeaderInput = (),
                body: str | bytes = b"") -> HttpResponse:
        """Build from raw parts: header pairs (ASGI style) and a bytes body are accepted."""
        return cls(status, _headers(headers), _text(body))

    def to_dict(self) -> dict[str, Any]:
        return {"status": self.status, "headers": dict(self.headers), "body": self.body}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> HttpResponse:
        return cls(d["status"], d["headers"], d["body"])


@dataclass(frozen=True)
class HttpExchange:
    """One request and the response it got; either part may be missing."""

    request: HttpRequest | None = None
    response: HttpResponse | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "request": self.request.to_dict() if self.request else None,
            "response": self.response.to_dict() if self.response else None,
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> HttpExchange:
        """Read the ``request`` and ``response`` keys of an evidence dict."""
        request, response = d.get("request"), d.get("response")
        return cls(HttpRequest.from_dict(request) if request else None,
                   HttpResponse.from_dict(response) if response else None)


@dataclass(frozen=True)
class Evidence:
    """Why a check concluded as it did: expected vs received, plus how to reproduce it.

    In JSON the exchange is flattened into the evidence's ``request`` and ``response`` keys.
    """

    title: str
    expected: str
    received: str
    exchange: HttpExchange = field(default_factory=HttpExchange)
    reproduce: str | None = None

    def __post_init__(self) -> None:
        if self.exchange is None:  # tolerated: callers without an exchange may pass None
            object.__setattr__(self, "exchange", HttpExchange())
        object.__setattr__(self, "expected", clip_text(self.expected))
        object.__setattr__(self, "received", clip_text(self.received))

    @property
    def request(self) -> HttpRequest | None:
        return self.exchange.request

    @property
    def response(self) -> HttpResponse | None:
        return self.exchange.response

    def to_dict(self) -> dict[str, Any]:
        return {"title": self.title, "expected": self.expected, "received": self.received,
                **self.exchange.to_dict(), "reproduce": self.reproduce}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Evidence:
        return cls(d["title"], d["expected"], d["received"],
                   HttpExchange.from_dict(d), d.get("reproduce"))
