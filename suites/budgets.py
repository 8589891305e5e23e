"""What each ``--budget`` buys: one record per budget, for both suites.

The names are the report vocabulary's (``reports.vocab.BUDGETS``, mirrored from the report
schema); this table says what each name means for a run, and nothing else lists them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from ecs_conformance.reports.vocab import BUDGETS as BUDGET_NAMES


@dataclass(frozen=True)
class Budget:
    name: str
    examples: int  # server suite: generated examples per property
    calls: int  # client suite: generated calls per property
    shrink_s: float  # server suite: seconds Hypothesis may spend shrinking one failure


BUDGETS: Final[dict[str, Budget]] = {b.name: b for b in (
    Budget("quick", examples=6, calls=8, shrink_s=3.0),
    Budget("default", examples=15, calls=25, shrink_s=10.0),
    Budget("thorough", examples=200, calls=200, shrink_s=60.0),
)}
DEFAULT_BUDGET: Final = "default"

assert tuple(BUDGETS) == BUDGET_NAMES, "the budgets are the report schema's, in its order"
assert DEFAULT_BUDGET in BUDGETS
