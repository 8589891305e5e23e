"""Edits of a request's parameters that keep it consistent: putting a value in place (a plain
parameter or one field of a repeat-list tag), keeping ``requires`` rules satisfied, rebuilding the
tag list, and boolean spellings."""

from __future__ import annotations

import string
from collections.abc import Callable
from functools import lru_cache

from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from ecs_conformance.spec.kinds import kind_of
from ecs_conformance.spec.model import Parameter
from ecs_conformance.spec.params import parse_bool, repeat_items
from ecs_conformance.strategies.book import Book
from ecs_conformance.strategies.shapes import ValueShape
from ecs_conformance.strategies.text import Draw, integers, sampled, tail_alphabet, valid_text

# Only the spellings every reading accepts: True/False (what the Python SDKs send) and 1/0 are
# grey (spec/readings.yaml reading.boolean-spelling; tests/strategies check the two lists
# against it) and are sent only by boolean.capitalized-accepted and the readings probes.
BOOLEAN_SPELLINGS = ("true", "false")
NOT_BOOLEANS = ("yes", "no", "on", "off", "t", "f", "Y", "N", "maybe", "2")
BULK_TAG_KEY_MAX = 16  # keys of tags that only fill a tag list stay short


def spellings(truth: bool | None) -> tuple[str, ...]:
    return tuple(v for v in BOOLEAN_SPELLINGS if parse_bool(v) == truth)


def bad_boolean() -> SearchStrategy[str]:
    """Values that are no spelling of a boolean in any case."""
    words = st.text(string.ascii_letters, min_size=1, max_size=8)
    return st.one_of(
        st.sampled_from(NOT_BOOLEANS),
        words.map(lambda w: w + "x" if parse_bool(w) is not None else w),
    )


def repeat_parameter(spec: Book, name: str) -> Parameter:
    """The repeat-list parameter behind ``Tag``, ``Tag.Key`` or ``Tag.Value``."""
    return spec.parameter(name.split(".")[0])


def tag_indices(params: dict[str, str], group: str) -> list[int]:
    return sorted(repeat_items(params, group))


def key_field(spec: Book, group: str) -> str:
    """``<group>.<field>`` of the repeat list's first field, the one that tells its items apart
    (``Tag.Key``)."""
    repeat = spec.parameter(group).repeat
    if repeat is None:
        raise ValueError(f"{group} is not a repeat-list parameter")
    return f"{group}.{repeat.fields[0].name}"


@lru_cache(maxsize=64)
def counter_chars(shape: ValueShape) -> str:
    """Letters and digits of ``shape`` that occur in no forbidden string: written after the first
    character they keep a value valid, and can neither complete a forbidden prefix or substring
    nor be changed by a repair."""
    banned = set("".join(shape.forbidden))
    return "".join(c for c in tail_alphabet(shape) if c not in banned)


