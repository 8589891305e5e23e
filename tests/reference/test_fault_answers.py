"""A variant's wrong answer that is no row of the spec is the variant's data (Fault.answers),
checked against its flags when the emulator folds it in."""

from __future__ import annotations

import pytest

from ecs_conformance.reference import FAULTS
from ecs_conformance.reference.behaviour import Behaviour, Fault
from ecs_conformance.reference.errors import Refusal
from ecs_conformance.spec import load_spec

SPEC = load_spec()
WRONG = Refusal(400, "Made.Up", "made up")


def test_an_answer_for_a_flag_the_fault_does_not_set_is_refused() -> None:
    fault = Fault("bad", "answers a flag it lacks", (), (), answers={"plus-kept": WRONG})
    with pytest.raises(ValueError, match="an answer for flag 'plus-kept'"):
        Behaviour(SPEC, fault)


def test_a_flag_that_needs_an_answer_without_one_fails_loudly() -> None:
    fault = Fault("bad", "no answer", (), (), flags=frozenset({"delete-while-copying-400"}))
    with pytest.raises(KeyError, match="gives no answer"):
        Behaviour(SPEC, fault).delete_while_copying()


def test_the_answer_is_the_faults() -> None:
    fault = Fault("ok", "answers", (), (), flags=frozenset({"delete-while-copying-400"}),
                  answers={"delete-while-copying-400": WRONG})
    assert Behaviour(SPEC, fault).delete_while_copying() == WRONG
    clean = Behaviour(SPEC).delete_while_copying()
    assert clean != WRONG and clean.status == 403  # DeleteImage's documented row


def test_every_shipped_answer_belongs_to_a_flag_of_its_fault() -> None:
    with_answers = [f for f in FAULTS.values() if f.answers]
    assert {flag for f in with_answers for flag in f.answers} == {
        "delete-while-copying-400", "same-image-refused"}
    for fault in with_answers:
        Behaviour(load_spec(edition=fault.editions[0]), fault)
