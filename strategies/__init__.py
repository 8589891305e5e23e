"""Hypothesis strategies built from the spec model: valid values and requests, labelled
violations, transports and server answers. Imports: spec, hypothesis, stdlib only.

Never import this package as ``st``: that name belongs to ``hypothesis.strategies``.
"""

from ecs_conformance.strategies.fresh import fresh_value, refresh
from ecs_conformance.strategies.labels import LabelledRequest, Violation, compatible
from ecs_conformance.strategies.responses import (
    error_answer,
    malformed_answer,
    success_answer,
    success_body,
)
from ecs_conformance.strategies.transports import Transport, all_transports, transports
from ecs_conformance.strategies.valid import valid_request, valid_value
from ecs_conformance.strategies.violations import (
    contract_violation,
    multi_violation,
    needs_roles,
    touches,
    violable_rules,
    violation,
    violations,
)
from ecs_conformance.strategies.world import ProfileLookup

__all__ = [
    "LabelledRequest",
    "ProfileLookup",
    "Transport",
    "Violation",
    "all_transports",
    "compatible",
    "contract_violation",
    "error_answer",
    "fresh_value",
    "malformed_answer",
    "multi_violation",
    "needs_roles",
    "refresh",
    "success_answer",
    "success_body",
    "touches",
    "transports",
    "valid_request",
    "valid_value",
    "violable_rules",
    "violation",
    "violations",
]
