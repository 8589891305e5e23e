"""Edits of a request's parameters that keep it consistent: putting a value in place (a plain
parameter or one field of a repeat-list tag), keeping ``requires`` rules satisfied, rebuilding the
tag list, and boolean spellings."""

from __future__ import annotations

import string
from collections.abc import Callable

from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from spec.model import Parameter, Spec
from spec.predicates import parse_bool, tags
from strategies.shapes import ValueShape
from strategies.text import Draw, valid_text

BOOLEAN_SPELLINGS = ("true", "false", "True", "False")
NOT_BOOLEANS = ("yes", "no", "1", "0", "on", "off", "t", "f", "Y", "N", "maybe", "2")
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


def repeat_parameter(spec: Spec, name: str) -> Parameter:
    """The repeat-list parameter behind ``Tag``, ``Tag.Key`` or ``Tag.Value``."""
    return spec.parameter(name.split(".")[0])


def tag_indices(params: dict[str, str]) -> list[int]:
    return sorted(tags(params))


def _tag_prefix(spec: Spec) -> str:
    return next(p.name for p in spec.parameters if p.repeat is not None)


def replace_tags(spec: Spec, shape_of: Callable[[str], ValueShape], draw: Draw,
                 params: dict[str, str], indices: list[int]) -> None:
    """Drop every tag and add one valid tag (distinct short key, value maybe) per index."""
    group = _tag_prefix(spec)
    for name in [n for n in params if n.startswith(group + ".")]:
        del params[name]
    key_shape = shape_of(f"{group}.Key")
    keys = draw(st.lists(valid_text(key_shape, hi=min(key_shape.cap, BULK_TAG_KEY_MAX)),
                         min_size=len(indices), max_size=len(indices), unique=True))
    for index, key in zip(indices, keys, strict=True):
        params[f"{group}.{index}.Key"] = key
        value = draw(st.one_of(st.none(), st.just(""), st.text(string.ascii_letters, max_size=8)))
        if value is not None:
            params[f"{group}.{index}.Value"] = value


def place(spec: Spec, shape_of: Callable[[str], ValueShape], draw: Draw,
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
            params[c.other] = draw(st.sampled_from(spellings(parse_bool(c.equals or ""))))
        if c.other == parameter and parse_bool(value) != parse_bool(c.equals or ""):
            params.pop(c.when_present or "", None)


def _place_field(spec: Spec, shape_of: Callable[[str], ValueShape], draw: Draw,
                 params: dict[str, str], parameter: str, value: str) -> None:
    group, field = parameter.split(".")
    repeat = repeat_parameter(spec, parameter).repeat
    assert repeat is not None, f"{parameter} is not a field of a repeat list"
    indices = tag_indices(params)
    choices = list(indices)
    if len(indices) < repeat.max_items:
        choices.append(max(indices, default=repeat.min_index - 1) + 1)
    index = draw(st.sampled_from(choices))
    if index not in indices and field != "Key":
        key_shape = shape_of(f"{group}.Key")
        params[f"{group}.{index}.Key"] = draw(valid_text(key_shape, hi=BULK_TAG_KEY_MAX))
    params[f"{group}.{index}.{field}"] = value
