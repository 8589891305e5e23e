"""Names unique across runs and processes (issue 11, point 3): consecutive and concurrent runs
against one persistent target give the verdict of the first.

A persistent target keeps every copy of earlier (and concurrent) runs, while Hypothesis, seeded,
draws the same names in every run: names carry a run-unique stamp
(:func:`suites.scenarios.stamped`); without it the second run fails on InvalidImageName.Duplicated.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from ecs_conformance.suites import scenarios
from tests.suites.conftest import failed_ids, run_suite

PROFILE = str(Path(__file__).resolve().parents[2] / "spec" / "profiles" / "default.yaml")


def _run(tmp_path: Path, name: str, *target: str) -> tuple[int, dict[str, Any]]:
    code, report = run_suite(tmp_path / name, "server", *target, "--profile", PROFILE,
                             "--budget", "quick", "--seed", "0")
    assert report is not None
    return code, report


def test_three_runs_in_a_row_against_one_emulator_object(tmp_path: Path) -> None:
    target = ("--app", "tests.suites.persistent_app:APP")
    first = _run(tmp_path, "1", *target)
    assert first[0] == 0 and failed_ids(first[1]) == set()
    for name in ("2", "3"):
        code, report = _run(tmp_path, name, *target)
        assert (code, failed_ids(report)) == (first[0], failed_ids(first[1]))
        assert report["summary"]["errored"] == 0


def test_without_stamps_the_second_run_fails_on_duplicates(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The control: what the stamps prevent does happen without them."""
    monkeypatch.setattr(scenarios, "stamp", lambda spec, parameter, value, key, salt=0: value)
    target = ("--app", "tests.suites.persistent_app:CONTROL")
    assert _run(tmp_path, "1", *target)[0] == 0
    code, report = _run(tmp_path, "2", *target)
    assert code == 1
    received = [e["received"] for r in report["requirements"] if r["status"] == "failed"
                for e in r["evidence"]]
    assert any("InvalidImageName.Duplicated" in text for text in received), received


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_listening(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, "serve exited"
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)  # readiness poll of a child process, not a timing assumption
    raise AssertionError("serve did not start listening")


def test_two_runs_at_once_against_one_served_emulator(tmp_path: Path) -> None:
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    serve = subprocess.Popen([sys.executable, "-m", "ecs_conformance.suites.cli", "serve",
                              "--port", str(port)],
                             env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_listening(port, serve)
        runs = [subprocess.Popen(
            [sys.executable, "-m", "ecs_conformance.suites.cli", "server", "--endpoint",
             f"http://127.0.0.1:{port}", "--profile", PROFILE, "--budget", "quick",
             "--seed", "0", "--report-dir", str(tmp_path / f"run{i}")],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for i in (1, 2)]
        codes = [run.wait(timeout=600) for run in runs]
    finally:
        serve.terminate()
        serve.wait(timeout=30)
    reports = [json.loads((tmp_path / f"run{i}" / "report.json").read_text("utf-8"))
               for i in (1, 2)]
    assert codes == [0, 0], [sorted(failed_ids(r)) for r in reports]
    assert [failed_ids(r) for r in reports] == [set(), set()]
