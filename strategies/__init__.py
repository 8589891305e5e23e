"""Hypothesis strategies built from the spec model: valid values and requests, labelled
violations, transports and server answers. Imports: spec, hypothesis, stdlib only.

Never import this package as ``st``: that name belongs to ``hypothesis.strategies``.
"""

from strategies.fresh import fresh_value, refresh
from strategies.labels import LabelledRequest, Violation, compatible
from strategies.responses import error_answer, malformed_answer, success_answer, success_body
from strategies.transports import Transport, all_transports, transports
from strategies.valid import valid_request, valid_value
from strategies.violations import (
    multi_violation,
    needs_roles,
    touches,
    violable_rules,
    violation,
    violations,
)
from strategies.world import ProfileLookup

__all__ = [
    "LabelledRequest",
    "ProfileLookup",
    "Transport",
    "Violation",
    "all_transports",
    "compatible",
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
