"""A misbehaving target becomes failed requirements with evidence — never a hang or a crash."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from suites.signer import Signer, Transport
from suites.targets import HttpTarget
from suites.wire import MAX_BODY_BYTES
from tests.hostile import BEHAVIOURS, hostile_server

PROBLEMS = {"hang": "no answer within", "reset": "transport error", "garbage": "transport error",
            "slow": "deadline", "endless": "larger than", "huge": "larger than"}


@pytest.mark.parametrize("behaviour", BEHAVIOURS)
def test_http_target_turns_misbehaviour_into_an_exchange(behaviour: str) -> None:
    with hostile_server(behaviour) as endpoint:
        target = HttpTarget(endpoint, timeout_s=1.0)
        request = Signer("testid", "testsecret", target.host).sign(
            {"ImageId": "m-x", "RegionId": "cn-hangzhou"}, Transport())
        exchange = target.send(request)
        target.close()
    assert len(exchange.body) <= MAX_BODY_BYTES
    if behaviour in PROBLEMS:
        assert exchange.problem and PROBLEMS[behaviour] in exchange.problem, exchange.problem
    else:
        assert exchange.status is not None


@pytest.mark.parametrize("behaviour", ["hang", "garbage", "html", "xml-bomb", "error-200",
                                       "invalid-utf8"])
def test_whole_run_against_a_hostile_target_reports_failures(tmp_path: Path,
                                                             behaviour: str) -> None:
    from suites.cli import main

    with hostile_server(behaviour) as endpoint:
        code = main(["server", "--endpoint", endpoint, "--profile", "spec/profiles/default.yaml",
                     "--budget", "quick", "--timeout", "0.5", "--report-dir", str(tmp_path)])
    assert code == 1
    data = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    failed = [r for r in data["requirements"] if r["status"] == "failed"]
    assert failed and all(r["evidence"] for r in failed)
    assert data["summary"]["must_failed"] >= 1
