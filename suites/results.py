"""Collects what the suite learnt about each requirement, then builds the report model's
requirement results (reports.RequirementResult); reports.Report writes report.json.

A requirement is *passed* when it was checked and nothing broke it, *failed* when a finding names
it, *errored* when our own machinery could not finish its check, and *not_assessed* (with the
reason) when the target's profile lacks what it needs or no request can trigger it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ecs_conformance.reports import (
    Evidence,
    ExpectedError,
    HttpExchange,
    HttpRequest,
    HttpResponse,
    ReadingResult,
    RequirementResult,
    clip_text,
)
from ecs_conformance.spec.model import Requirement, Spec
from ecs_conformance.suites.findings import Finding
from ecs_conformance.suites.repro import reproduce_command
from ecs_conformance.suites.targets import DEFAULT_ENDPOINT

MAX_EVIDENCE = 5


@dataclass
class Outcome:
    checks: int = 0
    findings: list[Finding] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    not_assessed: list[str] = field(default_factory=list)
    duration_s: float = 0.0


class Results:
    def __init__(self, spec: Spec, suite: str = "server") -> None:
        self.spec = spec
        self.suite = suite
        self.known = {r.id for r in self.requirements()}
        self.outcomes: dict[str, Outcome] = {}
        self.endpoint = DEFAULT_ENDPOINT
        self.stopped: str | None = None  # why the run ended early (--fail-fast), if it did
        self.crashes: list[str] = []  # our checks that crashed without naming a requirement
        self._touched: set[str] | None = None  # requirements named by the running test
        # the report's readings: which reading of the source the target follows (by entry ID;
        # filled by suites/readings.py, never a verdict)
        self.readings: dict[str, ReadingResult] = {}

    def begin_test(self) -> None:
        """Start noting the requirements the running test names (see :meth:`crashed`)."""
        self._touched = set()

    def crashed(self, test: str, error: str, requirements: Iterable[str] = ()) -> None:
        """A check of ours raised instead of deciding: every requirement it named (or that its
        parameters name) is errored, never passed; with none, the run records the crash and
        its verdict is inconclusive (reports.report_verdict)."""
        named = (self._touched or set()) | {r for r in requirements if r in self.known}
        self._touched = None
        reason = f"the suite's own check crashed ({test}): {error}"
        for requirement in sorted(named):
            self.errored(requirement, reason)
        if not named and len(self.crashes) < 100:
            self.crashes.append(clip_text(reason))

    def end_test(self) -> None:
        self._touched = None

    def requirements(self) -> list[Requirement]:
        """The requirements this suite reports on: the client suite the "client" category,
        the server suite every other."""
        return [r for r in self.spec.requirements()
                if (r.category == "client") == (self.suite == "client")]

    def _get(self, requirement: str) -> Outcome:
        if requirement not in self.known:
            raise KeyError(f"unknown requirement {requirement!r}")
        if self._touched is not None:
            self._touched.add(requirement)
        return self.outcomes.setdefault(requirement, Outcome())

    def checked(self, *requirements: str, count: int = 1) -> None:
        for requirement in requirements:
            self._get(requirement).checks += count

    def add(self, findings: Iterable[Finding]) -> None:
        for finding in findings:
            outcome = self._get(finding.requirement)
            outcome.checks += 1
            same = [f for f in outcome.findings if f.title == finding.title]
            if len(outcome.findings) < MAX_EVIDENCE and len(same) < 2:
                outcome.findings.append(finding)
            elif not outcome.findings:
                outcome.findings.append(finding)

    def errored(self, requirement: str, reason: str) -> None:
        self._get(requirement).errors.append(reason)

    def skip(self, requirement: str, reason: str) -> None:
        self._get(requirement).not_assessed.append(reason)

    def status(self, requirement: str) -> str:
        outcome = self.outcomes.get(requirement)
        if outcome is None:
            return "not_assessed"
        if outcome.findings:
            return "failed"
        if outcome.errors:
            return "errored"
        return "passed" if outcome.checks else "not_assessed"

    def requirement_results(self) -> tuple[RequirementResult, ...]:
        """Each requirement of this suite as the report model states it (texts clipped by the
        model, evidence built through it)."""
        return tuple(self._result(req) for req in self.requirements())

    def _result(self, req: Requirement) -> RequirementResult:
        outcome = self.outcomes.get(req.id, Outcome())
        status = self.status(req.id)
        reason = None
        if status == "not_assessed":
            reason = (outcome.not_assessed or [self._default_reason(req.id)])[0]
        elif status == "errored":
            reason = outcome.errors[0]
        error = (ExpectedError(req.error.status, req.error.code, req.error.message)
                 if req.error else None)
        return RequirementResult(
            id=req.id, level=req.level, title=req.title, category=req.category,
            status=status, parameter=req.parameter, error=error, reason=reason,
            checks=outcome.checks, duration_s=round(outcome.duration_s, 4),
            evidence=tuple(self._evidence(f) for f in outcome.findings))

    def requirement_dicts(self) -> list[dict[str, Any]]:
        """:meth:`requirement_results` as report.json states them."""
        return [r.to_dict() for r in self.requirement_results()]

    def _default_reason(self, requirement: str) -> str:
        row = next((r for r in self.spec.error_rows if r.requirement == requirement), None)
        if row is not None and row.error_class == "internal":
            return (f"internal error row ({row.trigger}); a server suite cannot trigger it, "
                    "the client suite checks that clients map it")
        proto = {p.id: p for p in self.spec.protocol_requirements}
        if requirement in proto and not proto[requirement].triggerable:
            return "not provoked on purpose (it would need flooding the target)"
        if self.stopped:
            return f"not reached: {self.stopped}"
        return "no check of this suite covers it"

    def _evidence(self, finding: Finding) -> Evidence:
        """A finding as report evidence (the model clips every captured text)."""
        ex = finding.exchange
        if ex is None:
            return Evidence(finding.title, finding.expected, finding.received)
        exchange = HttpExchange(HttpRequest.from_dict(ex.request.evidence()),
                                HttpResponse.from_dict(ex.evidence()))
        return Evidence(finding.title, finding.expected, finding.received, exchange,
                        reproduce_command(self.endpoint, ex.request))

    def reading_results(self) -> tuple[ReadingResult, ...]:
        """The readings section, in the spec's order."""
        order = [r.id for r in self.spec.readings]
        return tuple(self.readings[i] for i in order if i in self.readings)

    def must_failed(self) -> list[str]:
        return [r.id for r in self.requirements()
                if r.level == "MUST" and self.status(r.id) == "failed"]
