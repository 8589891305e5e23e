"""The strategies' side of each ``check.kind`` (the spec may not import Hypothesis): how the kind
narrows a valid value's shape and how a request is made to break it, in one table keyed by the
kind names of spec/kinds.py. It is checked against every other table keyed by kind when
imported (:func:`spec.kinds.assert_in_step`), so a new kind fails loudly here instead of being
silently skipped."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

from ecs_conformance.spec.kinds import KINDS as SPEC_KINDS
from ecs_conformance.spec.kinds import Scope, UnknownKind, assert_in_step
from ecs_conformance.spec.model import Rule
from ecs_conformance.strategies import breakers as b
from ecs_conformance.strategies import shapes as s
from ecs_conformance.strategies.alphabet import complement, default_alphabet, normalise, restrict
from ecs_conformance.strategies.book import Book


@dataclass(frozen=True)
class KindHandler:
    narrow: s.Narrow | None  # value kinds: how the kind narrows a valid value's shape
    breaker: b.Breaker | None  # None: nothing can violate the kind (``optional``)


KINDS: dict[str, KindHandler] = {
    "length": KindHandler(s.narrow_length, b.break_length),
    "first_char": KindHandler(s.narrow_first_char, b.break_first_char),
    "charset": KindHandler(s.narrow_charset, b.break_charset),
    "forbidden_prefix": KindHandler(s.narrow_prefix, b.break_prefix),
    "forbidden_substring": KindHandler(s.narrow_substring, b.break_substring),
    "non_empty": KindHandler(s.narrow_non_empty, b.break_non_empty),
    "boolean": KindHandler(s.narrow_boolean, b.break_boolean),
    "ascii": KindHandler(s.narrow_ascii, b.break_ascii),
    "required": KindHandler(None, b.break_required),
    "optional": KindHandler(None, None),
    "max_items": KindHandler(None, b.break_max_items),
    "index_range": KindHandler(None, b.break_index_range),
    "integer_range": KindHandler(None, b.break_integer_range),
    "one_of": KindHandler(None, b.break_one_of),
    "requires": KindHandler(None, b.break_requires),
    "differs_from": KindHandler(None, b.break_differs_from),
    "known_region": KindHandler(None, b.break_known_region),
    "known_image": KindHandler(None, b.break_known_image),
    "known_kms_key": KindHandler(None, b.break_known_kms_key),
}
KINDS_TABLE = "strategies/kinds.py KINDS"
assert_in_step({KINDS_TABLE: KINDS})
_NARROWING = [k for k, h in KINDS.items() if (h.narrow is not None)
              != (SPEC_KINDS[k].scope is Scope.VALUE)]
if _NARROWING:
    raise AssertionError(f"kinds {_NARROWING}: exactly the value kinds narrow a value's shape")


def handler(rule: Rule) -> KindHandler:
    """The strategies' record of ``rule``'s kind; UnknownKind for a kind the table lacks."""
    found = KINDS.get(rule.check.kind)
    if found is None:
        raise UnknownKind(rule.check.kind, rule.id)
    return found


def breaker(rule: Rule) -> b.Breaker:
    """How to break ``rule``; ValueError for a kind nothing can violate (``optional``)."""
    found = handler(rule).breaker
    if found is None:
        raise ValueError(f"{rule.id}: kind {rule.check.kind!r} cannot be violated")
    return found


@lru_cache(maxsize=64)
def shape_of(spec: Book, parameter: str) -> s.ValueShape:
    """The canonical shape of ``parameter``'s valid values (all its value rules folded in),
    without the characters on which the readings of the source disagree for it
    (``spec.grey_chars``): values built from the shape are valid, or invalid, under every
    reading."""
    alphabet = default_alphabet(spec.char_classes)
    grey = spec.grey_chars(parameter)
    if grey:
        alphabet = restrict(alphabet, complement(normalise(grey)))
    shape = s.ValueShape(parameter, alphabet, alphabet)
    for rule in spec.rules_for(parameter):
        narrow = handler(rule).narrow
        if narrow is not None:
            shape = replace(narrow(shape, rule.check, spec.char_classes), constrained=True)
    # prefixes another reading reserves: avoided like forbidden ones (never violated with them)
    extra = tuple(p for p in spec.grey_prefixes(parameter) if p not in shape.prefixes)
    if extra:
        shape = replace(shape, prefixes=shape.prefixes + extra)
    assert shape.alphabet and shape.first, f"{parameter}: the rules leave no valid character"
    return shape
