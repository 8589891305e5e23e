"""Every input rule of the spec, applied through :func:`spec.predicates.holds`.

Rules run in phases (required parameters -> single values -> cross-parameter rules -> look-ups);
within a phase, in spec order. A rule with documented rows answers its first row; a rule without
answers the first code seen in practice with status 400.
"""

from __future__ import annotations

from collections.abc import Mapping

from ecs_conformance.reference.behaviour import Behaviour
from ecs_conformance.reference.errors import Refusal, Refused
from ecs_conformance.spec.model import Rule
from ecs_conformance.spec.predicates import VALUE_KINDS, Lookup, holds, values_of

PHASES: tuple[frozenset[str], ...] = (
    frozenset({"required"}),
    frozenset(VALUE_KINDS) | {"max_items", "index_range"},
    frozenset({"requires"}),
    frozenset({"known_region", "differs_from", "known_image", "known_kms_key"}),
)
STRICT_BOOLEANS = ("true", "false")


def check_input(params: Mapping[str, str], behaviour: Behaviour, lookup: Lookup) -> None:
    """Raise :class:`Refused` for the first rule ``params`` break."""
    for phase in PHASES:
        for rule in behaviour.rules:
            if rule.check.kind in phase and not _holds(rule, params, behaviour, lookup):
                raise Refused(refusal_for(rule, behaviour))


def _holds(rule: Rule, params: Mapping[str, str], behaviour: Behaviour, lookup: Lookup) -> bool:
    if rule.check.kind == "boolean" and behaviour.on("booleans-case-sensitive"):
        return all(v in STRICT_BOOLEANS for v in values_of(rule, params))
    return holds(rule, params, behaviour.spec.char_classes, lookup)


def refusal_for(rule: Rule, behaviour: Behaviour) -> Refusal:
    """The answer to a violation of ``rule``."""
    reject = rule.reject
    if reject is None:
        raise ValueError(f"rule {rule.id} rejects nothing")
    if reject.rows:
        return behaviour.row(reject.rows[0].id)
    code = reject.codes_seen[0]
    return Refusal(400, code, undocumented_message(code, rule.parameter))


def undocumented_message(code: str, parameter: str) -> str:
    """A message for a code the docs do not give one for (gateway wording where known)."""
    if code.startswith("Missing") and code != "MissingParameter":
        return f"{code.removeprefix('Missing')} is mandatory for this action."
    if code == "MissingParameter":
        return (f'The input parameter "{parameter}" that is mandatory for processing this '
                "request is not supplied.")
    return f'The specified parameter "{parameter}" is not valid.'
