"""The operation checks assess a companion rule of any kind: the kinds that once had a fixed
example (required, the look-ups, boolean) and every other one, broken by the strategies."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path
from typing import Any

import pytest

from ecs_conformance.spec import load_spec
from ecs_conformance.suites.isolation import isolated_plugins
from tests.suites.catalogue_runs import SUITE_DIR

#: the kinds suites/server/test_operations.py broke with fixed examples before the strategies
ONCE_FIXED = frozenset({"required", "known_region", "known_image", "known_kms_key", "boolean"})


def _operations_run(report_dir: Path, *extra: str) -> dict[str, Any]:
    args = [str(SUITE_DIR / "test_operations.py"), "-p", "ecs_conformance.suites.plugin",
            "-p", "no:cacheprovider", f"--confcutdir={SUITE_DIR}", "-o", "addopts=", "-q",
            "-p", "no:randomly", "--ecs-report-dir", str(report_dir), "--ecs-budget", "quick",
            "--ecs-formats", "json", *extra]
    with isolated_plugins(), contextlib.redirect_stdout(io.StringIO()):
        pytest.main(args)
    data: dict[str, Any] = json.loads((report_dir / "report.json").read_text(encoding="utf-8"))
    return data


def test_rules_of_kinds_without_a_fixed_example_are_assessed(tmp_path: Path) -> None:
    report = _operations_run(tmp_path)
    status = {r["id"]: r for r in report["requirements"]}
    other = [r for c in load_spec().companions if c.baseline_sendable for r in c.rules
             if r.reject is not None and r.check.kind not in ONCE_FIXED]
    assert {r.check.kind for r in other} >= {"integer_range", "one_of", "max_items",
                                              "index_range"}
    not_passed = {r.id: (status[r.id]["status"], status[r.id].get("reason"))
                  for r in other if status[r.id]["status"] != "passed"}
    assert not not_passed, not_passed
    # and no rule of any kind is left for want of an example
    assert not [r["id"] for r in report["requirements"]
                if "no example breaks" in (r.get("reason") or "")]


def test_a_companion_value_list_left_unchecked_fails_its_rule(tmp_path: Path) -> None:
    report = _operations_run(tmp_path, "--ecs-fault", "describe-ostype-unchecked")
    failed = {r["id"] for r in report["requirements"] if r["status"] == "failed"}
    assert "DescribeImages.OSType.values" in failed
    assert not {r for r in failed if r.startswith(("CancelCopyImage.", "DeleteImage."))}


def test_an_operation_not_served_leaves_its_rules_not_assessed(tmp_path: Path) -> None:
    """The answer InvalidAction.NotFound fails <Action>.served and says nothing of the rules:
    they and the rows they name are not assessed (never passed) and say why."""
    report = _operations_run(tmp_path, "--ecs-fault", "cancel-not-served")
    status = {r["id"]: r for r in report["requirements"]}
    assert status["CancelCopyImage.served"]["status"] == "failed"
    contract = load_spec().contract("CancelCopyImage")
    for rule in contract.rules:
        rows = rule.reject.rows if rule.reject else ()
        for rid in (rule.id, *(row.requirement for row in rows)):
            assert status[rid]["status"] == "not_assessed", (rid, status[rid])
            assert "does not serve CancelCopyImage" in status[rid]["reason"], status[rid]
