"""The summary, the score per level and the verdict as renderers show them.

All of it is read from the one tally of :mod:`reports.tally` and the one policy of
:mod:`reports.verdict`, so the model, the schema check and every rendering share one
definition of "passed 35 of 36 MUST".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .tally import LevelScore, Outcome, Tally, tally
from .verdict import (
    VERDICT_ICON,
    VerdictWord,
    crashes,
    decide,
    report_verdict,
    verdict_reason,
)

__all__ = ["LevelScore", "Summary", "Verdict", "grade", "level_scores", "report_summary",
           "summarize", "verdict"]


@dataclass(frozen=True)
class Summary:
    """The ``summary`` object of report.json: counts per status, failures per level, verdict."""

    passed: int = 0
    failed: int = 0
    not_assessed: int = 0
    errored: int = 0
    must_failed: int = 0
    should_failed: int = 0
    verdict: str = "inconclusive"  # reports.verdict: nothing assessed is inconclusive

    @property
    def total(self) -> int:
        return self.passed + self.failed + self.not_assessed + self.errored

    @classmethod
    def of(cls, counts: Tally, word: VerdictWord) -> Summary:
        return cls(passed=counts.status("passed"), failed=counts.status("failed"),
                   not_assessed=counts.status("not_assessed"),
                   errored=counts.status("errored"), must_failed=counts.must.failed,
                   should_failed=counts.should.failed, verdict=word)

    def counts(self) -> dict[str, int]:
        """The counts alone (what a stored summary must agree with)."""
        return {"passed": self.passed, "failed": self.failed,
                "not_assessed": self.not_assessed, "errored": self.errored,
                "must_failed": self.must_failed, "should_failed": self.should_failed}

    def to_dict(self) -> dict[str, int | str]:
        """The ``summary`` object of report.json, its verdict included."""
        return {**self.counts(), "verdict": self.verdict}


def summarize(requirements: Iterable[Outcome], *, crashed: bool = False) -> Summary:
    """Count outcomes of :class:`RequirementResult` objects or of their dicts; ``crashed``
    (a check of ours crashed without naming a requirement) makes the verdict inconclusive
    unless it fails."""
    counts = tally(requirements)
    return Summary.of(counts, decide(counts, crashed=crashed))


def report_summary(report: Mapping[str, Any]) -> Summary:
    """The summary of a report dict, counted from its requirements (a stored one is only a
    copy); its verdict is :func:`reports.verdict.report_verdict`'s, crashed checks included."""
    return summarize(report["requirements"], crashed=bool(crashes(report)))


def level_scores(report: Mapping[str, Any]) -> dict[str, LevelScore]:
    """Score per level (``MUST``, ``SHOULD``) of a report dict."""
    return tally(report["requirements"]).by_level()


def grade(percent: int | None) -> str:
    """``good`` at 100 %, ``warn`` from 80 %, ``bad`` below, ``none`` when not assessed."""
    if percent is None:
        return "none"
    if percent >= 100:
        return "good"
    return "warn" if percent >= 80 else "bad"


@dataclass(frozen=True)
class Verdict:
    """How a renderer shows the verdict: the word of :mod:`reports.verdict`, an icon and a
    headline that starts with the word."""

    key: str  # conforms | fails | inconclusive
    icon: str
    headline: str


def verdict(report: Mapping[str, Any]) -> Verdict:
    """The one-line outcome of a run (policy: :func:`reports.verdict.report_verdict`)."""
    word = report_verdict(report)
    return Verdict(word, VERDICT_ICON[word], f"{word.capitalize()}: {verdict_reason(report)}")
