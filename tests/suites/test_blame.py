"""Blame the right rule (issue 11, point 7): the documented refusal of another parameter whose
value is valid is that parameter's failure, not the failure of the rule under test."""

from __future__ import annotations

from ecs_conformance.spec import load_spec
from ecs_conformance.suites.blame import other_rule
from tests.suites.conftest import failed_ids

SPEC = load_spec()
BASE = {"ImageId": "m-1", "RegionId": "cn-hangzhou", "DestinationRegionId": "cn-shanghai"}


def test_a_description_refusal_is_blamed_on_the_description() -> None:
    params = {**BASE, "DestinationImageName": "a", "DestinationDescription": "d" * 256}
    got = other_rule(SPEC, params, 400, "InvalidDescription.Malformed",
                     exclude={"DestinationImageName"})
    assert got == "DestinationDescription.length"


def test_an_invalid_value_is_not_blamed() -> None:
    params = {**BASE, "DestinationDescription": "http://x"}  # breaks its own prefix rule
    assert other_rule(SPEC, params, 400, "InvalidDescription.Malformed", exclude=()) is None


def test_the_parameter_under_test_is_not_blamed() -> None:
    params = {**BASE, "DestinationDescription": "d" * 256}
    got = other_rule(SPEC, params, 400, "InvalidDescription.Malformed",
                     exclude={"DestinationDescription"})
    assert got is None


def test_the_closest_rule_of_a_shared_row_is_blamed() -> None:
    """Every name rule answers InvalidImageName.Malformed: a CJK first character points at
    first-char, a name of 128 characters at length."""
    cjk = other_rule(SPEC, {**BASE, "DestinationImageName": "测试abc"}, 400,
                     "InvalidImageName.Malformed", exclude=())
    long = other_rule(SPEC, {**BASE, "DestinationImageName": "a" * 128}, 400,
                      "InvalidImageName.Malformed", exclude=())
    assert (cjk, long) == ("DestinationImageName.first-char", "DestinationImageName.length")


def test_another_status_or_code_is_not_a_documented_refusal() -> None:
    params = {**BASE, "DestinationDescription": "d" * 256}
    assert other_rule(SPEC, params, 403, "InvalidDescription.Malformed", exclude=()) is None
    assert other_rule(SPEC, params, 400, "InvalidParameter", exclude=()) is None


def test_an_over_strict_description_fails_only_the_description_rule(suite) -> None:
    """description-max-255 refuses 256-character descriptions with the documented row: before
    the fix every rule whose valid base held such a description failed with it (RegionId.exists,
    ImageId.exists, …, response.success-schema)."""
    code, report = suite("run", "--fault", "description-max-255", "--seed", "0")
    assert report is not None and code == 1
    assert failed_ids(report) == {"DestinationDescription.length"}
