"""The request on the wire: generated calls, the facts' probe call and a minimal call."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as hs

from ecs_conformance.suites.clientkit.answers import SuccessCase, success_cases
from ecs_conformance.suites.clientkit.calls import (
    booleans,
    generated_calls,
    minimal_call,
    probe_call,
    within,
)
from ecs_conformance.suites.clientkit.cases import carried, checked_call, example, prop
from ecs_conformance.suites.clientkit.checks_answer import check_success, success_requirement
from ecs_conformance.suites.clientkit.session import ClientSession
from ecs_conformance.suites.findings import Checked

WIRE = ("client.wire.method-path", "client.wire.action-version", "client.wire.parameters",
        "client.wire.unset-absent", "client.defaults.valid", "client.nonce.fresh",
        "client.timestamp.format")


def _format(client: ClientSession) -> str:
    return success_requirement(client.handshake)


def test_generated_calls_reach_the_wire_as_set(client: ClientSession) -> None:
    requirement = _format(client)

    def body(example: tuple[dict[str, Any], SuccessCase]) -> Checked:
        parameters, case = example
        return checked_call(client, parameters, [case.responder()],
                            lambda attempt: check_success(attempt, case, requirement), wire=True)

    strategy = hs.tuples(generated_calls(client.spec, client.profile,
                                         client.handshake.parameters),
                         success_cases(extra=False))
    prop(client, strategy, body, (*WIRE, requirement))


def test_probe_call_of_the_wire_facts(client: ClientSession) -> None:
    case = SuccessCase("473469C7-AA6F-4DC5-B3DB-A3DC0DE3C83E", "m-bp1h46wfpjsjastd0001")
    probe = within(client.spec, probe_call(client.spec), client.handshake.parameters)
    example(client, probe, [case.responder()],
            lambda attempt: check_success(attempt, case, _format(client)),
            (*WIRE, *carried(client, "client.wire.tag-encoding", "client.wire.boolean",
                             "client.wire.utf8")))


def test_minimal_call_sends_nothing_unset(client: ClientSession) -> None:
    case = SuccessCase("473469C7-AA6F-4DC5-B3DB-A3DC0DE3C83F", "m-bp1h46wfpjsjastd0002")
    example(client, minimal_call(client.spec), [case.responder()],
            lambda attempt: check_success(attempt, case, _format(client)), WIRE)


def test_false_booleans_are_sent(client: ClientSession) -> None:
    case = SuccessCase("473469C7-AA6F-4DC5-B3DB-A3DC0DE3C840", "m-bp1h46wfpjsjastd0003")
    minimal = minimal_call(client.spec)
    call = within(client.spec, {**minimal, **dict.fromkeys(booleans(client.spec), False)},
                  client.handshake.parameters)
    if call == minimal:
        return  # not assessed: the default reason names the booleans the client cannot send
    example(client, call, [case.responder()],
            lambda attempt: check_success(attempt, case, _format(client)),
            ("client.wire.boolean", "client.wire.boolean-canonical"))
