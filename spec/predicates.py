"""The meaning of each rule ``check.kind``, on wire-level parameters.

One table maps every kind to its evaluator, and an import-time assertion keeps the table and the
meta-schema's enum in step (a new kind fails loudly). Look-up kinds (``known_*``) need the
target's state, so they take a ``Lookup``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Protocol

from ecs_conformance.spec.model import CharClass, Check, Rule
from ecs_conformance.spec.yamlio import load_schema

TAG_PARAM = re.compile(r"^Tag\.(-?\d+)\.(Key|Value)$")
BOOLEANS = {"true": True, "false": False}


class Lookup(Protocol):
    """What look-up rules ask of a target's state."""

    def region_exists(self, region_id: str) -> bool: ...
    def image_exists(self, image_id: str, region_id: str) -> bool: ...
    def kms_key_exists(self, key_id: str) -> bool: ...


def parse_bool(value: str) -> bool | None:
    """``true``/``false`` in any case (the Python SDKs send ``True``); else None."""
    return BOOLEANS.get(value.lower())


def tags(params: Mapping[str, str]) -> dict[int, dict[str, str]]:
    """``Tag.N.Key`` / ``Tag.N.Value`` grouped by N (as sent, not renumbered)."""
    out: dict[int, dict[str, str]] = {}
    for name, value in params.items():
        match = TAG_PARAM.match(name)
        if match:
            out.setdefault(int(match.group(1)), {})[match.group(2)] = value
    return out


def in_classes(char: str, classes: tuple[str, ...], table: Mapping[str, CharClass]) -> bool:
    return any(table[name].contains(char) for name in classes)


# --- value-level kinds: (check, value, char classes) -> holds? --------------------------------
ValueEval = Callable[[Check, str, Mapping[str, CharClass]], bool]


def _length(c: Check, v: str, t: Mapping[str, CharClass]) -> bool:
    return (c.min or 0) <= len(v) <= (c.max if c.max is not None else len(v))


def _first_char(c: Check, v: str, t: Mapping[str, CharClass]) -> bool:
    return v == "" or in_classes(v[0], c.classes, t)


def _charset(c: Check, v: str, t: Mapping[str, CharClass]) -> bool:
    return all(ch in c.chars or in_classes(ch, c.classes, t) for ch in v)


VALUE_KINDS: dict[str, ValueEval] = {
    "length": _length,
    "first_char": _first_char,
    "charset": _charset,
    "forbidden_prefix": lambda c, v, t: not any(v.startswith(p) for p in c.prefixes),
    "forbidden_substring": lambda c, v, t: not any(s in v for s in c.substrings),
    "non_empty": lambda c, v, t: v != "",
    "boolean": lambda c, v, t: parse_bool(v) is not None,
    "ascii": lambda c, v, t: v.isascii(),
}
REQUEST_KINDS = frozenset(
    {"required", "optional", "max_items", "index_range", "requires", "differs_from"}
)
LOOKUP_KINDS = frozenset({"known_region", "known_image", "known_kms_key"})

_ENUM = load_schema("spec.schema.json")["$defs"]["operation"]["properties"]["rules"]["items"][
    "properties"]["check"]["properties"]["kind"]["enum"]
assert set(VALUE_KINDS) | REQUEST_KINDS | LOOKUP_KINDS == set(_ENUM), "check kinds out of step"


def values_of(rule: Rule, params: Mapping[str, str]) -> list[str]:
    """The values a value-level rule applies to (tag fields: one per tag that has the field)."""
    if rule.parameter in ("Tag.Key", "Tag.Value"):
        field = rule.parameter.split(".")[1]
        return [t[field] for t in tags(params).values() if field in t]
    return [params[rule.parameter]] if rule.parameter in params else []


def holds(
    rule: Rule,
    params: Mapping[str, str],
    table: Mapping[str, CharClass],
    lookup: Lookup | None = None,
) -> bool:
    """Does ``params`` satisfy ``rule``? Look-up rules without a ``lookup`` hold vacuously."""
    c = rule.check
    if c.kind in VALUE_KINDS:
        return all(VALUE_KINDS[c.kind](c, v, table) for v in values_of(rule, params))
    if c.kind == "required":
        return params.get(rule.parameter, "") != ""
    if c.kind == "optional":
        return True
    if c.kind == "max_items":
        return len(tags(params)) <= (c.max or 0)
    if c.kind == "index_range":
        return all((c.min or 0) <= n <= (c.max or 0) for n in tags(params))
    if c.kind == "requires":
        if params.get(c.when_present or "", "") == "":
            return True
        other = params.get(c.other or "")
        return other is not None and parse_bool(other) == parse_bool(c.equals or "")
    if c.kind == "differs_from":
        mine, theirs = params.get(rule.parameter), params.get(c.other or "")
        return mine is None or mine != theirs
    value = params.get(rule.parameter)
    if lookup is None or not value:  # absent or empty: the required rule speaks for it
        return True
    if c.kind == "known_region":
        return lookup.region_exists(value)
    if c.kind == "known_image":
        return lookup.image_exists(value, params.get("RegionId", ""))
    return lookup.kms_key_exists(value)
