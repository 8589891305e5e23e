"""pytest and Hypothesis within the ranges pyproject.toml declares, and no deprecation warning
in our own runs. The runs are skipped unless ``ECS_SUPPORTED_VERSIONS=1``: run them in a venv
holding the versions under test (README, "Supported versions"), e.g. the lower bounds."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import hypothesis
import pytest
from packaging.requirements import Requirement
from packaging.version import Version

from ecs_conformance.suites.cli import main

ENV = "ECS_SUPPORTED_VERSIONS"
PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"
BOUNDED = {"pytest": pytest.__version__, "hypothesis": hypothesis.__version__}
runs = pytest.mark.skipif(os.environ.get(ENV) != "1",
                          reason=f"set {ENV}=1 in a venv with the versions under test")


def _declared() -> dict[str, Requirement]:
    data = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))
    found = (Requirement(text) for text in data["project"]["dependencies"])
    return {r.name.lower(): r for r in found if r.name.lower() in BOUNDED}


def test_pytest_and_hypothesis_have_a_lower_and_an_upper_bound() -> None:
    declared = _declared()
    assert set(declared) == set(BOUNDED)
    for name, requirement in declared.items():
        operators = {spec.operator for spec in requirement.specifier}
        assert ">=" in operators and "<" in operators, f"{name}: {requirement}"


@runs
def test_the_installed_versions_are_in_the_declared_ranges() -> None:
    for name, requirement in _declared().items():
        assert Version(BOUNDED[name]) in requirement.specifier, (name, BOUNDED[name])


def _quiet_log(report_dir: Path) -> None:
    log = (report_dir / "pytest.log").read_text(encoding="utf-8")
    assert "warnings summary" not in log and "Deprecat" not in log, log[-3000:]


@runs
@pytest.mark.parametrize(("args", "code"), [
    (["run", "--budget", "quick"], 0),
    (["run", "--budget", "quick", "--fault", "v1-signature-unchecked", "--fail-fast"], 1),
    (["client", "--adapter", "python:ecs_conformance.adapters.reference_client:call", "--budget",
      "quick"], 0),
    (["client", "--adapter", "python:ecs_conformance.adapters.faulty:zero_based_tags", "--budget",
      "quick"], 1),
])
def test_runs_keep_their_verdicts_without_warnings(tmp_path: Path, args: list[str],
                                                   code: int) -> None:
    assert main([*args, "--report-dir", str(tmp_path)]) == code
    _quiet_log(tmp_path)
