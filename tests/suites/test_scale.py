"""Scale: the suite under pytest-xdist — local processes and execnet gateways (the mechanism of
xdist's remote workers) — produces one merged report with the same verdicts as one process."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from bench._common import served_emulator
from ecs_conformance.suites.cli import main
from ecs_conformance.suites.commands.server_cmd import SUITE_DIR

PROFILE = "spec/profiles/default.yaml"


def _statuses(path: Path) -> dict[str, str]:
    data = json.loads((path / "report.json").read_text(encoding="utf-8"))
    return {r["id"]: r["status"] for r in data["requirements"]}


def test_two_workers_merge_into_the_verdicts_of_one_process(tmp_path: Path) -> None:
    with served_emulator() as endpoint:
        one = main(["server", "--endpoint", endpoint, "--profile", PROFILE, "--budget", "quick",
                    "--report-dir", str(tmp_path / "one")])
    with served_emulator() as endpoint:
        two = main(["server", "--endpoint", endpoint, "--profile", PROFILE, "--budget", "quick",
                    "--workers", "2", "--report-dir", str(tmp_path / "two")])
    assert one == two == 0
    assert _statuses(tmp_path / "one") == _statuses(tmp_path / "two")
    assert not (tmp_path / "two" / "parts").exists()
    for name in ("junit.xml", "report.md", "report.html", "badge.svg"):
        assert (tmp_path / "two" / name).is_file()


def test_execnet_gateway_workers_as_for_remote_machines(tmp_path: Path) -> None:
    """``--tx ssh=host//python=python3`` on several machines uses the same execnet gateways as
    these two ``popen`` ones; the controller merges their partial reports."""
    python = f"popen//python={sys.executable}"
    with served_emulator() as endpoint:
        code = pytest.main([str(SUITE_DIR), "-p", "ecs_conformance.suites.plugin", "-p",
                            "no:cacheprovider",
                            f"--confcutdir={SUITE_DIR}", "-o", "addopts=", "-q",
                            "--ecs-endpoint", endpoint, "--ecs-profile", PROFILE,
                            "--ecs-budget", "quick", "--ecs-report-dir", str(tmp_path),
                            "-d", "--tx", python, "--tx", python])
    assert code == 0
    data = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert data["summary"]["failed"] == 0 and data["summary"]["passed"] > 80
