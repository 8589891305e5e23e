"""Power under both contract editions: the faithful emulator conforms in each, and every
edition-dependent faulty variant is caught in the editions it breaks and passes in the ones
whose contract it follows (reference/faults_editions.py)."""

from __future__ import annotations

import pytest

from ecs_conformance.reference import FAULTS
from tests.suites.conftest import failed_ids

EDITION_FAULTS = sorted(n for n, f in FAULTS.items() if f.passes_in or f.editions != ("seed",))
CAUGHT = [(n, e) for n in EDITION_FAULTS for e in FAULTS[n].editions]
PASSES = [(n, e) for n in EDITION_FAULTS for e in FAULTS[n].passes_in]


@pytest.mark.slow
@pytest.mark.parametrize("budget", ["quick", "default"])
def test_faithful_emulator_passes_under_current(suite, budget: str) -> None:
    code, report = suite("run", "--edition", "current", "--budget", budget)
    assert report is not None
    assert report["edition"]["name"] == "current"
    assert failed_ids(report) == set(), [
        (r["id"], r["evidence"][:1]) for r in report["requirements"] if r["status"] == "failed"]
    assert report["summary"]["errored"] == 0
    assert code == 0


def test_every_edition_fault_is_proven_both_ways() -> None:
    assert {"same-image-queued", "region-messages-without-period"} <= set(EDITION_FAULTS)
    for name in EDITION_FAULTS:
        assert FAULTS[name].passes_in, f"{name}: where does it follow the contract?"


@pytest.mark.slow
@pytest.mark.parametrize(("fault", "edition"), CAUGHT, ids=[f"{n}@{e}" for n, e in CAUGHT])
def test_edition_fault_is_caught_where_it_is_wrong(suite, fault: str, edition: str) -> None:
    code, report = suite("run", "--edition", edition, "--fault", fault)
    assert report is not None
    caught = failed_ids(report) & set(FAULTS[fault].requirements)
    assert caught, (f"{fault} ({FAULTS[fault].description}) not caught under {edition}; "
                    f"failed: {sorted(failed_ids(report))}")
    must = {r["id"] for r in report["requirements"] if r["level"] == "MUST"}
    errored_must = [r for r in report["requirements"]
                    if r["level"] == "MUST" and r["status"] == "errored"]
    assert code == (1 if failed_ids(report) & must else 3 if errored_must else 0)


@pytest.mark.slow
@pytest.mark.parametrize(("fault", "edition"), PASSES, ids=[f"{n}@{e}" for n, e in PASSES])
def test_edition_fault_passes_where_it_is_right(suite, fault: str, edition: str) -> None:
    code, report = suite("run", "--edition", edition, "--fault", fault)
    assert report is not None
    assert failed_ids(report) == set(), (fault, edition, sorted(failed_ids(report)))
    assert report["summary"]["errored"] == 0
    assert code == 0
