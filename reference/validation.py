"""Every input rule of the spec, applied through :func:`spec.predicates.holds`.

Rules run in phases (required parameters -> single values -> cross-parameter rules -> look-ups:
each kind's ``phase`` in spec/kinds.py); within a phase, in spec order. A rule with documented
rows answers its first row; a rule without answers the first code seen in practice with status
400.
"""

from __future__ import annotations

from collections.abc import Mapping

from ecs_conformance.reference.behaviour import Behaviour
from ecs_conformance.reference.errors import Refusal, Refused
from ecs_conformance.spec.kinds import KINDS, Phase, UnknownKind, assert_in_step
from ecs_conformance.spec.model import Rule
from ecs_conformance.spec.predicates import Lookup, holds, values_of

# The kinds checked in each phase, in phase order (each kind's phase is in its KindDef).
PHASES: tuple[frozenset[str], ...] = tuple(
    frozenset(name for name, d in KINDS.items() if d.phase is phase) for phase in Phase)
PHASES_TABLE = "reference/validation.py PHASES"


def phased_kinds() -> frozenset[str]:
    return frozenset().union(*PHASES)


assert_in_step({PHASES_TABLE: phased_kinds()})
STRICT_BOOLEANS = ("true", "false")


def check_input(params: Mapping[str, str], behaviour: Behaviour, lookup: Lookup) -> None:
    """Raise :class:`Refused` for the first rule ``params`` break."""
    for rule in sorted(behaviour.rules, key=phase_index):  # stable: spec order within a phase
        if not _holds(rule, params, behaviour, lookup):
            raise Refused(refusal_for(rule, behaviour))


def phase_index(rule: Rule) -> int:
    """The position of ``rule``'s phase in :data:`PHASES`; UnknownKind for a kind in none."""
    for index, kinds in enumerate(PHASES):
        if rule.check.kind in kinds:
            return index
    raise UnknownKind(rule.check.kind, rule.id)


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
