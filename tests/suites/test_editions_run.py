"""Editions through the CLI: the report names the edition, renderings show it, diff refuses
mixed editions, live runs default to current, the client suite serves the edition's rows."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ecs_conformance.spec import load_spec
from ecs_conformance.spec.profile import DEFAULT_PROFILE
from ecs_conformance.suites.cli import main
from ecs_conformance.suites.commands.server_cmd import chosen_edition
from tests.suites.conftest import run_suite

QUICK = ("--budget", "quick")


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = {}
    for edition in ("seed", "current"):
        base = tmp_path_factory.mktemp(edition)
        code, report = run_suite(base, "run", "--edition", edition, *QUICK)
        assert code == 0 and report is not None
        out[edition] = base / "report"
    return out


def test_report_names_the_edition_and_its_digest(runs: dict[str, Path]) -> None:
    for edition, folder in runs.items():
        report = json.loads((folder / "report.json").read_text(encoding="utf-8"))
        digest = load_spec(edition=edition).digest
        assert report["edition"] == {"name": edition, "digest": digest}
        assert report["spec"]["digest"] == digest
        html = (folder / "report.html").read_text(encoding="utf-8")
        assert f"Edition <b>{edition}</b>" in html and digest in html
        assert f"**Edition** {edition}" in (folder / "report.md").read_text(encoding="utf-8")
        badge = (folder / "badge.svg").read_text(encoding="utf-8")
        assert f"({edition} {digest.removeprefix('sha256:')[:8]})" in badge


def test_diff_refuses_runs_of_different_editions(runs: dict[str, Path],
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    old, new = str(runs["seed"] / "report.json"), str(runs["current"] / "report.json")
    assert main(["report", "diff", old, new]) == 2
    err = capsys.readouterr().err
    assert "different contract editions" in err and "(seed)" in err and "(current)" in err
    assert main(["report", "diff", old, new, "--force"]) == 0
    assert main(["report", "diff", old, old]) == 0


def test_a_report_from_before_editions_counts_as_seed(runs: dict[str, Path], tmp_path: Path
                                                      ) -> None:
    report = json.loads((runs["seed"] / "report.json").read_text(encoding="utf-8"))
    del report["edition"]
    old = tmp_path / "old.json"
    old.write_text(json.dumps(report), encoding="utf-8")
    assert main(["report", "diff", str(old), str(runs["seed"] / "report.json")]) == 0
    assert main(["report", "diff", str(old), str(runs["current"] / "report.json")]) == 2


def test_the_default_run_needs_no_option_and_is_seed(runs: dict[str, Path]) -> None:
    class Args:
        edition, live = None, False

    assert chosen_edition(Args()) == "seed"
    Args.live = True
    assert chosen_edition(Args()) == "current"
    Args.edition = "seed"
    assert chosen_edition(Args()) == "seed"


def test_live_runs_say_they_are_judged_against_current(capsys: pytest.CaptureFixture[str]
                                                       ) -> None:
    code = main(["server", "--endpoint", "http://127.0.0.1:9", "--profile", str(DEFAULT_PROFILE),
                 "--live"])
    assert code == 2  # nobody listens there; the notice comes first
    assert "judged against edition 'current'" in capsys.readouterr().out


def test_client_suite_serves_the_editions_error_rows(tmp_path: Path) -> None:
    for edition in ("current", "seed"):
        folder = tmp_path / edition
        assert main(["client", "--adapter", "python:ecs_conformance.adapters.reference_client:call",
                     "--edition", edition, "--budget", "quick", "--report-dir", str(folder)]) == 0
        report = json.loads((folder / "report.json").read_text(encoding="utf-8"))
        ids = {r["id"] for r in report["requirements"]}
        assert report["edition"]["name"] == edition
        conflict = "client.error.OperationDenied.ImageCopyConflict"
        assert (conflict in ids) == (edition == "current")
        assert ("client.error.InternalError~403" in ids) == (edition == "seed")


def test_pytest_plugin_takes_the_edition(tmp_path: Path) -> None:
    from ecs_conformance.suites.commands.server_cmd import SUITE_DIR
    from ecs_conformance.suites.isolation import isolated_plugins

    args = [str(SUITE_DIR / "test_edition_state.py"), "-p", "ecs_conformance.suites.plugin",
            "-p", "no:cacheprovider", f"--confcutdir={SUITE_DIR}", "-o", "addopts=", "-q",
            "--ecs-edition", "current", "--ecs-budget", "quick",
            "--ecs-report-dir", str(tmp_path)]
    with isolated_plugins():
        assert pytest.main(args) == 0
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert report["edition"]["name"] == "current"
    status = {r["id"]: r["status"] for r in report["requirements"]}
    assert status["state.same-image-conflict"] == "passed"
    assert load_spec().edition.name == "seed"  # the plugin restores the default afterwards
