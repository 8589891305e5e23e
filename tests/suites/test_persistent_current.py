"""Consecutive runs against one persistent target under edition current (which refuses a second
copy of an image whose copy is in progress): a run cancels, at its end, its own copies that would
block the next run's first copy of the profile's image; without that, the second run fails
dozens of requirements on OperationDenied.ImageCopyConflict."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ecs_conformance.spec.profile import DEFAULT_PROFILE
from ecs_conformance.suites.session import Session
from tests.suites.conftest import failed_ids, run_suite

CONFLICT = "OperationDenied.ImageCopyConflict"


def _run(tmp_path: Path, name: str, app: str) -> tuple[int, dict[str, Any]]:
    code, report = run_suite(tmp_path / name, "server", "--app",
                             f"tests.suites.persistent_current_app:{app}",
                             "--profile", str(DEFAULT_PROFILE), "--edition", "current",
                             "--budget", "quick", "--seed", "0")
    assert report is not None
    return code, report


def _in_progress(app: str) -> list[str]:
    from tests.suites import persistent_current_app

    state = getattr(persistent_current_app, app).state
    return [image.name for image in state.images.values() if image.copying]


def test_a_second_run_conforms_as_the_first(tmp_path: Path) -> None:
    for name in ("1", "2"):
        code, report = _run(tmp_path, name, "APP")
        assert (code, failed_ids(report)) == (0, set()), (name, sorted(failed_ids(report)))
        assert report["summary"]["errored"] == 0
        assert _in_progress("APP") == []  # nothing of ours left to block the next run


def test_without_the_release_the_second_run_fails_on_the_conflict(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The control: what releasing our copies prevents does happen without it."""
    monkeypatch.setattr(Session, "release_all", lambda self: None)
    assert _run(tmp_path, "1", "CONTROL")[0] == 0
    assert _in_progress("CONTROL")  # the run's last copy of the profile's image still runs
    code, report = _run(tmp_path, "2", "CONTROL")
    assert code == 1
    received = [e["received"] for r in report["requirements"] if r["status"] == "failed"
                for e in r["evidence"]]
    assert any(CONFLICT in text for text in received), received[:3]
