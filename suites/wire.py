"""What goes over the wire and what comes back: plain, immutable records.

Evidence in reports is built from these; :meth:`WireRequest.evidence` strips the signature so a
stored request can never be replayed (reports carry a reproduction command instead).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import TYPE_CHECKING

from ecs_conformance.reports import clip_text
from ecs_conformance.spec.signing import WireDecodeError, parse_form
from ecs_conformance.spec.wire import Pairs, Request, encode_pairs
from ecs_conformance.suites.parse import ParsedAnswer, parse_answer

if TYPE_CHECKING:
    from ecs_conformance.suites.recipe import Recipe

MAX_BODY_BYTES = 1 << 20  # a target's answer is read up to 1 MiB; the rest is a finding
SIGNATURE_FIELDS = {"Signature", "authorization"}


@dataclass(frozen=True)
class WireRequest:
    """A request the suite built: the one request record (:class:`spec.wire.Request`, exactly
    the bytes that go out) and how it was built (space style, business parameters, scheme,
    recipe). Build one with :meth:`of`; defects change it with :meth:`with_`."""

    http: Request
    space_style: str = "%20"  # wire encoding: "%20" (RFC 3986), "+" (tea-py), "node" (raw *!'())
    business: Pairs = field(default=(), compare=False)
    scheme: str = "v1"
    recipe: Recipe | None = field(default=None, compare=False)  # how to rebuild it (suites.recipe)

    @classmethod
    def of(cls, method: str, query: Pairs = (), headers: Pairs = (), body: bytes = b"",
           path: str = "/", *, space_style: str = "%20", business: Pairs = (),
           scheme: str = "v1", recipe: Recipe | None = None) -> WireRequest:
        """The request sending ``query`` pairs encoded in ``space_style``."""
        raw = encode_pairs(query, space_style).encode("ascii")
        return cls(Request(method, path, raw, tuple(headers), body), space_style,
                   tuple(business), scheme, recipe)

    def with_(self, *, query: Pairs | None = None, headers: Pairs | None = None,
              body: bytes | None = None) -> WireRequest:
        """The same request with its query pairs (re-encoded in its space style), headers or
        body replaced: what a deliberate defect changes after signing."""
        http = self.http
        if query is not None:
            http = replace(http, raw_query=encode_pairs(query, self.space_style).encode("ascii"))
        if headers is not None:
            http = replace(http, headers=tuple(headers))
        if body is not None:
            http = replace(http, body=body)
        return replace(self, http=http)

    @property
    def method(self) -> str:
        return self.http.method

    @property
    def path(self) -> str:
        return self.http.path

    @property
    def headers(self) -> Pairs:
        return self.http.headers

    @property
    def body(self) -> bytes:
        return self.http.body

    @property
    def query(self) -> Pairs:
        """The query pairs, decoded from the bytes sent (an undecodable query: none)."""
        try:
            return tuple(parse_form(self.http.raw_query))
        except WireDecodeError:  # cannot come from pairs of text; be safe all the same
            return ()

    def query_string(self) -> str:
        return self.http.raw_query.decode("ascii")

    def target(self) -> str:
        return self.http.target()

    def route(self) -> str:
        """How it travelled, in a few words: ``V1 POST form body, Format=JSON, spaces as +``."""
        form = bool(self.body) and not self.http.raw_query
        try:
            sent = dict(parse_form(self.body) if form else self.query)
        except WireDecodeError:  # a deliberately undecodable body
            sent = {}
        parts = [f"{self.scheme.upper()} {self.method} {'form body' if form else 'query'}"]
        if self.scheme == "v1":
            parts.append(f"Format={sent['Format']}" if "Format" in sent else "no Format")
        if self.space_style != "%20":
            parts.append(f"spaces as {self.space_style}")
        return ", ".join(parts)

    def evidence(self) -> dict[str, object]:
        """The request as report evidence: signature values replaced, body clipped."""
        query = [(k, "***" if k in SIGNATURE_FIELDS else v) for k, v in self.query]
        headers = {k: clip_text("***" if k.lower() in SIGNATURE_FIELDS else v)
                   for k, v in self.headers}
        body = self.body.decode("utf-8", "replace")
        for name in SIGNATURE_FIELDS:
            if f"{name}=" in body:
                body = "&".join(
                    f"{name}=***" if part.startswith(f"{name}=") else part
                    for part in body.split("&")
                )
        shown = WireRequest.of(self.method, tuple(query), path=self.path)
        return {"method": self.method, "url": shown.target(), "headers": headers,
                "body": clip_text(body)}


@dataclass(frozen=True)
class Exchange:
    """One request and what the target did with it (``problem`` when it did not answer)."""

    request: WireRequest
    status: int | None
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b""
    problem: str | None = None  # timeout, reset, oversized body ...
    elapsed_s: float = 0.0
    # why this exchange proves nothing either way (throttled, not sent): its checks are
    # errored, never passed or failed (suites.property)
    inconclusive: str | None = None

    def header(self, name: str) -> str | None:
        lower = name.lower()
        return next((v for k, v in self.headers if k.lower() == lower), None)

    @property
    def content_type(self) -> str:
        return self.header("content-type") or ""

    @cached_property
    def answer(self) -> ParsedAnswer:
        """The answer's body parsed, once per exchange, as its content type says: format and
        fields (or the parse problem). Every check, finding and the session read this one."""
        return parse_answer(self.content_type, self.body)

    def evidence(self) -> dict[str, object]:
        """The answer as report evidence, clipped to the report model's one limit (with a
        marker saying how long it was)."""
        text = self.body.decode("utf-8", "replace")
        if self.problem:
            text = f"[{self.problem}] {text}".strip()
        headers: dict[str, str] = {}
        for name, value in self.headers:
            headers[name] = f"{headers[name]}, {value}" if name in headers else value
        return {"status": self.status,
                "headers": {clip_text(k): clip_text(v) for k, v in headers.items()},
                "body": clip_text(text)}
