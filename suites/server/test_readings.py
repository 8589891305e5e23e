"""Which reading of the source the target follows (spec/readings.yaml; the report's readings
section). Each probe sends a grey value — one on which the readings disagree — and records
which readings the answer fits. Nothing here fails: every outcome some reading allows is
acceptable, so these tests only inform (issue 11)."""

from __future__ import annotations

import random
from collections.abc import Callable

import pytest

from ecs_conformance.spec import load_spec, roles
from ecs_conformance.spec.examples import PLACEHOLDER, expand
from ecs_conformance.spec.model import Reading, ReadingProbe
from ecs_conformance.spec.purposes import LIST_IMAGES
from ecs_conformance.suites import companions
from ecs_conformance.suites.needs import DESCRIBE_IMAGES, KNOWN_REGIONS
from ecs_conformance.suites.readings import answer, note, record
from ecs_conformance.suites.scenarios import copy_back, lacking, set_role, without
from ecs_conformance.suites.session import Session
from ecs_conformance.suites.signer import Transport

SPEC = load_spec()


def _transport(ecs: Session) -> Transport:
    scheme = ecs.profile.signature_versions[-1]
    return Transport(scheme, "POST", "query", "JSON" if scheme == "v1" else None)


def _shown(params: dict[str, str]) -> str:
    return ", ".join(f"{k}={v[:40]}{'…' if len(v) > 40 else ''}" for k, v in params.items())


def _roles(probe: ReadingProbe) -> list[str]:
    """The profile roles the probe's ``${role}`` placeholders read."""
    return [m.group(1) for _, value in probe.params for m in PLACEHOLDER.finditer(value)
            if not m.group(1).startswith("fresh:")]


def _probe_params(ecs: Session, probe: ReadingProbe) -> dict[str, str] | None:
    rng = random.Random(ecs.token())
    out: dict[str, str] = {}
    for name, value in probe.params:
        expanded = expand(value, ecs.profile.role, rng)
        if expanded is None:
            return None
        out[name] = expanded
    return out


def _send(ecs: Session, reading: Reading, probe: ReadingProbe) -> None:
    missing = lacking(ecs, _roles(probe))
    if missing:
        note(ecs, reading, f"{probe.id}: {without(ecs, missing)}")
        return
    changes = _probe_params(ecs, probe)
    assert changes is not None  # every role it reads is provided
    params = {**ecs.base_request(), **changes}
    exchange = ecs.call(params, _transport(ecs))
    if exchange.status == 200:
        ecs.note_copy(params)
    observed, code = answer(exchange)
    record(ecs, reading, probe, _shown(changes), observed, exchange.status, code)


def _copy(ecs: Session, params: dict[str, str]) -> str | None:
    exchange = ecs.call(params, _transport(ecs))
    if exchange.status != 200:
        return None
    ecs.note_copy(params)
    return ecs.created_id(exchange) or None


def _copy_of_copying(ecs: Session, reading: Reading, probe: ReadingProbe) -> None:
    first = ecs.base_request()
    copy = _copy(ecs, first)
    if copy is None:
        note(ecs, reading, f"{probe.id}: the first copy was refused")
        return
    params = copy_back(ecs, first, copy)
    exchange = ecs.call(params, _transport(ecs))
    observed, code = answer(exchange)
    record(ecs, reading, probe, f"CopyImage of {copy}, a copy in progress", observed,
           exchange.status, code)


def _third_region(ecs: Session) -> str | None:
    """A declared region no role names."""
    if not ecs.profile.provides(KNOWN_REGIONS):
        return None
    regions = ecs.profile.data["regions"]
    taken = {v for v in regions.values() if isinstance(v, str)}
    return next((r for r in regions["known"] if r not in taken), None)


def _queue_two_destinations(ecs: Session, reading: Reading, probe: ReadingProbe) -> None:
    if ecs.spec.companion(LIST_IMAGES) is None:  # the probe lists the second copy
        note(ecs, reading, f"{probe.id}: {companions.no_companion([LIST_IMAGES])}")
        return
    missing = lacking(ecs, [DESCRIBE_IMAGES, KNOWN_REGIONS])
    third = None if missing else _third_region(ecs)
    if third is None:
        why = without(ecs, missing) if missing else f"{KNOWN_REGIONS} names no third region"
        note(ecs, reading, f"{probe.id}: {why}")
        return
    first = _copy(ecs, ecs.base_request())
    elsewhere = ecs.base_request()
    set_role(ecs, elsewhere, roles.REGION_DESTINATION, third)
    second = _copy(ecs, elsewhere)
    if first is None or second is None:
        note(ecs, reading, f"{probe.id}: a copy was refused")
        return
    found, exchange = companions.describe(ecs, third, second)
    status = companions.status_of(ecs, found[0]) if found else None
    observed = f"Status {status}" if status else answer(exchange)[0]
    record(ecs, reading, probe, f"a copy to {ecs.profile.destination_region} then one to "
                                f"{third}, both from {ecs.profile.source_region}",
           observed, exchange.status, None, observed_status=status)


SCENARIOS: dict[str, Callable[[Session, Reading, ReadingProbe], None]] = {
    "copy-of-copying": _copy_of_copying,
    "queue-two-destinations": _queue_two_destinations,
}
assert {p.scenario for r in SPEC.readings for p in r.probes if p.scenario} <= set(SCENARIOS)


@pytest.mark.parametrize("reading", SPEC.readings, ids=lambda r: r.id)
def test_reading_followed(ecs: Session, reading: Reading) -> None:
    if ecs.live:
        note(ecs, reading, "not probed on the live cloud (probes create billable copies)")
        pytest.skip("not probed on the live cloud")
    for probe in reading.probes:
        if probe.scenario:
            if not ecs.can_copy():
                note(ecs, reading, f"{probe.id}: no copies left in this run")
                continue
            SCENARIOS[probe.scenario](ecs, reading, probe)
        else:
            _send(ecs, reading, probe)
