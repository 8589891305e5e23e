"""Malformed answers give a clean error outcome: never a result, a crash or a hang."""

from __future__ import annotations

import pytest

from suites.clientkit.answers import KINDS, MalformedCase, malformed_cases
from suites.clientkit.calls import MINIMAL
from suites.clientkit.cases import checked_call, prop
from suites.clientkit.checks_answer import check_malformed
from suites.clientkit.session import ClientSession
from suites.findings import Checked


@pytest.mark.parametrize("kind", KINDS)
def test_malformed_answer_is_a_clean_error(client: ClientSession, kind: str) -> None:
    def body(case: MalformedCase) -> Checked:
        return checked_call(client, dict(MINIMAL), [case.responder()],
                            lambda attempt: check_malformed(attempt, case))

    prop(client, malformed_cases(kind), body, (f"client.malformed.{kind}",),
         max_examples=max(2, client.max_examples // 4))
