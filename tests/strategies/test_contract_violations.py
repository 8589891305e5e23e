"""The violation strategies for any operation: every rule of every companion contract, of any
kind, is broken on the contract's baseline by its kind's breaker, and exactly that rule (plus
its declared also_breaks) is broken."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as hs

from ecs_conformance.spec import load_profile, load_spec
from ecs_conformance.spec.kinds import KINDS as SPEC_KINDS
from ecs_conformance.spec.model import Contract, Rule
from ecs_conformance.strategies import LabelledRequest, contract_violation
from ecs_conformance.strategies.book import ContractBook, book_of
from ecs_conformance.suites.contract_checks import contract_recheck
from ecs_conformance.suites.labels import LabelError

SPEC, PROFILE = load_spec(), load_profile()
FAST = settings(derandomize=True, database=None, deadline=None, max_examples=25,
                suppress_health_check=list(HealthCheck))
PLACEHOLDER = re.compile(r"\$\{([a-z_]+\.[a-z_]+)\}")
RULES = [(c, r) for c in SPEC.companions for r in c.rules if r.reject is not None]


def _baseline(contract: Contract) -> dict[str, str]:
    return {name: PLACEHOLDER.sub(lambda m: PROFILE.role(m.group(1)) or "", value)
            for name, value in contract.baseline}


def test_the_companions_hold_rules_of_kinds_beyond_the_old_fixed_examples() -> None:
    """Not vacuous: the companions' rules span request, value-list and range kinds."""
    kinds = {r.check.kind for _, r in RULES}
    assert {"integer_range", "one_of", "max_items", "index_range"} <= kinds, kinds


@pytest.mark.parametrize(("contract", "rule"), RULES, ids=[r.id for _, r in RULES])
def test_each_companion_rule_is_broken_alone(contract: Contract, rule: Rule) -> None:
    base = _baseline(contract)
    contract_recheck(contract, PROFILE, LabelledRequest(base, ()))  # the baseline breaks none

    @FAST
    @given(contract_violation(SPEC, PROFILE, contract, rule, base))
    def check(labelled: LabelledRequest) -> None:
        (main,) = labelled.violations
        assert main.requirement == rule.id and main.rejection == rule.reject
        contract_recheck(contract, PROFILE, labelled)

    check()


def test_a_mislabelled_request_is_refused_by_the_recheck() -> None:
    contract = SPEC.contract("DescribeImages")
    rule = contract.rule("DescribeImages.PageSize.range")
    labelled = next(iter(_examples(contract_violation(SPEC, PROFILE, contract, rule,
                                                      _baseline(contract)))))
    with pytest.raises(LabelError, match=r"PageSize\.range"):
        contract_recheck(contract, PROFILE, LabelledRequest(labelled.params, ()))


def _examples(strategy: hs.SearchStrategy[LabelledRequest]) -> list[LabelledRequest]:
    out: list[LabelledRequest] = []

    @FAST
    @given(strategy)
    def collect(labelled: LabelledRequest) -> None:
        out.append(labelled)

    collect()
    return out


@pytest.mark.parametrize("rule_id", ["DescribeImages.PageSize.range",
                                     "DescribeImages.OSType.values"])
def test_breaks_reach_both_sides_and_no_case_variant(rule_id: str) -> None:
    """A range is left on both sides; a value list never by a documented value in another
    case (whether a target compares case is not what the rule says)."""
    contract = SPEC.contract("DescribeImages")
    rule = contract.rule(rule_id)
    values = [ex.params[rule.parameter] for ex in
              _examples(contract_violation(SPEC, PROFILE, contract, rule, _baseline(contract)))]
    assert values
    if rule.check.kind == "integer_range":
        assert any(int(v) < (rule.check.min or 0) for v in values)
        assert any(int(v) > (rule.check.max or 0) for v in values)
    else:
        documented = {v.lower() for v in rule.check.values}
        assert not {v.lower() for v in values} & documented


def test_the_primary_operation_is_its_own_book() -> None:
    primary = SPEC.contracts()[0]
    assert book_of(SPEC, primary) is SPEC
    companion = book_of(SPEC, SPEC.contract("DescribeImages"))
    assert isinstance(companion, ContractBook) and companion.grey_chars("ImageId") == ()


@pytest.mark.parametrize("kind", ["integer_range", "one_of"])
def test_the_new_kinds_judge_only_a_given_value(kind: str) -> None:
    contract = SPEC.contract("DescribeImages")
    rule = next(r for r in contract.rules if r.check.kind == kind)
    evaluate = SPEC_KINDS[kind].evaluate
    table = contract.char_classes
    assert evaluate(rule, {}, table, None)  # absent: nothing to judge
    assert evaluate(rule, {rule.parameter: ""}, table, None)  # empty: the spelling of absent
    assert not evaluate(rule, {rule.parameter: "12x"}, table, None)
    if kind == "integer_range":
        assert evaluate(rule, {rule.parameter: str(rule.check.min)}, table, None)
        for bad in ("1e2", "--5", "\u0665", " 5"):
            assert not evaluate(rule, {rule.parameter: bad}, table, None), bad
    else:
        assert evaluate(rule, {rule.parameter: rule.check.values[0]}, table, None)
        assert not evaluate(rule, {rule.parameter: rule.check.values[0].upper()}, table, None)
