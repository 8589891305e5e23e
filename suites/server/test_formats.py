"""Response formats: V1 answers XML by default and as Format asks; V3 answers JSON."""

from __future__ import annotations

import pytest

from ecs_conformance.suites import checks
from ecs_conformance.suites.property import check_all
from ecs_conformance.suites.scenarios import accept, require_scheme
from ecs_conformance.suites.session import Session
from ecs_conformance.suites.signer import Transport

V1_FORMATS = [(None, "format.v1-default-xml"), ("JSON", "format.v1-format-json"),
              ("json", "format.v1-format-json"), ("XML", "format.v1-format-xml"),
              ("xml", "format.v1-format-xml")]


@pytest.mark.parametrize(("fmt", "requirement"), V1_FORMATS)
def test_v1_success_format(ecs: Session, fmt: str | None, requirement: str) -> None:
    require_scheme(ecs, "v1", requirement)
    result, _ = accept(ecs, ecs.base_request(), Transport("v1", "POST", "query", fmt),
                       "response.success-schema")
    check_all(ecs, result, requirement)


@pytest.mark.parametrize(("fmt", "requirement"), V1_FORMATS)
def test_v1_error_format(ecs: Session, fmt: str | None, requirement: str) -> None:
    require_scheme(ecs, "v1", requirement)
    rule = ecs.spec.rule("DestinationImageName.length")
    assert rule.reject is not None
    exchange = ecs.call({**ecs.base_request(), rule.parameter: "a"},
                        Transport("v1", "GET", "query", fmt))
    check_all(ecs, checks.rejection(ecs.spec, exchange, rule.reject, requirement=rule.id,
                                    scheme="v1", fmt=fmt), requirement)


@pytest.mark.parametrize("method", ["POST", "GET"])
def test_v3_answers_json(ecs: Session, method: str) -> None:
    require_scheme(ecs, "v3", "format.v3-json")
    result, _ = accept(ecs, ecs.base_request(), Transport("v3", method, "query", None),
                       "response.success-schema")
    rule = ecs.spec.rule("DestinationImageName.first-char")
    assert rule.reject is not None
    exchange = ecs.call({**ecs.base_request(), rule.parameter: "9lives"},
                        Transport("v3", method, "query", None))
    result += checks.rejection(ecs.spec, exchange, rule.reject, requirement=rule.id,
                               scheme="v3", fmt=None)
    check_all(ecs, result, "format.v3-json")
