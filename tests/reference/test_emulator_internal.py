"""The emulator's own failure is answered with the spec's internal row (found by its class and
5xx status, not by its code), in every edition; a spec without one is refused up front."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from ecs_conformance.reference import Clock, EmulatorClient, create_app
from ecs_conformance.reference import app as app_module
from ecs_conformance.reference.calls import Call
from ecs_conformance.spec import load_spec

START = "2026-11-27T01:40:00Z"


def _crash(*_: Any) -> dict[str, Any]:
    raise RuntimeError("an emulator bug")


@pytest.mark.parametrize("edition", ["seed", "current"])
def test_a_crashing_handler_answers_the_internal_row(monkeypatch: pytest.MonkeyPatch,
                                                     edition: str) -> None:
    spec = load_spec(edition=edition)
    monkeypatch.setitem(app_module.ACTIONS, spec.operation.action, _crash)
    client = EmulatorClient(create_app(clock=Clock.frozen(START), seed=1, spec=spec))
    reply = client.send(Call({}))
    internal = [r for r in spec.error_rows if r.error_class == "internal" and r.status >= 500]
    assert len(internal) == 1
    fields = reply.fields()
    assert (reply.status, fields["Code"], fields["Message"]) == (
        internal[0].status, internal[0].code, internal[0].message)
    assert "an emulator bug" not in reply.body.decode()


def test_a_spec_without_an_internal_5xx_row_is_refused() -> None:
    spec = load_spec()
    rows = tuple(r for r in spec.error_rows
                 if not (r.error_class == "internal" and r.status >= 500))
    with pytest.raises(ValueError, match="no internal-class row with a 5xx status"):
        create_app(spec=dataclasses.replace(spec, error_rows=rows))
