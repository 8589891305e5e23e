"""Each of the 31 documented error rows, served with its status, code and message: the client
surfaces code, HTTP status, request id and message."""

from __future__ import annotations

import pytest

from ecs_conformance.spec.loader import load_spec
from ecs_conformance.spec.model import ErrorRow
from ecs_conformance.suites.clientkit.answers import ErrorCase, error_cases
from ecs_conformance.suites.clientkit.calls import minimal_call
from ecs_conformance.suites.clientkit.cases import checked_call, prop
from ecs_conformance.suites.clientkit.checks_answer import check_error
from ecs_conformance.suites.clientkit.session import ClientSession
from ecs_conformance.suites.findings import Checked

ROWS = load_spec().error_rows


@pytest.mark.parametrize("row", ROWS, ids=[row.id for row in ROWS])
def test_error_row_is_surfaced(client: ClientSession, row: ErrorRow) -> None:
    requirement = f"client.{row.requirement}"

    def body(case: ErrorCase) -> Checked:
        return checked_call(client, minimal_call(client.spec), [case.responder()],
                            lambda attempt: check_error(attempt, case, requirement))

    prop(client, error_cases(client.spec, row), body,
         (requirement, "client.errors.message", "client.errors.request-id"),
         max_examples=max(1, client.max_examples // 8))
