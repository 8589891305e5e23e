"""The state machine (suites/server/test_stateful.py) judges the companions' answers by their
contracts, run alone against the emulator: a refusal must be the row the contract documents
(status and code, not just "a 4xx"), a success must have the success shape. Each tightened
check is shown to fire on a faulty variant whose answer is a 4xx — which the former "a 4xx
error" check accepted — and a spec without a companion for a purpose leaves the machine's
requirements not assessed, never errored."""

from __future__ import annotations

import contextlib
import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from ecs_conformance.spec.loader import SPEC_DIR, SPEC_DIR_ENV
from ecs_conformance.suites.isolation import isolated_plugins
from tests.suites.catalogue_runs import SUITE_DIR
from tests.suites.conftest import failed_ids

STATE = ("state.copy-visible", "state.copy-queue", "state.cancel",
         "state.delete-refused-while-copying")


def _machine(report_dir: Path, fault: str | None = None, seed: int = 0) -> dict[str, Any]:
    """The state machine module alone against the emulator (``fault``: a variant of it), at
    the quick budget, edition seed, ``--seed`` ``seed``; its report.json."""
    args = [str(SUITE_DIR / "test_stateful.py"), "-p", "ecs_conformance.suites.plugin",
            "-p", "no:cacheprovider", f"--confcutdir={SUITE_DIR}", "-o", "addopts=", "-q",
            "-p", "no:randomly", "--ecs-report-dir", str(report_dir), "--ecs-budget", "quick",
            "--ecs-edition", "seed", "--ecs-formats", "json", "--ecs-seed", str(seed),
            *(("--ecs-fault", fault) if fault else ())]
    with isolated_plugins(), contextlib.redirect_stdout(io.StringIO()):
        pytest.main(args)
    path = report_dir / "report.json"
    assert path.exists(), f"the state machine did not complete against {fault or 'the emulator'}"
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


#: the machine explores: a seed's few programs may not meet a situation (a finished copy
#: cancelled, a copy in progress deleted); these seeds are tried in turn until one does
SEEDS = range(8)


def _by_id(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["id"]: r for r in report["requirements"]}


def test_the_faithful_emulator_passes_and_the_companion_contracts_are_assessed(
        tmp_path: Path) -> None:
    """Judged through the contracts: the finished-copy rows, the copying row and the delete
    success shape are assessed (in one seed or another), and never fail."""
    judged = {"CancelCopyImage.error.finished-copy", "DeleteImage.error.image-copying",
              "DeleteImage.response.success-schema", *STATE}
    for seed in SEEDS:
        report = _machine(tmp_path / str(seed), seed=seed)
        assert failed_ids(report) == set() and report["summary"]["errored"] == 0, seed
        judged -= {rid for rid, r in _by_id(report).items() if r["status"] == "passed"}
        if not judged:
            return
    pytest.fail(f"never assessed in seeds {SEEDS}: {sorted(judged)}")


@pytest.mark.parametrize(("fault", "requirement", "row", "situation"), [
    # DeleteImage of a copy in progress: 400 IncorrectImageStatus instead of the 403 row
    ("delete-while-copying-400", "state.delete-refused-while-copying",
     "HTTP 403 OperationDenied.ImageCopying", "DeleteImage.error.image-copying"),
    # CancelCopyImage of a finished copy: 400 ImageCreatedNotFromCopy, not a finished-copy row
    ("cancel-finished-wrong-code", "state.cancel", "HTTP 400 IncorrectImageStatus",
     "CancelCopyImage.error.finished-copy"),
])
def test_a_4xx_that_is_not_the_documented_row_fails(
        tmp_path: Path, fault: str, requirement: str, row: str, situation: str) -> None:
    """Every seed whose programs meet the situation (its row requirement assessed) fails the
    state requirement with the row expected, on a 4xx answer the old check let through."""
    met = []
    for seed in SEEDS:
        report = _machine(tmp_path / str(seed), fault, seed)
        found = _by_id(report)
        if found[situation]["status"] == "not_assessed":
            continue
        met.append(seed)
        assert {requirement, situation} <= failed_ids(report), (seed, sorted(failed_ids(report)))
        evidence = found[requirement]["evidence"][0]
        assert evidence["expected"] == row  # the row by status and code
        assert evidence["received"].startswith("HTTP 400,")  # a 4xx: the old check passed it
        if len(met) == 2:
            return
    assert met, f"no seed of {SEEDS} met {situation}"


def _without_purpose(tmp_path: Path, action: str) -> Path:
    """A copy of the shipped spec whose companion ``action`` declares no purpose."""
    directory = tmp_path / "spec"
    shutil.copytree(SPEC_DIR, directory,
                    ignore=shutil.ignore_patterns("*.py", "__pycache__", "schemas"))
    path = directory / "operations" / f"{action}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    del data["purpose"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return directory


def test_a_spec_without_a_cancel_companion_leaves_the_machine_not_assessed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(SPEC_DIR_ENV, str(_without_purpose(tmp_path, "CancelCopyImage")))
    report = _machine(tmp_path / "run")
    found = _by_id(report)
    assert report["summary"]["errored"] == 0 and failed_ids(report) == set()
    for rid in STATE:
        assert found[rid]["status"] == "not_assessed", (rid, found[rid]["status"])
        assert "no companion operation for cancel-copy" in found[rid]["reason"]


def test_a_finding_stands_when_its_program_cannot_be_replayed(tmp_path: Path) -> None:
    """Shrinking replays programs against a target whose copies and clock moved on, which
    Hypothesis reports as flaky data generation: the MUST finding already observed is reported
    (it used to end the machine as crashed, leaving the requirements errored)."""
    report = _machine(tmp_path, "queue-ignored")
    assert "state.copy-queue" in failed_ids(report)
    assert report["summary"]["errored"] == 0


def test_without_a_cancel_companion_a_busy_source_is_errored_never_failed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Under edition current a second copy of an image is refused while its copy runs; the
    session frees the source by cancelling its own copy, through the cancel-copy companion.
    A spec without one: the copy is not sent, and the scenarios that needed it are errored
    with the reason, not failed on the conflict (as they were before)."""
    monkeypatch.setenv(SPEC_DIR_ENV, str(_without_purpose(tmp_path, "CancelCopyImage")))
    args = [str(SUITE_DIR / "test_copy_scenarios.py"), "-p", "ecs_conformance.suites.plugin",
            "-p", "no:cacheprovider", f"--confcutdir={SUITE_DIR}", "-o", "addopts=", "-q",
            "-p", "no:randomly", "--ecs-report-dir", str(tmp_path / "run"), "--ecs-budget",
            "quick", "--ecs-edition", "current", "--ecs-formats", "json"]
    with isolated_plugins(), contextlib.redirect_stdout(io.StringIO()):
        pytest.main(args)
    report = json.loads((tmp_path / "run" / "report.json").read_text(encoding="utf-8"))
    assert failed_ids(report) == set()
    errored = [r for r in report["requirements"] if r["status"] == "errored"]
    assert errored and all("cancel-copy companion" in r["reason"] for r in errored)
