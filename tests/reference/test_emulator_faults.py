"""The catalogue of faulty variants: well-formed, and each one caught by its witness."""

from __future__ import annotations

import pytest

from ecs_conformance.reference import FAULTS, Clock, EmulatorClient, create_app
from ecs_conformance.reference.behaviour import FLAGS
from ecs_conformance.spec import Spec, load_spec

START = "2026-11-27T01:40:00Z"


def run(fault: str | None, name: str) -> list[tuple[int, str, str]]:
    """The witness of ``name``, under the first edition whose contract the variant breaks."""
    spec = load_spec(edition=FAULTS[name].editions[0])
    app = create_app(clock=Clock.frozen(START), fault=fault, seed=3, spec=spec)
    return [reply.digest() for reply in EmulatorClient(app).run(FAULTS[name].witness)]


def test_catalogue_has_at_least_forty_variants() -> None:
    assert len(FAULTS) >= 40


@pytest.mark.parametrize("name", sorted(FAULTS))
def test_fault_is_well_formed(name: str) -> None:
    fault = FAULTS[name]
    known = {r.id for r in load_spec(edition=fault.editions[0]).requirements()}
    assert fault.editions and not set(fault.editions) & set(fault.passes_in)
    assert fault.name == name
    assert fault.requirements and set(fault.requirements) <= known, fault.requirements
    assert fault.description and "\n" not in fault.description and len(fault.description) < 100
    assert fault.witness, "a fault needs a witness"
    assert fault.flags or fault.rules or fault.rows, "a fault must change something"


@pytest.mark.parametrize("name", sorted(FAULTS))
def test_witness_tells_the_variant_from_the_emulator(name: str) -> None:
    clean, faulty = run(None, name), run(name, name)
    assert clean != faulty, f"{name}: the witness is answered identically"


@pytest.mark.parametrize("name", sorted(FAULTS))
def test_clean_emulator_answers_the_witness_deterministically(name: str) -> None:
    assert run(None, name) == run(None, name)


def test_every_flag_is_used_by_a_fault() -> None:
    used = {flag for fault in FAULTS.values() for flag in fault.flags}
    assert used == FLAGS


def test_unknown_fault_suggests_a_name() -> None:
    with pytest.raises(ValueError, match="did you mean name-max-129"):
        create_app(fault="name-max-12")


@pytest.mark.parametrize("kwargs", [{"flags": frozenset({"no-such-flag"})},
                                    {"rules": {"No.such-rule": None}},
                                    {"rows": {"E99": None}}])
def test_malformed_fault_fails_loudly(spec: Spec, kwargs: dict[str, object]) -> None:
    from ecs_conformance.reference import Behaviour, Call, Fault

    fault = Fault("bad", "bad", ("method.get",), (Call(),), **kwargs)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="unknown"):
        Behaviour(spec, fault)