def _counter(shape: ValueShape, n: int) -> str:
    digits = counter_chars(shape)
    assert len(digits) ** 2 > n, f"{shape.parameter}: too few counter characters"
    return digits[n // len(digits)] + digits[n % len(digits)]


def distinct(keys: list[str], shape: ValueShape) -> list[str]:
    """``keys`` with each repeat made unique by a two-character counter (appended, or written
    over the last two characters of a value at its maximum length). Cheaper than asking
    Hypothesis for unique lists, which draws and filters repeats away."""
    assert shape.cap >= 3, f"{shape.parameter}: too short for a counter"
    seen: set[str] = set()
    out = []
    for key in keys:
        n, candidate = 0, key
        while candidate in seen:
            stem = key if len(key) + 2 <= shape.cap else key[:-2]
            candidate, n = stem + _counter(shape, n), n + 1
        seen.add(candidate)
        out.append(candidate)
    return out


def listed_values(spec: Book, name: str) -> tuple[str, ...]:
    """The values every ``one_of`` rule on ``name`` allows (empty: no such rule)."""
    lists = [r.check.values for r in spec.rules_for(name) if r.check.kind == "one_of"]
    if not lists:
        return ()
    allowed = tuple(v for v in lists[0] if all(v in other for other in lists[1:]))
    assert allowed, f"{name}: its one_of rules allow no common value"
    return allowed


def filler_keys(spec: Book, shape_of: Callable[[str], ValueShape], draw: Draw,
                count: int, group: str) -> list[str]:
    """``count`` valid keys for items that only fill a list: distinct, one drawn stem and a
    two-character counter (:func:`counter_chars`) — the draws of one value however long the
    list, where drawing every key would cost a value's draws per tag; or, for a key a value
    list constrains, its values in turn (repeating when the list is longer)."""
    name = key_field(spec, group)
    allowed = listed_values(spec, name)
    if allowed:
        return [allowed[i % len(allowed)] for i in range(count)]
    shape = shape_of(name)
    top = min(shape.cap, BULK_TAG_KEY_MAX) - 2
    stem = draw(valid_text(shape, lo=max(shape.min_len, 1), hi=top))
    return [stem + _counter(shape, i) for i in range(count)]


FILLER_VALUES = st.one_of(st.none(), st.just(""), st.text(string.ascii_letters, max_size=8))


def filler_value(draw: Draw) -> str | None:
    value: str | None = draw(FILLER_VALUES)
    return value


def filler_field(spec: Book, shape_of: Callable[[str], ValueShape], draw: Draw,
                 name: str) -> str | None:
    """A valid value, or none, for field ``name`` (``Tag.Value``) of a filler item: a short word
    or empty; one of its documented values where a value list constrains it; a value of its
    shape where the word would break one of its value rules."""
    allowed = listed_values(spec, name)
    if allowed:
        listed: str | None = draw(st.one_of(st.none(), sampled(allowed)))
        return listed
    value = filler_value(draw)
    tests = [(r.check, t) for r in spec.rules_for(name) if (t := kind_of(r).test) is not None]
    if value is None or all(test(check, value, spec.char_classes) for check, test in tests):
        return value
    return str(draw(valid_text(shape_of(name))))


def replace_tags(spec: Book, shape_of: Callable[[str], ValueShape], draw: Draw,
                 params: dict[str, str], group: str, indices: list[int]) -> None:
    """Drop every item of repeat list ``group`` and add one valid filler item (distinct key,
    the other fields maybe) per index."""
    repeat = spec.parameter(group).repeat
    assert repeat is not None, f"{group} is not a repeat list"
    key, *others = [f.name for f in repeat.fields]
    for name in [n for n in params if n.startswith(group + ".")]:
        del params[name]
    keys = filler_keys(spec, shape_of, draw, len(indices), group)
    for index, stem in zip(indices, keys, strict=True):
        params[f"{group}.{index}.{key}"] = stem
        for other in others:
            value = filler_field(spec, shape_of, draw, f"{group}.{other}")
            if value is not None:
                params[f"{group}.{index}.{other}"] = value


def place(spec: Book, shape_of: Callable[[str], ValueShape], draw: Draw,
          params: dict[str, str], parameter: str, value: str) -> None:
    """Set ``parameter`` to ``value`` and keep every ``requires`` rule about it satisfied."""
    if "." in parameter:
        _place_field(spec, shape_of, draw, params, parameter, value)
        return
    params[parameter] = value
    for rule in spec.rules:
        c = rule.check
        if c.kind != "requires":
            continue
        if c.when_present == parameter and c.other:
            params[c.other] = draw(sampled(spellings(parse_bool(c.equals or ""))))
        if c.other == parameter and parse_bool(value) != parse_bool(c.equals or ""):
            params.pop(c.when_present or "", None)


def _place_field(spec: Book, shape_of: Callable[[str], ValueShape], draw: Draw,
                 params: dict[str, str], parameter: str, value: str) -> None:
    """Put ``value`` in one tag's field at any index up to the last allowed one; the indices
    below it that the request lacks get filler tags (keys distinct from the others)."""
    group, field = parameter.split(".")
    repeat = repeat_parameter(spec, parameter).repeat
    assert repeat is not None, f"{parameter} is not a field of a repeat list"
    indices = tag_indices(params, group)
    low = repeat.min_index
    anywhere = integers(low, low + repeat.max_items - 1)
    index = draw(st.one_of(sampled(tuple(indices)), anywhere) if indices else anywhere)
    missing = [i for i in range(low, index + 1) if i not in indices]
    key, *others = [f.name for f in repeat.fields]
    taken = {params.get(f"{group}.{i}.{key}", "") for i in indices}
    pool = filler_keys(spec, shape_of, draw, len(missing) + len(taken), group)
    fresh = [k for k in pool if k not in taken][: len(missing)]
    if len(fresh) < len(missing):  # a value list with fewer values than the list has items
        fresh = pool[: len(missing)]
    for at, stem in zip(missing, fresh, strict=True):
        params[f"{group}.{at}.{key}"] = stem
        for other in others:
            filler = filler_field(spec, shape_of, draw, f"{group}.{other}")
            if filler is not None and at != index:
                params[f"{group}.{at}.{other}"] = filler
    params[f"{group}.{index}.{field}"] = value
