"""The spec's example cases (spec/examples/*.yaml), each on its side of a rule boundary."""

from __future__ import annotations

import random

import pytest

from spec import load_examples, load_spec
from spec.examples import apply
from suites.property import check_all
from suites.scenarios import accept, reject
from suites.session import Session

SPEC = load_spec()
CASES = load_examples(SPEC)


@pytest.mark.parametrize("index", range(len(CASES)), ids=[c.description for c in CASES])
def test_example_case(ecs: Session, index: int) -> None:
    case = CASES[index]
    params = apply(ecs.base_request(), case, ecs.profile.role, random.Random(ecs.token()))
    if params is None:
        reason = f"the profile lacks {', '.join(case.roles)}"
        ecs.results.skip(case.requirement, reason)
        pytest.skip(reason)
    transports = ecs.transports()
    transport = transports[index % len(transports)]
    if case.expect == "accept":
        result, _ = accept(ecs, params, transport, case.requirement)
    else:
        rule = SPEC.rule(case.requirement)
        assert rule.reject is not None
        result, _ = reject(ecs, params, transport, rule.reject, rule.id)
    check_all(ecs, result, case.requirement)
