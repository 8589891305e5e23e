"""Coverage: every violable rule is reached, both sides of every length boundary appear, names
start with CJK and with letters, every allowed character class and every boolean spelling
appears. Deterministic: derandomized searches with no example database."""

from __future__ import annotations

from collections.abc import Callable
from random import Random
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, find, given, settings
from hypothesis.errors import NoSuchExample
from hypothesis.strategies import SearchStrategy

from ecs_conformance.spec import load_profile, load_spec
from ecs_conformance.spec.params import repeat_items
from ecs_conformance.spec.predicates import values_of
from ecs_conformance.strategies import (
    LabelledRequest,
    valid_request,
    valid_value,
    violable_rules,
    violation,
    violations,
)
from ecs_conformance.strategies.kinds import shape_of

SPEC, PROFILE = load_spec(), load_profile()


def tags(params: dict[str, str]) -> dict[int, dict[str, str]]:
    return repeat_items(params, "Tag")


SEARCH = settings(derandomize=True, database=None, deadline=None, max_examples=400,
                  phases=[Phase.generate], suppress_health_check=list(HealthCheck))
NAME = "DestinationImageName"
LENGTH_RULES = [r for r in SPEC.rules if r.check.kind == "length"]
VALUE_PARAMS = [NAME, "DestinationDescription", "Tag.Key", "Tag.Value", "ClientToken"]
CJK = SPEC.char_classes["cjk"]


def first(strategy: SearchStrategy[Any], predicate: Callable[[Any], bool]) -> Any:
    """The first generated example satisfying ``predicate`` (no shrinking)."""
    return find(strategy, predicate, settings=SEARCH)


def test_every_violable_rule_is_reached_by_violations() -> None:
    """One fixed-seed run collects labels; a rule it happens to miss is searched for with a
    seed of its own (Hypothesis favours some one_of branches within a run)."""
    seen: set[str] = set()

    @settings(SEARCH, max_examples=300)
    @given(violations(SPEC, PROFILE))
    def collect(request: LabelledRequest) -> None:
        seen.update(v.requirement for v in request.violations)

    collect()
    for index, rule in enumerate(violable_rules(SPEC)):
        for attempt in range(3):  # a one_of branch is reached unevenly within one search
            if rule.id in seen:
                break
            try:
                found = find(violations(SPEC, PROFILE),
                             lambda r, i=rule.id: r.violations[0].requirement == i,
                             settings=settings(SEARCH, derandomize=False),
                             random=Random(index + 1000 * attempt))
            except NoSuchExample:
                continue
            seen.add(found.violations[0].requirement)
    assert seen == {r.id for r in violable_rules(SPEC)}


@pytest.mark.parametrize("parameter", VALUE_PARAMS)
def test_valid_values_reach_both_length_bounds(parameter: str) -> None:
    shape = shape_of(SPEC, parameter)
    for size in (shape.min_len, shape.cap):
        assert len(first(valid_value(SPEC, parameter), lambda v, n=size: len(v) == n)) == size


@pytest.mark.parametrize("rule", LENGTH_RULES, ids=lambda r: r.id)
def test_length_violations_reach_both_sides(rule) -> None:
    sizes = [rule.check.max + 1] + ([rule.check.min - 1] if rule.check.min >= 2 else [])
    for size in sizes:
        found = first(violation(SPEC, PROFILE, rule),
                      lambda r, n=size: any(len(v) == n for v in values_of(rule, r.params)))
        assert found.violations[0].note == f"{size} characters"


def test_names_start_with_cjk_and_with_ascii_letters() -> None:
    assert CJK.contains(first(valid_value(SPEC, NAME), lambda v: CJK.contains(v[0]))[0])
    assert first(valid_value(SPEC, NAME), lambda v: v[0].isascii())[0].isalpha()
    found = first(valid_request(SPEC, PROFILE),
                  lambda r: CJK.contains(r.params.get(NAME, "A")[0]))
    assert found.violations == ()


