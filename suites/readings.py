"""Which reading of the source a target follows: classify the answers to the probes of
spec/readings.yaml and record them for the report's readings section.

A probe's answer is matched against the outcome each reading predicts (``accepted``,
``rejected``, ``row:InvalidImageName.Malformed~destination``, ``code:X``, ``status:S``); the
readings it matches are recorded.
Nothing here judges a requirement: every outcome some reading allows is acceptable.
"""

from __future__ import annotations

from ecs_conformance.reports import ProbeResult, ReadingResult
from ecs_conformance.spec.model import Reading, ReadingProbe, Spec
from ecs_conformance.suites.parse import parse_body
from ecs_conformance.suites.session import Session
from ecs_conformance.suites.wire import Exchange

MAX_TEXT = 300


def matches(spec: Spec, outcome: str, status: int | None, code: object,
            observed_status: str | None = None) -> bool:
    """Does an answer (HTTP status and error code, or an image status a scenario observed)
    fit the predicted ``outcome``?"""
    if outcome.startswith("status:"):
        return observed_status == outcome[7:]
    if status is None:
        return False
    if outcome == "accepted":
        return 200 <= status < 300
    if outcome == "rejected":
        return 400 <= status < 500
    if outcome.startswith("row:"):
        row = spec.row(outcome[4:])
        return (status, code) == (row.status, row.code)
    if outcome.startswith("code:"):
        return 400 <= status < 500 and code == outcome[5:]
    raise ValueError(f"unknown probe outcome {outcome!r}")


def answer(exchange: Exchange) -> tuple[str, object]:
    """(a one-line account of the answer, its error code)."""
    if exchange.status is None:
        return f"no answer ({exchange.problem})"[:MAX_TEXT], None
    code = parse_body(exchange).fields.get("Code")
    return (f"HTTP {exchange.status}" + (f" {code}" if code else ""))[:MAX_TEXT], code


def _entry(session: Session, reading: Reading) -> ReadingResult:
    return session.results.readings.get(reading.id) or ReadingResult(
        reading.id, reading.title, reading.words, reading.primary,
        tuple((o.id, o.description) for o in reading.options))


def record(session: Session, reading: Reading, probe: ReadingProbe, request: str,
           observed: str, status: int | None, code: object,
           observed_status: str | None = None) -> list[str]:
    """Record one probe's answer; return the readings it fits."""
    fits = [r for r, outcome in probe.expect
            if matches(session.spec, outcome, status, code, observed_status)]
    # the report model clips the texts (one limit, no lone surrogate a target sent) and
    # derives which readings the entry follows
    entry = _entry(session, reading).add_probe(
        ProbeResult(probe.id, request[:MAX_TEXT], observed[:MAX_TEXT], tuple(fits)))
    session.results.readings[reading.id] = entry
    return fits


def note(session: Session, reading: Reading, reason: str) -> None:
    """Why (some of) an entry's probes were not sent."""
    session.results.readings[reading.id] = _entry(session, reading).with_note(reason)
