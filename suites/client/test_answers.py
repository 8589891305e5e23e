"""Success answers: JSON (or XML for a client that asks for it), unknown extra fields."""

from __future__ import annotations

from ecs_conformance.suites.clientkit.answers import SuccessCase, success_cases
from ecs_conformance.suites.clientkit.calls import minimal_call
from ecs_conformance.suites.clientkit.cases import checked_call, prop
from ecs_conformance.suites.clientkit.checks_answer import check_success, success_requirement
from ecs_conformance.suites.clientkit.session import ClientSession
from ecs_conformance.suites.findings import Checked


def test_success_answer_is_returned(client: ClientSession) -> None:
    requirement = success_requirement(client.handshake)

    def body(case: SuccessCase) -> Checked:
        return checked_call(client, minimal_call(client.spec), [case.responder()],
                            lambda attempt: check_success(attempt, case, requirement))

    prop(client, success_cases(extra=False), body, (requirement,))


def test_unknown_extra_fields_are_tolerated(client: ClientSession) -> None:
    def body(case: SuccessCase) -> Checked:
        return checked_call(client, minimal_call(client.spec), [case.responder()], lambda attempt:
                            check_success(attempt, case, "client.success.extra-fields"))

    prop(client, success_cases(extra=True), body, ("client.success.extra-fields",))

