"""The spec's other operations (spec/operations/*.yaml) that the adapter declares it can call
(handshake capabilities.operations): the call reaches the wire as that operation, with each
of its parameters, correctly signed; its success answer's RequestId comes back; each of its
documented error rows is surfaced with code and HTTP status. Nothing here names an
operation: it all comes from the contract, so an operation added to spec/operations/ is
checked without code.
"""

from __future__ import annotations

import json
import re
from typing import Any
from xml.sax.saxutils import escape

import pytest

from ecs_conformance.reference.contracts import minimal_answer
from ecs_conformance.spec.loader import load_spec
from ecs_conformance.spec.model import Contract, ErrorRow
from ecs_conformance.spec.wire import Request
from ecs_conformance.suites.clientkit.answers import JSON_TYPE, XML_TYPE, wants_xml
from ecs_conformance.suites.clientkit.attempt import Attempt
from ecs_conformance.suites.clientkit.contract import AdapterError
from ecs_conformance.suites.clientkit.mock import Reply, Responder
from ecs_conformance.suites.clientkit.session import ClientSession
from ecs_conformance.suites.clientkit.verify import decode
from ecs_conformance.suites.findings import Checked
from ecs_conformance.suites.property import check_all

SPEC = load_spec()
COMPANIONS = SPEC.companions
ROWS = [(c, row) for c in COMPANIONS for row in c.error_rows]
PLACEHOLDER = re.compile(r"\$\{([a-z_]+\.[a-z_]+)\}")
REQUEST_ID = "473469C7-AA6F-4DC5-B3DB-A3DC0DE3C83E"  # the docs' example request id


def _declared(client: ClientSession, contract: Contract, *requirements: str
              ) -> dict[str, Any]:
    """The contract's baseline parameters for an adapter that declares the operation."""
    reason = None
    if contract.action not in client.handshake.operations:
        reason = f"the adapter does not declare {contract.action} (capabilities.operations)"
    params: dict[str, Any] = {}
    for name, value in contract.baseline:
        for need in PLACEHOLDER.findall(value):
            role = client.profile.role(need)
            if role is None:
                reason = reason or f"the profile lacks the role {need}"
                break
            value = value.replace("${" + need + "}", role)
        params[name] = value
    if reason is not None:
        for requirement in requirements:
            client.results.skip(requirement, reason)
        pytest.skip(reason)
    return params


def _answer(status: int, fields: dict[str, Any], root: str) -> Responder:
    """The answer in the format the request asks for, as a conforming server renders it."""
    def answer(request: Request) -> Reply:
        if wants_xml(request):
            inner = "".join(f"<{k}>{escape(str(v))}</{k}>" for k, v in fields.items()
                            if not isinstance(v, dict | list))
            body = f'<?xml version="1.0" encoding="UTF-8"?>\n<{root}>{inner}</{root}>'
            return Reply(status, XML_TYPE, body)
        return Reply(status, JSON_TYPE, json.dumps(fields, ensure_ascii=False))

    return answer


def _call(client: ClientSession, contract: Contract, params: dict[str, Any],
          script: list[Responder], requirements: tuple[str, ...]) -> Attempt:
    try:
        return client.call(params, script, action=contract.action)
    except AdapterError as exc:
        for requirement in requirements:
            client.results.errored(requirement, f"AdapterError: {str(exc)[:300]}")
        pytest.fail(f"the adapter failed: {exc}", pytrace=False)


def _wire(client: ClientSession, contract: Contract, attempt: Attempt,
          params: dict[str, Any]) -> Checked:
    """Every request of the call names the operation and the API version, carries each of
    the call's parameters once under its wire name with its value, and is signed."""
    requirement = f"client.{contract.action}.wire"
    out = Checked(assessed={requirement})
    for index, served in enumerate(attempt.served):
        decoded = decode(served.request)
        for name, value in params.items():
            if (got_values := decoded.values(name)) != [str(value)]:
                out.append(attempt.finding(requirement, f"parameter {name} is not sent as set",
                                           f"{name} = {value} once", f"{name} = "
                                           f"{', '.join(map(repr, got_values)) or 'absent'}",
                                           index))
        for name, want in (("Action", contract.action), ("Version", contract.operation.version)):
            if decoded.scheme == "v3":
                where, got = f"header x-acs-{name.lower()}", \
                    served.request.header(f"x-acs-{name.lower()}")
            else:
                where, got = f"parameter {name}", decoded.first(name)
            if got != want:
                out.append(attempt.finding(requirement, f"{name} is missing or wrong",
                                           f"{where} = {want}", f"{where} = {got!r}", index))
        if served.signature_problems:
            out.append(attempt.finding(requirement, "the signature does not verify",
                                       "a valid V1 or V3 signature",
                                       "; ".join(served.signature_problems), index))
    if not attempt.served:
        out.append(attempt.finding(requirement, "nothing was sent", f"a {contract.action} "
                                   "request", attempt.shown_result(), None))
    return out


@pytest.mark.parametrize("contract", COMPANIONS, ids=[c.action for c in COMPANIONS])
def test_operation_is_sent_and_its_success_returned(client: ClientSession,
                                                    contract: Contract) -> None:
    wire, success = f"client.{contract.action}.wire", f"client.{contract.action}.success"
    params = _declared(client, contract, wire, success)
    fields = {"RequestId": REQUEST_ID, **minimal_answer(contract)}
    root = next(r.root for r in contract.responses if r.format == "xml") or ""
    attempt = _call(client, contract, params, [_answer(200, fields, root)], (wire, success))
    out = _wire(client, contract, attempt, params)
    out.assessed.add(success)
    if attempt.outcome != "ok" or attempt.result.get("RequestId") != REQUEST_ID:
        out.append(attempt.finding(success, "the success answer is not returned",
                                   f"outcome ok with RequestId {REQUEST_ID}",
                                   attempt.shown_result()))
    check_all(client, out, wire, success)  # type: ignore[arg-type]


@pytest.mark.parametrize(("contract", "row"), ROWS,
                         ids=[f"{c.action}.{row.id}" for c, row in ROWS])
def test_operation_error_row_is_surfaced(client: ClientSession, contract: Contract,
                                         row: ErrorRow) -> None:
    requirement = f"client.{row.requirement}"
    params = _declared(client, contract, requirement)
    fields = {"RequestId": REQUEST_ID, "HostId": contract.operation.central_endpoint,
              "Code": row.code, "Message": row.message}
    attempt = _call(client, contract, params, [_answer(row.status, fields, "Error")] * 4,
                    (requirement,))
    out = Checked(assessed={requirement})
    result = attempt.result
    if attempt.outcome != "error" or result.get("code") != row.code \
            or result.get("http_status") != row.status:
        out.append(attempt.finding(
            requirement, "the error's code or HTTP status is lost",
            f"outcome error, code {row.code!r}, http_status {row.status}",
            attempt.shown_result()))
    check_all(client, out, requirement)  # type: ignore[arg-type]
