"""Helpers for running the whole server suite from the project's own tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ecs_conformance.suites.cli import main


def run_suite(tmp_path: Path, *args: str) -> tuple[int, dict[str, Any] | None]:
    """Run ``ecs-conformance`` in-process; return the exit code and report.json (if any)."""
    report_dir = tmp_path / "report"
    code = main([*args, "--report-dir", str(report_dir)])
    path = report_dir / "report.json"
    return code, (json.loads(path.read_text(encoding="utf-8")) if path.exists() else None)


def failed_ids(report: dict[str, Any], level: str | None = None) -> set[str]:
    return {r["id"] for r in report["requirements"]
            if r["status"] == "failed" and (level is None or r["level"] == level)}


@pytest.fixture
def suite(tmp_path: Path):
    return lambda *args: run_suite(tmp_path, *args)
