"""Reading wire-level parameters the way every rule kind does: booleans, the items of a repeat
list (``<Group>.N.<Field>``), the values a value-level rule applies to, and the state look-ups
need. Operation-agnostic: every parameter name comes from the rule or the caller."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from typing import Protocol

from ecs_conformance.spec.model import Rule

BOOLEANS = {"true": True, "false": False}


class Lookup(Protocol):
    """What look-up rules ask of a target's state."""

    def region_exists(self, region_id: str) -> bool: ...
    def image_exists(self, image_id: str, region_id: str) -> bool: ...
    def kms_key_exists(self, key_id: str) -> bool: ...


def parse_bool(value: str) -> bool | None:
    """``true``/``false`` in any case (the Python SDKs send ``True``); else None."""
    return BOOLEANS.get(value.lower())


@cache
def item_pattern(group: str) -> re.Pattern[str]:
    """``<group>.N.<Field>`` (N as sent, possibly negative; Field a word)."""
    return re.compile(rf"^{re.escape(group)}\.(-?\d+)\.([A-Za-z]+)$")


def repeat_items(params: Mapping[str, str], group: str) -> dict[int, dict[str, str]]:
    """The fields of repeat list ``group`` grouped by index N (as sent, not renumbered)."""
    out: dict[int, dict[str, str]] = {}
    pattern = item_pattern(group)
    for name, value in params.items():
        match = pattern.match(name)
        if match:
            out.setdefault(int(match.group(1)), {})[match.group(2)] = value
    return out


def values_of(rule: Rule, params: Mapping[str, str]) -> list[str]:
    """The values a value-level rule applies to. A rule on a repeat-list field
    (``<Group>.<Field>``, the only dotted parameter form the meta-schema allows) applies to that
    field of every item that has it."""
    group, dot, field = rule.parameter.partition(".")
    if dot:
        return [item[field] for item in repeat_items(params, group).values() if field in item]
    return [params[rule.parameter]] if rule.parameter in params else []
