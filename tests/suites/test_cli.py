"""The command line as users meet it: exit codes, messages, the report it leaves."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

from ecs_conformance.reports import validate_report
from ecs_conformance.suites.cli import main


def test_run_with_no_arguments_conforms_and_writes_every_format(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["run"]) == 0
    out = capsys.readouterr().out
    assert "verdict: CONFORMS" in out
    directory = tmp_path / "conformance-report" / "server"  # each suite its own directory
    for name in ("report.json", "junit.xml", "report.md", "report.html", "badge.svg"):
        assert (directory / name).is_file(), name
    data = json.loads((directory / "report.json").read_text(encoding="utf-8"))
    validate_report(data)
    assert set(data["summary"]) >= {"passed", "failed", "not_assessed", "errored"}
    statuses = {r["status"] for r in data["requirements"]}
    assert statuses <= {"passed", "failed", "not_assessed", "errored"}


def test_a_must_failure_exits_1_and_names_the_requirement(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "--fault", "name-max-129", "--report-dir", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "FAIL MUST   DestinationImageName.length" in out
    assert "verdict: FAILS" in out


def test_a_should_failure_alone_exits_0(tmp_path: Path) -> None:
    assert main(["run", "--fault", "request-id-lowercase", "--report-dir", str(tmp_path)]) == 0
    data = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert data["summary"]["should_failed"] >= 1 and data["summary"]["must_failed"] == 0


def test_bad_profile_exits_2_with_the_path(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    profile = tmp_path / "p.yaml"
    profile.write_text("credentials: {access_key_id: a}\nregions: {source: x}\n", "utf-8")
    assert main(["server", "--app", "ecs_conformance.reference.app:app", "--profile", str(profile),
                 "--report-dir", str(tmp_path / "r")]) == 2
    err = capsys.readouterr().err
    assert str(profile) in err and "$.credentials" in err and "access_key_secret" in err


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_unreachable_endpoint_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    endpoint = f"http://127.0.0.1:{_free_port()}"
    assert main(["server", "--endpoint", endpoint, "--profile", "spec/profiles/default.yaml",
                 "--report-dir", str(tmp_path)]) == 2
    assert "unreachable" in capsys.readouterr().err


def test_the_real_cloud_is_refused_without_live(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["server", "--endpoint", "https://ecs.cn-hangzhou.aliyuncs.com", "--profile",
                 "spec/profiles/default.yaml", "--report-dir", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "--live" in err and "billable" in err


@pytest.mark.parametrize(("args", "message"), [
    (["run", "--fault", "name-max-128"], "did you mean"),
    (["server", "--app", "no_such_module:app", "--profile", "spec/profiles/default.yaml"],
     "cannot import"),
    (["server", "--app", "reference.app", "--profile", "spec/profiles/default.yaml"],
     "module:attr"),
])
def test_usage_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                             args: list[str], message: str) -> None:
    assert main([*args, "--report-dir", str(tmp_path)]) == 2
    assert message in capsys.readouterr().err


def test_in_process_app_target(tmp_path: Path) -> None:
    assert main(["server", "--app", "ecs_conformance.reference.app:app", "--profile",
                 "spec/profiles/default.yaml", "--budget", "quick", "--report-dir",
                 str(tmp_path)]) == 0
    data = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert data["target"]["kind"] == "asgi"
    assert data["target"]["profile"]["credentials"]["access_key_secret"] == "***"
