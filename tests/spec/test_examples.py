"""Example cases are data: unique, stated as facts, naming real requirements, both sides covered."""

from __future__ import annotations

import random
import re
from collections import Counter
from pathlib import Path

import pytest

from ecs_conformance.spec import InputFileError, load_examples, load_profile, load_spec
from ecs_conformance.spec.examples import apply
from ecs_conformance.spec.predicates import holds

SPEC = load_spec()
CASES = load_examples(SPEC)
PROFILE = load_profile()
NOT_FACTS = re.compile(r"\b(should|must|test that|check|verify|ensure)\b", re.I)


def test_descriptions_are_unique() -> None:
    dupes = [d for d, n in Counter(c.description for c in CASES).items() if n > 1]
    assert not dupes


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.description)
def test_description_is_stated_as_a_fact(case) -> None:
    assert not NOT_FACTS.search(case.description)
    assert case.description[0].islower() or case.description[0].isdigit() or \
        case.description.split()[0][0].isupper()
    assert not case.description.endswith(".")


def test_every_case_names_an_existing_requirement() -> None:
    known = {r.id for r in SPEC.requirements()}
    assert {c.requirement for c in CASES} <= known


def test_every_rule_has_cases_on_both_sides() -> None:
    sides: dict[str, set[str]] = {}
    for case in CASES:
        sides.setdefault(case.requirement, set()).add(case.expect)
    for rule in SPEC.rules:
        expected = {"accept"} if rule.check.kind == "optional" else {"accept", "reject"}
        assert sides.get(rule.id, set()) >= expected, rule.id


def test_every_input_error_row_has_a_reject_case() -> None:
    rejected = {c.requirement for c in CASES if c.expect == "reject"}
    for row in SPEC.error_rows:
        if row.error_class == "input":
            assert {r.id for r in SPEC.rules_rejecting_with(row.id)} & rejected, row.id


def _base() -> dict[str, str]:
    return {"ImageId": PROFILE.role("images.available") or "",
            "RegionId": PROFILE.source_region, "DestinationRegionId": PROFILE.destination_region,
            "DestinationImageName": "base-image"}


class _Lookup:
    def region_exists(self, region_id: str) -> bool:
        return region_id in PROFILE.data["regions"]["known"]

    def image_exists(self, image_id: str, region_id: str) -> bool:
        return image_id in PROFILE.data["images"].values()

    def kms_key_exists(self, key_id: str) -> bool:
        return key_id in PROFILE.data["kms_keys"].values()


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.description)
def test_case_is_on_the_side_it_claims(case) -> None:
    """Evaluated with the spec's own predicates, accept cases break nothing and reject cases
    break the rule they name."""
    params = apply(_base(), case, PROFILE.role, random.Random(7))
    assert params is not None
    broken = {r.id for r in SPEC.rules if not holds(r, params, SPEC.char_classes, _Lookup())}
    if case.expect == "accept":
        assert not broken
    else:
        assert case.requirement in broken


def test_malformed_examples_file_is_rejected(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text(
        "kind: examples\ncases:\n  - description: a case\n    requirement: Nope.rule\n"
        "    params: {}\n    expect: maybe\n", encoding="utf-8")
    with pytest.raises(InputFileError) as info:
        load_examples(SPEC, str(tmp_path))
    text = str(info.value)
    assert "bad.yaml" in text and "$.cases[0].expect" in text
