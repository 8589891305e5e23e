"""Counting outcomes: the summary, the score per level and the overall verdict.

Everything here works on requirement dicts (or objects with ``status`` and ``level``), so
the model and the renderers share one definition of "passed 35 of 36 MUST".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from .schema import count_statuses
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

    @property
    def total(self) -> int:
        return self.passed + self.failed + self.not_assessed + self.errored

    def to_dict(self) -> dict[str, int]:
        return {"passed": self.passed, "failed": self.failed,
                "not_assessed": self.not_assessed, "errored": self.errored,
                "must_failed": self.must_failed, "should_failed": self.should_failed}


def summarize(requirements: Iterable[_HasOutcome | Mapping[str, Any]]) -> Summary:
    """Count outcomes of :class:`RequirementResult` objects or of their dicts."""
    plain = [r if isinstance(r, Mapping) else {"status": r.status, "level": r.level}
             for r in requirements]
    return Summary(**count_statuses(plain))


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
    key: str  # conformant | warnings | incomplete | non-conformant | no-data
    icon: str
    headline: str


def verdict(report: Mapping[str, Any]) -> Verdict:
    """The one-line outcome of a run, worst first: MUST failures, errors, SHOULD failures."""
    summary = summarize(report["requirements"])
    if summary.must_failed:
        return Verdict("non-conformant", "❌",
                       f"Not conformant: {_n(summary.must_failed, 'MUST requirement')} failed")
    if summary.errored:
        return Verdict("incomplete", "⚠️",
                       f"Incomplete: {_n(summary.errored, 'requirement')} errored")
    if summary.should_failed:
        failed = _n(summary.should_failed, "SHOULD requirement")
        return Verdict("warnings", "🟡", f"Conformant to every MUST; {failed} failed")
    if not summary.passed:
        return Verdict("no-data", "➖", "Nothing was assessed")
    return Verdict("conformant", "✅", "Conformant: every assessed requirement passed")


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"
