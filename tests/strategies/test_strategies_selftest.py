"""The self-test: judged by spec.predicates, each labelled request breaks exactly the rules its
label declares, and a valid request breaks none."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies_oracle import broken_rules

from ecs_conformance.spec import load_profile, load_spec
from ecs_conformance.strategies import (
    LabelledRequest,
    compatible,
    multi_violation,
    valid_request,
    violable_rules,
    violation,
)

SPEC, PROFILE = load_spec(), load_profile()


def deterministic(examples: int) -> settings:
    return settings(derandomize=True, database=None, deadline=None, max_examples=examples,
                    suppress_health_check=[HealthCheck.too_slow])


# Every also_breaks case, and why it is unavoidable (see strategies/breakers.py).
ALSO_BREAKS = {
    # "http://" holds '/', which DestinationImageName's charset does not allow
    "DestinationImageName.no-url": {"DestinationImageName.charset"},
    # 21 tags need 21 distinct indices, more than 1..20 offers
    "Tag.count": {"Tag.index"},
    # a key longer than 64 characters names no existing KMS key
    "KMSKeyId.length": {"KMSKeyId.exists"},
}
LOOKUP_ROWS = {"RegionId.exists": "SourceRegion.NotFound",
               "DestinationRegionId.exists": "DestinationRegion.NotFound",
               "ImageId.exists": "InvalidImageId.NotFound",
               "KMSKeyId.exists": "InvalidParameter.KMSKeyId.NotFound"}


def assert_exactly_labelled(request: LabelledRequest) -> None:
    assert broken_rules(SPEC, PROFILE, request.params) == set(request.broken), request


@deterministic(150)
@given(valid_request(SPEC, PROFILE))
def test_valid_request_breaks_no_rule(request: LabelledRequest) -> None:
    assert request.violations == ()
    assert broken_rules(SPEC, PROFILE, request.params) == set()


@pytest.mark.parametrize("rule", violable_rules(SPEC), ids=lambda r: r.id)
def test_violation_breaks_exactly_its_rule(rule) -> None:
    @deterministic(40)
    @given(violation(SPEC, PROFILE, rule))
    def check(request: LabelledRequest) -> None:
        (found,) = request.violations
        assert (found.requirement, found.parameter, found.level) == (
            rule.id, rule.parameter, rule.level)
        assert found.rejection == rule.reject
        assert set(found.also_breaks) == ALSO_BREAKS.get(rule.id, set())
        assert_exactly_labelled(request)

    check()


@pytest.mark.parametrize("rule_id", sorted(ALSO_BREAKS))
def test_also_breaks_rejections_are_compatible(rule_id: str) -> None:
    primary = SPEC.rule(rule_id).reject
    assert primary is not None
    for other in ALSO_BREAKS[rule_id]:
        other_reject = SPEC.rule(other).reject
        assert other_reject is not None and compatible(primary, other_reject)


def test_compatibility_refuses_different_documented_rows() -> None:
    e07, e19 = SPEC.rule("RegionId.exists").reject, SPEC.rule("DestinationRegionId.differs").reject
    four = SPEC.rule("Tag.index").reject
    assert e07 and e19 and four
    assert not compatible(e07, e19)
    assert not compatible(e07, four)  # a documented row is stricter than "any 4xx"
    assert not compatible(four,
                          e07)  # SourceRegion.NotFound's code is not among Tag.index's codes seen


@pytest.mark.parametrize("rule_id", sorted(LOOKUP_ROWS))
def test_lookup_violations_carry_their_rows(rule_id: str) -> None:
    reject = SPEC.rule(rule_id).reject
    assert reject is not None
    assert [row.id for row in reject.rows][:1] == [LOOKUP_ROWS[rule_id]]


@deterministic(120)
@given(multi_violation(SPEC, PROFILE))
def test_multi_violation_breaks_exactly_its_rules(request: LabelledRequest) -> None:
    assert 2 <= len(request.violations) <= 3
    groups = [v.parameter.split(".")[0] for v in request.violations]
    assert len(set(groups)) == len(groups)
    assert_exactly_labelled(request)


@deterministic(30)
@given(st.data())
def test_violation_params_are_wire_strings(data: st.DataObject) -> None:
    rule = data.draw(st.sampled_from(violable_rules(SPEC)))
    request = data.draw(violation(SPEC, PROFILE, rule))
    assert all(isinstance(k, str) and isinstance(v, str) for k, v in request.params.items())
    assert "Action" not in request.params
