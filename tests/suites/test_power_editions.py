"""Power under both contract editions: the faithful emulator conforms in each, and every
edition-dependent faulty variant is caught in the editions it breaks and passes in the ones
whose contract it follows (reference/faults_editions.py)."""

from __future__ import annotations

import contextlib

import pytest

from ecs_conformance.reference import FAULTS
from ecs_conformance.spec import load_spec
from ecs_conformance.spec.profile import DEFAULT_PROFILE, load_profile
from ecs_conformance.suites import session as session_module
from ecs_conformance.suites.pacing import Pacer
from ecs_conformance.suites.server import test_formats
from ecs_conformance.suites.session import Session
from ecs_conformance.suites.targets import AsgiTarget
from tests.asgi_beds import Throttling
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


class Throttling429(Throttling):
    """The emulator behind a gateway answering 429 Throttling (issue #14's third status)."""

    ANSWERS = ((429, "Throttling"),)


CHECKED = ("format.v1-format-json", "response.success-schema")


def _throttled_check(first: int | None) -> Session:
    """One success-format check of the suite under current against ``Throttling429(first)``,
    on a fake clock (no real sleeps)."""
    slept: list[float] = []
    session = Session(load_spec(edition="current"), load_profile(None),
                      AsgiTarget(Throttling429(first)), "asgi")
    session.pacer = Pacer(None, clock=lambda: sum(slept), sleep=slept.append)
    with contextlib.suppress(pytest.fail.Exception):
        test_formats.test_v1_success_format(session, "JSON", "format.v1-format-json")
    return session


def test_429_throttling_is_a_reading_under_current_never_a_failure() -> None:
    """429 Throttling has no source (docs/editions.md, gateway.throttling): under current it is
    accepted as a reading. A target answering it is retried, then judged on its real answer;
    one that keeps answering it leaves the check errored, never failed."""
    expect = load_spec(edition="current").protocol_requirement("gateway.throttling").expect
    assert expect is not None and 429 in expect.statuses
    for requirement in CHECKED:
        assert _throttled_check(first=3).results.status(requirement) == "passed"
        always = _throttled_check(first=None)
        assert always.results.status(requirement) == "errored"
        assert always.results.must_failed() == []


def test_429_throttling_would_fail_if_not_read_as_throttling(monkeypatch) -> None:
    """The check above can fire: were 429 not read as throttling, the same target fails."""
    real = session_module.throttled
    monkeypatch.setattr(session_module, "throttled",
                        lambda exchange: None if exchange.status == 429 else real(exchange))
    session = _throttled_check(first=None)
    assert session.results.status("response.success-schema") == "failed"


@pytest.mark.slow
def test_a_persistent_target_serving_current_conforms(tmp_path) -> None:
    """Against a target that keeps state (``--app``), a valid copy's answer is checked for a
    name taken by another run; that look must not free (cancel) the copy just made, which
    made state.copy-visible, state.cancel and the conflict rows fail under current."""
    code, report = run_suite(tmp_path, "server", "--app", "tests.suites.catalogue_runs:CURRENT_APP",
                             "--profile", str(DEFAULT_PROFILE), "--edition", "current",
                             "--budget", "quick")
    assert report is not None
    assert failed_ids(report) == set(), sorted(failed_ids(report))
    assert report["summary"]["errored"] == 0 and code == 0
