"""The one verdict policy of a run. Every rendering, the CLI and its exit code ask here.

Worst first:

* ``fails`` — an assessed MUST requirement failed (a failure beats everything else);
* ``inconclusive`` — no MUST failed, but a MUST requirement errored (our check could not be
  finished against this target) or no MUST requirement was assessed at all;
* ``conforms`` — every assessed MUST requirement passed and none errored.

SHOULD requirements never change the verdict: a SHOULD that failed or errored leaves a run
that ``conforms``, and is reported next to it (:func:`verdict_reason`). Not-assessed
requirements say why in the report and never change it either, unless no MUST requirement
at all was assessed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Final, Literal

VerdictWord = Literal["conforms", "fails", "inconclusive"]

#: The verdicts, best first (the order of :data:`VERDICT_RANK`).
VERDICTS: Final[tuple[str, ...]] = ("conforms", "inconclusive", "fails")
#: How bad a verdict is; a larger rank is worse (``report diff`` uses it).
VERDICT_RANK: Final[dict[str, int]] = {word: rank for rank, word in enumerate(VERDICTS)}
#: One symbol per verdict, shared by the Markdown renderings.
VERDICT_ICON: Final[dict[str, str]] = {"conforms": "✅", "inconclusive": "⚠️", "fails": "❌"}


@dataclass(frozen=True)
class MustShouldCounts:
    """What the verdict depends on, counted from requirement dicts."""

    must_passed: int = 0
    must_failed: int = 0
    must_errored: int = 0
    should_failed: int = 0
    should_errored: int = 0


def count_outcomes(requirements: Iterable[Mapping[str, Any]]) -> MustShouldCounts:
    counts = {"MUST": {"passed": 0, "failed": 0, "errored": 0},
              "SHOULD": {"passed": 0, "failed": 0, "errored": 0}}
    for requirement in requirements:
        by_status = counts.get(requirement["level"])
        if by_status is not None and requirement["status"] in by_status:
            by_status[requirement["status"]] += 1
    must, should = counts["MUST"], counts["SHOULD"]
    return MustShouldCounts(must["passed"], must["failed"], must["errored"],
                            should["failed"], should["errored"])


def verdict_of(requirements: Iterable[Mapping[str, Any]]) -> VerdictWord:
    """The verdict of a list of requirement dicts (``level`` and ``status`` are read)."""
    counts = count_outcomes(requirements)
    if counts.must_failed:
        return "fails"
    if counts.must_errored or not counts.must_passed:
        return "inconclusive"
    return "conforms"


def report_verdict(report: Mapping[str, Any]) -> VerdictWord:
    """The verdict of a report dict, always computed from its requirements — so a report
    written before ``summary.verdict`` existed reads the same, and a stored verdict is only
    ever a copy (the schema check refuses one that disagrees)."""
    return verdict_of(report["requirements"])


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def verdict_reason(report: Mapping[str, Any]) -> str:
    """Why the report has its verdict, in one line (no verdict word in it)."""
    counts = count_outcomes(report["requirements"])
    if counts.must_failed:
        text = f"{_n(counts.must_failed, 'MUST requirement')} failed"
        if counts.must_errored:
            text += f", {counts.must_errored} errored"
        return text
    if counts.must_errored:
        return (f"{_n(counts.must_errored, 'MUST requirement')} errored: the suite could not "
                "finish its checks against this target")
    if not counts.must_passed:
        return "no MUST requirement was assessed"
    text = "every assessed MUST requirement passed"
    notes = []
    if counts.should_failed:
        notes.append(f"{_n(counts.should_failed, 'SHOULD requirement')} failed")
    if counts.should_errored:
        notes.append(f"{_n(counts.should_errored, 'SHOULD requirement')} errored")
    return text + (f"; {', '.join(notes)}" if notes else "")
