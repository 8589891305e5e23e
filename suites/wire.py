"""What goes over the wire and what comes back: plain, immutable records.

Evidence in reports is built from these; :meth:`WireRequest.evidence` strips the signature so a
stored request can never be replayed (reports carry a reproduction command instead).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import quote

from ecs_conformance.reports import clip_text
from ecs_conformance.spec.signing import WireDecodeError, parse_form

if TYPE_CHECKING:
    from ecs_conformance.suites.recipe import Recipe

MAX_BODY_BYTES = 1 << 20  # a target's answer is read up to 1 MiB; the rest is a finding
SIGNATURE_FIELDS = {"Signature", "authorization"}


SAFE = {"%20": "~", "+": "~ ", "node": "~!*'()"}


def encode_pairs(pairs: tuple[tuple[str, str], ...] | list[tuple[str, str]], style: str) -> str:
    """Percent-encode as the SDKs do: RFC 3986, '+' for spaces, or Node's raw ``!*'()``."""
    safe = SAFE[style]
    text = "&".join(f"{quote(k, safe=safe)}={quote(v, safe=safe)}" for k, v in pairs)
    return text.replace(" ", "+") if style == "+" else text


@dataclass(frozen=True)
class WireRequest:
    method: str
    query: tuple[tuple[str, str], ...] = ()
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b""
    path: str = "/"
    space_style: str = "%20"  # wire encoding: "%20" (RFC 3986), "+" (tea-py), "node" (raw *!'())
    business: tuple[tuple[str, str], ...] = field(default=(), compare=False)
    scheme: str = "v1"
    recipe: Recipe | None = field(default=None, compare=False)  # how to rebuild it (suites.recipe)

    def query_string(self) -> str:
        return encode_pairs(self.query, self.space_style)

    def target(self) -> str:
        qs = self.query_string()
        return f"{self.path}?{qs}" if qs else self.path

    def route(self) -> str:
        """How it travelled, in a few words: ``V1 POST form body, Format=JSON, spaces as +``."""
        form = bool(self.body) and not self.query
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
        shown = WireRequest(self.method, tuple(query), path=self.path)
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