@pytest.mark.parametrize("parameter", VALUE_PARAMS)
def test_every_allowed_character_class_appears(parameter: str) -> None:
    for group in shape_of(SPEC, parameter).alphabet:
        first(valid_value(SPEC, parameter), lambda v, g=group: any(g.contains(c) for c in v))


@pytest.mark.parametrize("char", list(".:_-0"))
def test_every_permitted_name_character_appears(char: str) -> None:
    first(valid_value(SPEC, NAME), lambda v: char in v[1:])


def test_core_cjk_appears_in_names() -> None:
    first(valid_value(SPEC, NAME), lambda v: any(0x4E00 <= ord(c) <= 0x9FA5 for c in v))


@pytest.mark.parametrize("parameter", [NAME, "DestinationDescription", "Tag.Value"])
def test_grey_characters_never_appear(parameter: str) -> None:
    """Characters on which the readings of the source disagree (reading.cjk-range,
    reading.length-units, reading.description-charset) are never drawn for a valid value."""
    grey = SPEC.grey_chars(parameter)
    assert grey
    with pytest.raises(NoSuchExample):
        find(valid_value(SPEC, parameter),
             lambda v: any(lo <= ord(c) <= hi for c in v for lo, hi in grey),
             settings=settings(max_examples=300, database=None, phases=[Phase.generate],
                               suppress_health_check=list(HealthCheck)))


@pytest.mark.parametrize("parameter", ["Encrypted", "DryRun"])
def test_every_unanimous_boolean_spelling_appears(parameter: str) -> None:
    for spelling in ("true", "false"):
        first(valid_value(SPEC, parameter), lambda v, s=spelling: v == s)


def test_boolean_spellings_avoid_the_grey_ones() -> None:
    from ecs_conformance.strategies.tagging import BOOLEAN_SPELLINGS, NOT_BOOLEANS

    assert not SPEC.grey_spellings() & {*BOOLEAN_SPELLINGS, *NOT_BOOLEANS}


@pytest.mark.parametrize(("what", "predicate"), [
    ("no tags", lambda p: not tags(p)),
    ("twenty tags", lambda p: len(tags(p)) == 20),
    ("an empty tag value", lambda p: any(t.get("Value") == "" for t in tags(p).values())),
    ("a KMS key with encryption", lambda p: "KMSKeyId" in p),
    ("Encrypted=true", lambda p: p.get("Encrypted") == "true"),
    ("no name", lambda p: NAME not in p),
    ("a 2-character name", lambda p: len(p.get(NAME, "")) == 2),
    ("a 128-character name", lambda p: len(p.get(NAME, "")) == 128),
    ("a description holding http:// after its start",
     lambda p: "http://" in p.get("DestinationDescription", "")[1:]),
    ("a tag value holding aliyun after its start (at the start it is grey)",
     lambda p: any("aliyun" in t.get("Value", "")[1:] for t in tags(p).values())),
])
def test_valid_requests_cover(what: str, predicate: Callable[[dict[str, str]], bool]) -> None:
    found = first(valid_request(SPEC, PROFILE), lambda r: predicate(r.params))
    assert found.violations == (), what


@pytest.mark.parametrize("index", [0, 21])
def test_tag_index_violations_reach_both_sides(index: int) -> None:
    found = first(violation(SPEC, PROFILE, SPEC.rule("Tag.index")),
                  lambda r: index in tags(r.params))
    assert found.violations[0].note == f"index {index}"


def test_tag_index_violations_reach_negative_indices() -> None:
    first(violation(SPEC, PROFILE, SPEC.rule("Tag.index")), lambda r: min(tags(r.params)) < 0)


def test_tag_count_violations_reach_one_past_the_maximum() -> None:
    found = first(violation(SPEC, PROFILE, SPEC.rule("Tag.count")),
                  lambda r: len(tags(r.params)) == 21)
    assert found.violations[0].also_breaks == ("Tag.index",)
