"""The one dispatch table keyed by ``check.kind``: how each kind shapes valid values and how a
request is made to break it. An import-time assertion keeps the table in step with the spec's
kinds (spec.predicates), so a new kind fails loudly here instead of being silently skipped."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

from ecs_conformance.spec.model import Spec
from ecs_conformance.spec.predicates import LOOKUP_KINDS, REQUEST_KINDS, VALUE_KINDS
from ecs_conformance.strategies import breakers as b
from ecs_conformance.strategies import shapes as s
from ecs_conformance.strategies.alphabet import complement, default_alphabet, normalise, restrict


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
    "requires": KindHandler(None, b.break_requires),
    "differs_from": KindHandler(None, b.break_differs_from),
    "known_region": KindHandler(None, b.break_known_region),
    "known_image": KindHandler(None, b.break_known_image),
    "known_kms_key": KindHandler(None, b.break_known_kms_key),
}
assert set(KINDS) == set(VALUE_KINDS) | REQUEST_KINDS | LOOKUP_KINDS, "KINDS out of step"
assert all((h.narrow is not None) == (k in VALUE_KINDS) for k, h in KINDS.items())


@lru_cache(maxsize=64)
def shape_of(spec: Spec, parameter: str) -> s.ValueShape:
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
        narrow = KINDS[rule.check.kind].narrow
        if narrow is not None:
            shape = replace(narrow(shape, rule.check, spec.char_classes), constrained=True)
    # prefixes another reading reserves: avoided like forbidden ones (never violated with them)
    extra = tuple(p for p in spec.grey_prefixes(parameter) if p not in shape.prefixes)
    if extra:
        shape = replace(shape, prefixes=shape.prefixes + extra)
    assert shape.alphabet and shape.first, f"{parameter}: the rules leave no valid character"
    return shape
