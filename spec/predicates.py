"""The meaning of each rule ``check.kind``, on wire-level parameters: :func:`holds`.

Each kind's meaning is its record in :mod:`spec.kinds` (one table, kept in step with the
meta-schema's enum and every other table keyed by kind); an unknown kind is an
:class:`~spec.kinds.UnknownKind` error. Look-up kinds (``known_*``) need the target's state, so
they take a ``Lookup``. The wire-reading helpers live in :mod:`spec.params`.
"""

from __future__ import annotations

from collections.abc import Mapping

from ecs_conformance.spec.kinds import Scope, UnknownKind, kind_of, of_scope
from ecs_conformance.spec.model import CharClass, Rule
from ecs_conformance.spec.params import Lookup, parse_bool, repeat_items, values_of

__all__ = [
    "LOOKUP_KINDS",
    "REQUEST_KINDS",
    "VALUE_KINDS",
    "Lookup",
    "UnknownKind",
    "holds",
    "parse_bool",
    "repeat_items",
    "values_of",
]

VALUE_KINDS = of_scope(Scope.VALUE)
REQUEST_KINDS = of_scope(Scope.REQUEST)
LOOKUP_KINDS = of_scope(Scope.LOOKUP)


def holds(
    rule: Rule,
    params: Mapping[str, str],
    table: Mapping[str, CharClass],
    lookup: Lookup | None = None,
) -> bool:
    """Does ``params`` satisfy ``rule``? Look-up rules without a ``lookup`` hold vacuously."""
    return kind_of(rule).evaluate(rule, params, table, lookup)
