"""The one count of a run's outcomes: requirements per level and status.

Every number a report states about its requirements is read from :func:`tally` — the
``summary`` object, the score per level, the verdict and its reason, the CLI's summary
and the SDK table — so "passed 35 of 36 MUST" cannot mean two things in two places.
It accepts :class:`~reports.model.RequirementResult` objects or their dicts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from .vocab import LEVELS, STATUSES


class HasOutcome(Protocol):
    @property
    def status(self) -> str: ...

    @property
    def level(self) -> str: ...


Outcome = HasOutcome | Mapping[str, Any]


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
    def decided(self) -> int:
        """Assessed and decided either way: passed or failed (errored left out)."""
        return self.passed + self.failed

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

    def count(self, status: str) -> int:
        if status not in STATUSES:
            raise ValueError(f"status must be one of {list(STATUSES)}, got {status!r}")
        result: int = getattr(self, status)
        return result


@dataclass(frozen=True)
class Tally:
    """Requirements counted per level (``MUST``, ``SHOULD``) and status."""

    must: LevelScore = LevelScore("MUST")
    should: LevelScore = LevelScore("SHOULD")

    def level(self, level: str) -> LevelScore:
        if level not in LEVELS:
            raise ValueError(f"level must be one of {list(LEVELS)}, got {level!r}")
        return self.must if level == "MUST" else self.should

    def by_level(self) -> dict[str, LevelScore]:
        return {level: self.level(level) for level in LEVELS}

    def status(self, status: str) -> int:
        """Requirements with ``status``, at any level."""
        return sum(score.count(status) for score in self.by_level().values())


def _outcome(requirement: Outcome) -> tuple[str, str]:
    if isinstance(requirement, Mapping):
        return requirement["level"], requirement["status"]
    return requirement.level, requirement.status


def tally(requirements: Iterable[Outcome]) -> Tally:
    """Count requirement results (objects with ``level`` and ``status``, or their dicts).

    An unknown level or status is a :class:`ValueError` naming it, never a silent zero."""
    counts: dict[str, dict[str, int]] = {level: dict.fromkeys(STATUSES, 0) for level in LEVELS}
    for requirement in requirements:
        level, status = _outcome(requirement)
        if level not in counts:
            raise ValueError(f"level must be one of {list(LEVELS)}, got {level!r}")
        if status not in counts[level]:
            raise ValueError(f"status must be one of {list(STATUSES)}, got {status!r}")
        counts[level][status] += 1
    return Tally(LevelScore("MUST", **counts["MUST"]), LevelScore("SHOULD", **counts["SHOULD"]))
