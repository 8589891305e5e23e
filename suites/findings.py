"""A finding: one way a target breaks one requirement, with the evidence to show it."""

from __future__ import annotations

from dataclasses import dataclass, field

from ecs_conformance.suites.parse import Parsed, parse_body
from ecs_conformance.suites.wire import Exchange


@dataclass(frozen=True)
class Finding:
    requirement: str
    title: str
    expected: str
    received: str
    exchange: Exchange | None = None


def describe(exchange: Exchange, parsed: Parsed | None = None) -> str:
    """A one-line account of an answer: status, code, message, content type, or the problem."""
    if exchange.status is None:
        return f"no answer: {exchange.problem}"
    parsed = parsed or parse_body(exchange)
    parts = [f"HTTP {exchange.status}"]
    if parsed.fields.get("Code"):
        parts.append(f"Code={parsed.fields['Code']!s}")
    if "Message" in parsed.fields:
        parts.append(f"Message={str(parsed.fields['Message'])[:160]!r}")
    if parsed.problem:
        parts.append(parsed.problem)
    parts.append(f"content-type={exchange.content_type or '(none)'}")
    if exchange.problem:
        parts.append(exchange.problem)
    return ", ".join(parts)


@dataclass
class Checked:
    """What a check found, which requirements it actually evaluated, and which it could not
    observe although it was meant to (``unobserved``: requirement → why; the answer said
    nothing about it, so it is errored, never passed: :func:`suites.property.settle`)."""

    findings: list[Finding] = field(default_factory=list)
    assessed: set[str] = field(default_factory=set)
    unobserved: dict[str, str] = field(default_factory=dict)

    def append(self, finding: Finding) -> None:
        self.findings.append(finding)
        self.assessed.add(finding.requirement)

    def unobserve(self, requirement: str, reason: str) -> None:
        """``requirement`` was not observed on this answer (the first reason is kept)."""
        self.assessed.discard(requirement)
        self.unobserved.setdefault(requirement, reason)

    def __add__(self, other: Checked | list[Finding]) -> Checked:
        if isinstance(other, list):
            other = Checked(other, {f.requirement for f in other})
        return Checked(self.findings + other.findings, self.assessed | other.assessed,
                       {**other.unobserved, **self.unobserved})

    def __iadd__(self, other: Checked | list[Finding]) -> Checked:
        return self + other
