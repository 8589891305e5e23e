"""The suite's power: zero failures on the faithful emulator, every faulty variant caught.

Each faulty variant of reference.FAULTS breaks one documented behaviour; the checks that assess
the requirements it names must fail at least one of them (cheapest stage first), and a sample
per triage group is caught by ``ecs-conformance run --fail-fast`` as users run it.
"""

from __future__ import annotations

from typing import Any

import pytest

from ecs_conformance.reference import FAULTS
from tests.suites.catalogue_runs import staged_catch
from tests.suites.conftest import failed_ids
from tests.suites.test_reproduce_roundtrip import reproduction_problems

SEEDS = range(12)  # seed 0 at the default budget, 11 more at quick (each ~4 s)


@pytest.mark.slow
@pytest.mark.parametrize("seed", SEEDS)
def test_faithful_emulator_passes_under_seed(suite, seed: int) -> None:
    budget = "default" if seed == 0 else "quick"  # every seed explores; one at full budget
    code, report = suite("run", "--seed", str(seed), "--budget", budget)
    assert report is not None
    assert failed_ids(report) == set(), [
        (r["id"], r["evidence"][:1]) for r in report["requirements"] if r["status"] == "failed"]
    assert report["summary"]["errored"] == 0
    assert code == 0


ALL_FAULTS = sorted(n for n, f in FAULTS.items() if not f.passes_in)
#: one variant per triage group (suites/triage.py), run as users run them: the whole default
#: run with --fail-fast, its exit code checked
DEFAULT_RUN_SAMPLE = ("v1-signature-unchecked", "xml-root-result", "name-max-129",
                      "image-quota-not-enforced", "queue-ignored", "cancel-not-served")


@pytest.mark.slow
# edition-dependent variants (reference/faults_editions.py): tests/suites/test_power_editions.py
@pytest.mark.parametrize("fault", ALL_FAULTS)
def test_faulty_variant_is_caught(tmp_path, monkeypatch, fault: str) -> None:
    """Cheapest stage first (tests/suites/catalogue_runs.py): the suite's modules that assess
    the variant's requirements, each alone at the quick budget, then every module, then the
    whole default run; a stage stops only on a catch. Every failure's reproduce line must
    reproduce it (tests/suites/test_reproduce_roundtrip.py)."""
    _, code, report = staged_catch(tmp_path, fault, "seed", FAULTS[fault].requirements)
    caught = failed_ids(report) & set(FAULTS[fault].requirements)
    assert caught, (f"{fault} ({FAULTS[fault].description}) not caught in any stage; failed: "
                    f"{sorted(failed_ids(report))}")
    if code is not None:  # the whole default run: its exit code follows the verdict policy
        assert code == _exit_code(report)
    checked, problems = reproduction_problems(fault, report, monkeypatch)
    assert checked and not problems, "\n".join(problems)


@pytest.mark.slow
@pytest.mark.parametrize("fault", DEFAULT_RUN_SAMPLE)
def test_the_default_run_catches_a_sample_with_fail_fast(suite, fault: str) -> None:
    """--fail-fast stops at the first MUST failure; when that first failure is collateral
    (another clause the variant also breaks), the whole default run must still name a
    requirement the variant breaks."""
    code, report = suite("run", "--fault", fault, "--fail-fast")
    assert report is not None
    if not failed_ids(report) & set(FAULTS[fault].requirements):
        code, report = suite("run", "--fault", fault)
        assert report is not None
    assert failed_ids(report) & set(FAULTS[fault].requirements), sorted(failed_ids(report))
    assert code == _exit_code(report)


def test_the_sample_is_in_the_catalogue() -> None:
    assert set(DEFAULT_RUN_SAMPLE) <= set(ALL_FAULTS)


def _exit_code(report: dict[str, Any]) -> int:
    must = {r["id"] for r in report["requirements"] if r["level"] == "MUST"}
    errored_must = [r for r in report["requirements"]
                    if r["level"] == "MUST" and r["status"] == "errored"]
    return 1 if failed_ids(report) & must else 3 if errored_must else 0
