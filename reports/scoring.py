"""Counting outcomes: the summary, the score per level and the overall verdict.

Everything here works on requirement dicts (or objects with ``status`` and ``level``), so
the model and the renderers share one definition of "passed 35 of 36 MUST".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from .schema import count_statuses
from .verdict import VERDICT_ICON, report_verdict, verdict_of, verdict_reason
from .vocab import LEVELS


class _HasOutcome(Protocol):
    @property
    def status(self) -> str: ...

    @property
    def level(self) -> str: ...


@dataclass(frozen=True)
class Summary:
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

    def to_dict(self) -> dict[str, int | str]:
        """The ``summary`` object of report.json, its verdict included."""
        return {"passed": self.passed, "failed": self.failed,
                "not_assessed": self.not_assessed, "errored": self.errored,
                "must_failed": self.must_failed, "should_failed": self.should_failed,
                "verdict": self.verdict}


def summarize(requirements: Iterable[_HasOutcome | Mapping[str, Any]]) -> Summary:
    """Count outcomes of :class:`RequirementResult` objects or of their dicts."""
    plain = [r if isinstance(r, Mapping) else {"status": r.status, "level": r.level}
             for r in requirements]
    return Summary(**count_statuses(plain), verdict=verdict_of(plain))


@dataclass(frozen=True)
class LevelScore:
    """Outcomes at one level. Errored counts as assessed and not passed."""

    level: str
    passed: int = 0
    failed: int = 0
    errored: int = 0
    not_assessed: int = 0

    @property
    def assessed(self) -> int:
        return self.passed + self.failed + self.errored

    @property
    def total(self) -> int:
        return self.assessed + self.not_assessed

    @property
    def percent(self) -> int | None:
        """Pass rate over assessed requirements, rounded down; None when none was assessed."""
        if not self.assessed:
            return None
        return self.passed * 100 // self.assessed

    @property
    def fraction(self) -> str:
        return f"{self.passed}/{self.assessed}"

    @property
    def percent_text(self) -> str:
        return "n/a" if self.percent is None else f"{self.percent}%"


def level_scores(report: Mapping[str, Any]) -> dict[str, LevelScore]:
    """Score per level (``MUST``, ``SHOULD``) of a report dict."""
    counts: dict[str, dict[str, int]] = {level: {} for level in LEVELS}
    for requirement in report["requirements"]:
        by_status = counts[requirement["level"]]
        by_status[requirement["status"]] = by_status.get(requirement["status"], 0) + 1
    return {level: LevelScore(level, **by_status) for level, by_status in counts.items()}


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
