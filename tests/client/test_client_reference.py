"""The reference client passes every client requirement it can be assessed on, through the
same command users run; its V1 variant without Format is served and checked in XML."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ecs_conformance.reports import validate_report
from ecs_conformance.suites.cli import main


@pytest.mark.parametrize(("adapter", "not_assessed"), [
    ("python:ecs_conformance.adapters.reference_client:call", {"client.signature.v1",
                                                               "client.success.xml"}),
    ("python:ecs_conformance.adapters.reference_client:call_v1_xml",
     {"client.signature.v3", "client.success.json"}),
])
def test_reference_client_passes_every_requirement(tmp_path: Path, adapter: str,
                                                   not_assessed: set[str],
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["client", "--adapter", adapter, "--report-dir", str(tmp_path),
                 "--budget", "quick", "--seed", "1"]) == 0
    out, err = capsys.readouterr()
    assert "verdict: CONFORMS" in out
    assert "testsecret" not in out + err
    data = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    validate_report(data)
    assert data["suite"] == "client" and data["target"]["kind"] == "python-adapter"
    statuses = {r["id"]: r["status"] for r in data["requirements"]}
    assert {k for k, v in statuses.items() if v != "passed"} == not_assessed
    assert all(r["category"] == "client" for r in data["requirements"])
    for path in tmp_path.rglob("*"):  # every rendering of the report, not only the JSON
        assert b"testsecret" not in path.read_bytes(), path


def test_faulty_client_report_holds_no_secret(tmp_path: Path) -> None:
    """Failures carry evidence (calls, recorded requests); none of it shows the secret."""
    assert main(["client", "--adapter", "python:ecs_conformance.adapters.faulty:zero_based_tags",
                 "--report-dir", str(tmp_path), "--budget", "quick"]) == 1
    for path in tmp_path.rglob("*"):
        assert b"testsecret" not in path.read_bytes(), path


def test_unknown_adapter_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["client", "--adapter", "python:nope.nothing:call",
                 "--report-dir", str(tmp_path)]) == 2
    assert "cannot import 'nope.nothing'" in capsys.readouterr().err
    assert main(["client", "--adapter", "java:x", "--report-dir", str(tmp_path)]) == 2
