"""Which findings end a property's exploration: every MUST finding, except those a property
records only (the shape of answers, in the rule properties)."""

from __future__ import annotations

import pytest
from hypothesis import strategies as hs

from ecs_conformance.suites.findings import Checked, Finding
from ecs_conformance.suites.property import answer_shape, run_property
from ecs_conformance.suites.runner import RunOptions, build_session

RULE = "DestinationImageName.length"
Failed = pytest.fail.Exception


def _session():
    return build_session(RunOptions(budget="quick"))


def _body(requirement: str, seen: list[int]):
    def body(example: int) -> Checked:
        seen.append(example)
        return Checked([Finding(requirement, "broken", "x", "y")], {requirement})
    return body


def test_a_must_finding_fails_the_property_and_is_recorded() -> None:
    session, seen = _session(), []
    with pytest.raises(Failed, match="MUST requirement broken"):
        run_property(session, hs.integers(0, 1000), _body(RULE, seen), requirements=(RULE,))
    assert session.results.status(RULE) == "failed"


def test_an_answer_shape_finding_is_recorded_and_exploration_goes_on() -> None:
    session, seen = _session(), []
    shape = answer_shape(session)
    assert "format.v1-format-json" in shape and "response.error-schema" in shape
    assert RULE not in shape and "signature.v1-accepted" not in shape
    run_property(session, hs.integers(0, 1000), _body("format.v1-format-json", seen),
                 requirements=(RULE,), record_only=shape)
    assert len(seen) == session.max_examples  # every example ran: nothing ended the search
    assert session.results.status("format.v1-format-json") == "failed"
    assert session.results.status(RULE) == "passed"


def test_without_record_only_the_same_finding_ends_the_search() -> None:
    session, seen = _session(), []
    with pytest.raises(Failed):
        run_property(session, hs.integers(0, 1000), _body("format.v1-format-json", seen),
                     requirements=(RULE,))
    assert session.results.status("format.v1-format-json") == "failed"
