"""Malformed answers give a clean error outcome: never a result, a crash or a hang."""

from __future__ import annotations

import pytest

from ecs_conformance.suites.clientkit.answers import KINDS, MalformedCase, malformed_cases
from ecs_conformance.suites.clientkit.calls import minimal_call
from ecs_conformance.suites.clientkit.cases import checked_call, prop
from ecs_conformance.suites.clientkit.checks_answer import check_malformed
from ecs_conformance.suites.clientkit.session import ClientSession
from ecs_conformance.suites.findings import Checked


@pytest.mark.parametrize("kind", KINDS)
def test_malformed_answer_is_a_clean_error(client: ClientSession, kind: str) -> None:
    def body(case: MalformedCase) -> Checked:
        return checked_call(client, minimal_call(client.spec), [case.responder()],
                            lambda attempt: check_malformed(attempt, case))

    prop(client, malformed_cases(kind), body, (f"client.malformed.{kind}",),
         max_examples=max(2, client.max_examples // 4))
