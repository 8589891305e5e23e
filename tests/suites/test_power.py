"""The suite's power: zero failures on the faithful emulator, every faulty variant caught.

Each faulty variant of reference.FAULTS breaks one documented behaviour; the default budget of
``ecs-conformance run`` must fail at least one of the requirements the variant names.
"""

from __future__ import annotations

import pytest

from ecs_conformance.reference import FAULTS
from tests.suites.conftest import failed_ids
from tests.suites.test_reproduce_roundtrip import reproduction_problems

SEEDS = range(20)


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


@pytest.mark.slow
# edition-dependent variants (reference/faults_editions.py): tests/suites/test_power_editions.py
@pytest.mark.parametrize("fault", sorted(n for n, f in FAULTS.items() if not f.passes_in))
def test_faulty_variant_is_caught(suite, monkeypatch, fault: str) -> None:
    """Default budget. --fail-fast stops at the first MUST failure; when that first failure is
    collateral (another clause the variant also breaks), the whole default run must still name
    a requirement the variant breaks. Every failure's reproduce line must reproduce it
    (tests/suites/test_reproduce_roundtrip.py)."""
    code, report = suite("run", "--fault", fault, "--fail-fast")
    assert report is not None
    if not failed_ids(report) & set(FAULTS[fault].requirements):
        code, report = suite("run", "--fault", fault)
        assert report is not None
    caught = failed_ids(report) & set(FAULTS[fault].requirements)
    assert caught, (f"{fault} ({FAULTS[fault].description}) not caught; failed: "
                    f"{sorted(failed_ids(report))}")
    must = {r["id"] for r in report["requirements"] if r["level"] == "MUST"}
    errored_must = [r for r in report["requirements"]
                    if r["level"] == "MUST" and r["status"] == "errored"]
    assert code == (1 if failed_ids(report) & must else 3 if errored_must else 0)
    checked, problems = reproduction_problems(fault, report, monkeypatch)
    assert checked and not problems, "\n".join(problems)
