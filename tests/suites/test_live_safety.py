"""A live run makes at most --max-copies real copies and cancels those still in progress."""

from __future__ import annotations

import json
from pathlib import Path

from bench._common import served_emulator
from ecs_conformance.suites import companions
from ecs_conformance.suites.cli import main
from ecs_conformance.suites.runner import RunOptions, build_session


def test_live_run_caps_copies_and_cancels_them(tmp_path: Path) -> None:
    with served_emulator() as endpoint:
        # --rate-limit: the live default (5/s) would outlast the emulator's copy time, and
        # a finished copy cannot be cancelled; the pacing itself is tested in test_throttling
        code = main(["server", "--endpoint", endpoint, "--live", "--max-copies", "2",
                     "--rate-limit", "10000",
                     "--profile", "spec/profiles/default.yaml", "--budget", "quick",
                     "--report-dir", str(tmp_path)])
        session = build_session(RunOptions(endpoint=endpoint, live=True))
        found, _ = companions.describe(session, session.profile.destination_region,
                                       status="Creating,Waiting,Available")
        session.target.close()
    assert code == 0, json.loads((tmp_path / "report.json").read_text())["summary"]
    assert found is not None and found == []  # two copies made, both cancelled
