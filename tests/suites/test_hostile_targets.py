"""A misbehaving target becomes failed requirements with evidence — never a hang or a crash."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ecs_conformance.suites.signer import Signer, Transport
from ecs_conformance.suites.targets import HttpTarget
from ecs_conformance.suites.wire import MAX_BODY_BYTES
from tests.hostile import BEHAVIOURS, hostile_server

PROBLEMS = {"hang": "no answer within", "reset": "transport error", "garbage": "transport error",
            "slow": "deadline", "endless": "larger than", "huge": "larger than"}


@pytest.mark.parametrize("behaviour", BEHAVIOURS)
def test_http_target_turns_misbehaviour_into_an_exchange(behaviour: str) -> None:
    with hostile_server(behaviour) as endpoint:
        target = HttpTarget(endpoint, timeout_s=1.0)
        request = Signer("testid", "testsecret", target.host, action="CopyImage",
                         version="2014-05-26").sign(
            {"ImageId": "m-x", "RegionId": "cn-hangzhou"}, Transport())
        exchange = target.send(request)
        target.close()
    assert len(exchange.body) <= MAX_BODY_BYTES
    if behaviour in PROBLEMS:
        assert exchange.problem and PROBLEMS[behaviour] in exchange.problem, exchange.problem
    else:
        assert exchange.status is not None


# invalid-utf8 runs whole in test_every_run_ends_with_a_valid_report
@pytest.mark.parametrize("behaviour", ["html", "xml-bomb", "error-200"])
def test_whole_run_against_a_hostile_target_reports_failures(tmp_path: Path,
                                                             behaviour: str) -> None:
    """(A target that hangs or does not speak HTTP fails the start-up probe: exit 2, see
    test_probe.py.)"""
    from ecs_conformance.suites.cli import main

    with hostile_server(behaviour) as endpoint:
        code = main(["server", "--endpoint", endpoint, "--profile", "spec/profiles/default.yaml",
                     "--budget", "quick", "--timeout", "0.5", "--report-dir", str(tmp_path)])
    assert code == 1
    data = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    failed = [r for r in data["requirements"] if r["status"] == "failed"]
    assert failed and all(r["evidence"] for r in failed)
    assert data["summary"]["must_failed"] >= 1


@pytest.mark.parametrize("behaviour", ["endless", "binary", "huge-headers", "invalid-utf8",
                                       "surrogates", "odd-status"])
def test_every_run_ends_with_a_valid_report(tmp_path: Path, behaviour: str) -> None:
    """Whatever the target sends, the run ends with report.json (valid against the report
    schema) and every rendering; evidence is clipped to the report model's one limit, with a
    marker saying so."""
    from ecs_conformance.reports import validate_report
    from ecs_conformance.reports.vocab import TEXT_LIMIT_BYTES
    from ecs_conformance.suites.cli import main

    with hostile_server(behaviour) as endpoint:
        code = main(["server", "--endpoint", endpoint, "--profile", "spec/profiles/default.yaml",
                     "--budget", "quick", "--timeout", "2", "--report-dir", str(tmp_path)])
    assert code == 1
    data = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    validate_report(data)
    for name in ("junit.xml", "report.md", "report.html", "badge.svg"):
        assert (tmp_path / name).stat().st_size > 0, name
    answers = [e["response"] for r in data["requirements"] for e in r["evidence"]
               if e["response"]]
    assert answers
    for answer in answers:
        assert len(answer["body"].encode()) <= TEXT_LIMIT_BYTES
        assert all(len(v.encode()) <= TEXT_LIMIT_BYTES for v in answer["headers"].values())
    if behaviour in ("endless", "huge", "binary"):
        assert any("[truncated:" in a["body"] for a in answers)
    if behaviour in ("endless", "huge"):
        assert any(a["body"].startswith("[body larger than") for a in answers)
    if behaviour == "odd-status":
        assert any(a["body"].startswith("[HTTP status 999") for a in answers)
    if behaviour == "huge-headers":
        assert any("[truncated:" in a["headers"].get("x-filler", "") for a in answers)
