"""Power under both contract editions: the faithful emulator conforms in each, and every
edition-dependent faulty variant is caught in the editions it breaks and passes in the ones
whose contract it follows (reference/faults_editions.py)."""

from __future__ import annotations

import pytest

from ecs_conformance.reference import FAULTS
from tests.suites.catalogue_runs import staged_catch
from tests.suites.conftest import failed_ids, run_suite

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


#: The original catalogue (reference.FAULTS without the edition variants above), every one of
#: which tests/suites/test_power.py proves caught under seed.
CATALOGUE = sorted(n for n, f in FAULTS.items() if not f.passes_in)
#: Variants of the original catalogue whose behaviour edition current allows, each with the
#: reason; they must pass there (none is known: every seed variant breaks a clause that current
#: keeps, or one whose current wording the variant does not use either).
CORRECT_UNDER_CURRENT: dict[str, str] = {}


def test_correct_under_current_are_catalogue_variants() -> None:
    assert set(CORRECT_UNDER_CURRENT) <= set(CATALOGUE)
    assert all(reason.strip() for reason in CORRECT_UNDER_CURRENT.values())


@pytest.mark.slow
@pytest.mark.parametrize("fault", CATALOGUE)
def test_catalogue_variant_under_current(tmp_path, fault: str) -> None:
    """The whole original catalogue under edition current, in stages (cheapest first:
    tests/suites/catalogue_runs.py): caught unless listed in CORRECT_UNDER_CURRENT, and those
    pass a whole default run. The seed power test replays reproduce lines; not again here."""
    if fault in CORRECT_UNDER_CURRENT:
        code, report = run_suite(tmp_path, "run", "--edition", "current", "--fault", fault)
        assert report is not None
        assert failed_ids(report) == set(), (fault, CORRECT_UNDER_CURRENT[fault],
                                             sorted(failed_ids(report)))
        assert report["summary"]["errored"] == 0 and code == 0
        return
    stage, code, report = staged_catch(tmp_path, fault, "current", FAULTS[fault].requirements)
    assert report["edition"]["name"] == "current"
    caught = failed_ids(report) & set(FAULTS[fault].requirements)
    assert caught, (f"{fault} ({FAULTS[fault].description}) not caught under current "
                    f"({stage}); failed: {sorted(failed_ids(report))}")
    if code is not None:  # the whole run's verdict follows its MUST failures
        must = {r["id"] for r in report["requirements"] if r["level"] == "MUST"}
        assert code == 1 if failed_ids(report) & must else code in (0, 3)
