"""The official SDKs through ``ecs-conformance client``: each run completes with a report and
nothing errored on our side; what they do wrong matches the recorded wire facts."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from ecs_conformance.reports import validate_report
from ecs_conformance.suites.cli import main

ROOT = Path(__file__).parents[2]
NODE_DIR = ROOT / "adapters" / "node"

pytestmark = pytest.mark.sdk


@pytest.fixture(scope="session")
def node_adapter() -> str:
    """The Node adapter, its pinned packages installed (npm ci) when node_modules is missing."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        pytest.fail("node and npm are needed for the Node SDK adapter")
    if not (NODE_DIR / "node_modules" / "@alicloud" / "ecs20140526").is_dir():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"],
                       cwd=NODE_DIR, check=True, timeout=600)
    return f"cmd:node {NODE_DIR / 'adapter.js'}"


def _run(adapter: str, directory: Path) -> dict[str, dict]:
    code = main(["client", "--adapter", adapter, "--report-dir", str(directory),
                 "--budget", "quick"])
    data = json.loads((directory / "report.json").read_text(encoding="utf-8"))
    validate_report(data)
    assert code == (1 if data["summary"]["must_failed"] else 0)
    coverage = data["target"]["coverage"]  # an SDK declares no subset: it sends all 12
    assert not coverage["declared"] and len(coverage["parameters"]) == coverage["of"] == 12
    assert coverage["defaults"] == {}
    statuses = {r["id"]: r for r in data["requirements"]}
    assert not [k for k, r in statuses.items() if r["status"] == "errored"]
    return statuses


def test_tea_python_sdk(tmp_path: Path) -> None:
    got = _run("python:ecs_conformance.adapters.tea_py:call", tmp_path)
    # facts §1.2: Encrypted=True — tolerated by the service, so a SHOULD, never a MUST
    assert got["client.wire.boolean-canonical"]["status"] == "failed"
    assert got["client.wire.boolean"]["status"] == "passed"
    assert got["client.signature.v3"]["status"] == "passed"
    assert got["client.error.InvalidImageName.Malformed"]["status"] == "passed"
    assert got["client.malformed.status-kept"]["status"] == "failed"  # facts §3.2 (e2)


def test_legacy_python_sdk(tmp_path: Path) -> None:
    got = _run("python:ecs_conformance.adapters.legacy_py:call", tmp_path)
    assert got["client.signature.v1"]["status"] == "passed"
    assert got["client.wire.boolean-canonical"]["status"] == "failed"
    assert got["client.malformed.non-json"]["status"] == "failed"  # facts §3.2: raw body back
    assert got["client.malformed.status-kept"]["status"] == "passed"  # keeps 502


def test_node_sdk_through_the_command_protocol(tmp_path: Path, node_adapter: str) -> None:
    got = _run(node_adapter, tmp_path)
    assert got["client.wire.boolean-canonical"]["status"] == "passed"  # Node sends true
    assert got["client.signature.v3"]["status"] == "passed"
    assert got["client.timeout"]["status"] == "passed"
