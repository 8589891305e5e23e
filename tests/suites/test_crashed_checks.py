"""A check of ours that crashes is never conforming.

A server-suite test that raises anything but a decided outcome (a MUST finding, pytest's
fail/skip) is our own bug: the requirements it named are errored, and a crash that named none
is kept in ``run.crashes``, which makes the run inconclusive (exit 3), never CONFORMS.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ecs_conformance.reports import report_verdict, validate_report
from ecs_conformance.suites.isolation import isolated_plugins
from ecs_conformance.suites.summary import exit_code

CRASHING = '''
import pytest

@pytest.mark.parametrize("requirement", ["DestinationImageName.length"])
def test_named_by_parameter(ecs, requirement):
    raise KeyError("a bug of ours, named by its parameter")

def test_named_by_what_it_touched(ecs):
    ecs.results.checked("RegionId.exists")
    raise TypeError("a bug of ours after a check")

def test_names_nothing(ecs):
    raise RuntimeError("a bug of ours before any check")

def test_a_decided_failure_is_not_a_crash(ecs):
    ecs.results.checked("ImageId.exists")
    pytest.fail("decided", pytrace=False)
'''

PASSING = '''
def test_only_checks(ecs):
    ecs.results.checked("RegionId.exists")
'''


NAMES_NOTHING = '''
def test_names_nothing(ecs):
    raise RuntimeError("a bug of ours before any check")
'''


def _run(tmp_path: Path, source: str) -> dict:
    module = tmp_path / f"test_{tmp_path.name.replace('-', '_')}.py"  # unique: pytest caches
    module.write_text(source, encoding="utf-8")
    args = [str(module), "-p", "ecs_conformance.suites.plugin", "-p", "no:cacheprovider",
            f"--confcutdir={tmp_path}", "-o", "addopts=", "-q", "--ecs-budget", "quick",
            "--ecs-report-dir", str(tmp_path / "out")]
    with isolated_plugins():
        pytest.main(args)
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    validate_report(report)
    return report


def test_crashed_checks_error_their_requirements_and_the_run_is_inconclusive(
        tmp_path: Path) -> None:
    report = _run(tmp_path, CRASHING)
    status = {r["id"]: r for r in report["requirements"]}
    named = status["DestinationImageName.length"]
    assert named["status"] == "errored" and "KeyError" in named["reason"]
    touched = status["RegionId.exists"]
    assert touched["status"] == "errored" and "TypeError" in touched["reason"]
    assert status["ImageId.exists"]["status"] == "passed"  # pytest.fail is a decided outcome
    crashes = report["run"]["crashes"]
    assert len(crashes) == 1 and "RuntimeError" in crashes[0]
    assert report_verdict(report) == "inconclusive" == report["summary"]["verdict"]
    assert exit_code(report) == 3


def test_a_crash_naming_nothing_alone_still_makes_the_run_inconclusive(tmp_path: Path) -> None:
    report = _run(tmp_path, PASSING + NAMES_NOTHING)
    status = {r["id"]: r["status"] for r in report["requirements"]}
    assert status["RegionId.exists"] == "passed"
    assert "errored" not in status.values() and "failed" not in status.values()
    assert report["run"]["crashes"]
    assert report_verdict(report) == "inconclusive"


def test_without_a_crash_the_same_run_conforms(tmp_path: Path) -> None:
    """The check can pass: the same module without the crash has no crashes recorded."""
    report = _run(tmp_path, PASSING)
    assert "crashes" not in report["run"]
    assert report_verdict(report) == "conforms"


def test_a_crash_in_the_client_suite_makes_the_run_inconclusive(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The client suite's plugin guards its tests the same way: a check of ours that raises
    before naming a requirement (outside a property, which errors its own requirements) is
    kept in run.crashes, and the run is inconclusive, not conforming."""
    import ecs_conformance.suites.client.test_answers as answers
    from ecs_conformance.suites.clientkit import ClientOptions, run_client

    def broken(*_: object, **__: object) -> None:
        raise KeyError("a bug of ours in the client suite")

    monkeypatch.setattr(answers, "success_cases", broken)
    data = run_client(ClientOptions(adapter="python:ecs_conformance.adapters.reference_client:call",
                                    report_dir=str(tmp_path), budget="quick",
                                    formats=("json",)))
    assert any("KeyError" in crash for crash in data["run"]["crashes"]), data["run"]
    status = {r["id"]: r["status"] for r in data["requirements"]}
    assert status["client.success.extra-fields"] != "passed"
    assert report_verdict(data) == "inconclusive" and exit_code(data) == 3
