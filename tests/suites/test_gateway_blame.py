"""No requirement passes on an answer that says nothing about it. A gateway refusal says nothing
about the rule it kept the request from: the transport clause is blamed and the rule is
*errored* (not observed), never passed — whether the rule documents its rows or takes any 4xx
(a signature refusal is no refusal of the rule). A signature is shown accepted by an accepted
request, not by a test naming it. Before the fix each of these counted as passed."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path
from types import SimpleNamespace

import pytest

from ecs_conformance.spec import load_spec
from ecs_conformance.spec.profile import DEFAULT_PROFILE
from ecs_conformance.suites import checks
from ecs_conformance.suites.findings import Checked
from ecs_conformance.suites.isolation import isolated_plugins
from ecs_conformance.suites.property import settle
from ecs_conformance.suites.wire import Exchange, WireRequest
from tests.hostile import hostile_server
from tests.suites.catalogue_runs import SUITE_DIR, selective_run

SPEC = load_spec()
BUSINESS = (("ImageId", "m-1"), ("RegionId", "cn-hangzhou"),
            ("DestinationRegionId", "cn-shanghai"), ("DestinationImageName", "a"))
NO_SESSION = SimpleNamespace()  # settle() reads no unanswered requests from it


def _answer(status: int, code: str, message: str) -> Exchange:
    request = WireRequest.of("POST", (("Action", "CopyImage"), *BUSINESS), business=BUSINESS,
                             scheme="v1")
    body = {"RequestId": "0F2C8E1A-1B2C-4D5E-8F90-A1B2C3D4E5F6", "HostId": "ecs.example",
            "Code": code, "Message": message}
    return Exchange(request, status, (("content-type", "application/json;charset=utf-8"),),
                    json.dumps(body).encode())


SIGNATURE = _answer(400, "SignatureDoesNotMatch", "The request signature does not conform.")


def _settled(checked: Checked, requirement: str) -> tuple[set[str], dict[str, str], set[str]]:
    findings, errors, passed = settle(NO_SESSION, checked, (requirement,))  # type: ignore[arg-type]
    return {f.requirement for f in findings}, errors, passed


def test_a_rule_with_rows_refused_by_the_gateway_is_errored_not_passed() -> None:
    rule = SPEC.rule("DestinationImageName.length")
    assert rule.reject is not None
    checked = checks.rejection(SPEC, SIGNATURE, rule.reject, requirement=rule.id, scheme="v1",
                               fmt="JSON")
    failed, errors, passed = _settled(checked, rule.id)
    assert "signature.v1-accepted" in failed
    assert rule.id not in passed and rule.id not in failed
    assert errors[rule.id].startswith("not observed: refused by the gateway before the rule "
                                      "was reached (signature.v1-accepted is at fault)")


def test_a_gateway_code_is_no_any_4xx_refusal_of_a_rule_without_rows() -> None:
    rule = SPEC.rule("Tag.count")
    assert rule.reject is not None and not rule.reject.rows
    checked = checks.rejection(SPEC, SIGNATURE, rule.reject, requirement=rule.id, scheme="v1",
                               fmt="JSON")
    failed, errors, passed = _settled(checked, rule.id)
    assert failed == {"signature.v1-accepted"}
    assert rule.id in errors and rule.id not in passed


def test_a_documented_refusal_still_passes_the_rule() -> None:
    rule = SPEC.rule("DestinationImageName.length")
    assert rule.reject is not None
    row = rule.reject.rows[0]
    checked = checks.rejection(SPEC, _answer(row.status, row.code, row.message), rule.reject,
                               requirement=rule.id, scheme="v1", fmt="JSON")
    failed, errors, passed = _settled(checked, rule.id)
    assert not failed and not errors and {rule.id, row.requirement} <= passed


def test_a_valid_request_refused_by_the_gateway_leaves_its_requirement_unobserved() -> None:
    checked = checks.success(SPEC, SIGNATURE, accept_requirement="response.success-schema",
                             scheme="v1", fmt="JSON")
    failed, errors, passed = _settled(checked, "response.success-schema")
    assert failed == {"signature.v1-accepted"}
    assert "response.success-schema" in errors and "response.success-schema" not in passed


def test_a_finding_beats_not_observed() -> None:
    checked = Checked()
    checked.unobserve("DestinationImageName.length", "not observed: x")
    rule = SPEC.rule("DestinationImageName.length")
    assert rule.reject is not None
    checked += checks.rejection(SPEC, _answer(200, "", ""), rule.reject, requirement=rule.id,
                                scheme="v1", fmt="JSON")
    failed, errors, _ = _settled(checked, rule.id)
    assert rule.id in failed and rule.id not in errors


def test_every_v1_request_refused_leaves_the_rules_errored(tmp_path: Path) -> None:
    """v1-signature-rejected refuses every V1 request with SignatureDoesNotMatch: the rule its
    error-format checks exercise was reported passed before the fix."""
    report = selective_run(tmp_path, "v1-signature-rejected", "seed", ("test_formats",))
    by_id = {r["id"]: r for r in report["requirements"]}
    assert by_id["signature.v1-accepted"]["status"] == "failed"
    rule = by_id["DestinationImageName.length"]
    assert rule["status"] == "errored", rule
    assert "refused by the gateway before the rule was reached" in rule["reason"]
    assert by_id["response.success-schema"]["status"] == "errored"
    assert report["summary"]["verdict"] == "fails"


def test_an_accepted_request_is_what_shows_its_signature_accepted() -> None:
    ok = _answer(200, "", "")
    accepted = checks.success(SPEC, ok, accept_requirement="method.get", scheme="v1", fmt="JSON")
    assert "signature.v1-accepted" in accepted.assessed
    refused = checks.success(SPEC, _answer(500, "InternalError", "x"),
                             accept_requirement="method.get", scheme="v1", fmt="JSON")
    failed, _, passed = _settled(refused, "method.get")
    assert failed == {"method.get"} and "signature.v1-accepted" not in passed


def _statuses_against_html(module: str, tmp_path: Path) -> dict[str, str]:
    """One server test module run against a target answering an HTML page to everything."""
    args = [str(SUITE_DIR / module), "-p", "ecs_conformance.suites.plugin",
            "-p", "no:cacheprovider", f"--confcutdir={SUITE_DIR}", "-o", "addopts=", "-q",
            "-p", "no:randomly", "--ecs-report-dir", str(tmp_path), "--ecs-budget", "quick",
            "--ecs-timeout", "0.5", "--ecs-formats", "json", "--ecs-profile",
            str(DEFAULT_PROFILE)]
    with hostile_server("html") as endpoint, isolated_plugins(), \
            contextlib.redirect_stdout(io.StringIO()):
        pytest.main([*args, "--ecs-endpoint", endpoint])
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    return {r["id"]: r["status"] for r in report["requirements"]}


def test_a_target_answering_html_to_everything_passes_no_signature(tmp_path: Path) -> None:
    """test_wire named signature.<scheme>-accepted beside the method clause, so an answer that
    accepted nothing passed it (before the fix, signature.v1-accepted passed here)."""
    by_id = _statuses_against_html("test_wire.py", tmp_path)
    assert by_id["method.get"] == "failed"
    assert by_id["signature.v1-accepted"] != "passed"
    assert by_id["signature.v3-accepted"] != "passed"


def test_a_target_answering_html_to_everything_serves_no_operation(tmp_path: Path) -> None:
    """``<Action>.served`` passed on any answer but InvalidAction.NotFound, an HTML page
    included: it now needs an API answer (a Code or a RequestId) to be observed at all."""
    served = {i: s for i, s in _statuses_against_html("test_operations.py", tmp_path).items()
              if i.endswith(".served")}
    assert len(served) == len(SPEC.companions)
    assert "passed" not in served.values(), served
