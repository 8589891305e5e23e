"""The spec's example cases (spec/examples/*.yaml), each on its side of a rule boundary, sent
over every transport the profile declares (V1/V3, GET/POST, query/form, each wire encoding).

These are built straight from the spec and replayed at the target's own speed; Hypothesis is
kept for exploration (test_rules, test_valid)."""

from __future__ import annotations

import random

import pytest

from ecs_conformance.spec import load_examples, load_spec
from ecs_conformance.spec.examples import ExampleCase, apply
from ecs_conformance.strategies import needs_roles
from ecs_conformance.suites.findings import Checked
from ecs_conformance.suites.property import check_all
from ecs_conformance.suites.scenarios import accept, reject, require, stamped
from ecs_conformance.suites.session import Session

SPEC = load_spec()
CASES = load_examples(SPEC)
RULES = {rule.id: rule for rule in SPEC.rules}


def _needs(case: ExampleCase) -> tuple[str, ...]:
    """The roles the case's placeholders read, and what a violation of its rule needs (a case
    of DryRun.boolean needs supports.dry_run as the rule's generated violations do)."""
    rule = RULES.get(case.requirement)
    return (*case.roles, *(needs_roles(SPEC, rule) if rule else ()))


@pytest.mark.parametrize("index", range(len(CASES)), ids=[c.description for c in CASES])
def test_example_case(ecs: Session, index: int) -> None:
    case = CASES[index]
    require(ecs, _needs(case), case.requirement)
    result = Checked()
    for transport in ecs.transports():
        params = apply(ecs.base_request(), case, ecs.profile.role, random.Random(ecs.token()))
        assert params is not None
        if case.expect == "accept":
            checked, _ = accept(ecs, stamped(ecs, params), transport, case.requirement)
        else:
            rule = SPEC.rule(case.requirement)
            assert rule.reject is not None
            checked, _ = reject(ecs, params, transport, rule.reject, rule.id)
        result += checked
    check_all(ecs, result, case.requirement)
