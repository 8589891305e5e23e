"""State-triggered error rows, each provoked through the profile role that names it."""

from __future__ import annotations

import pytest

from ecs_conformance.spec import load_spec, roles
from ecs_conformance.spec.model import ErrorRow, Rejection
from ecs_conformance.strategies.world import PROFILE_ROLE
from ecs_conformance.suites import checks
from ecs_conformance.suites.needs import DRY_RUN
from ecs_conformance.suites.parse import parse_body
from ecs_conformance.suites.property import check_all
from ecs_conformance.suites.same_image import finish_copies, holding_copies, is_conflict_row
from ecs_conformance.suites.scenarios import (
    accept,
    copy_back,
    grey_rows,
    not_assessed,
    require,
    scenario_rows,
    set_role,
)
from ecs_conformance.suites.session import Session
from ecs_conformance.suites.signer import Signer, Transport

SPEC = load_spec()
STATE_ROWS = [row for row in SPEC.error_rows if row.error_class == "state"]
COPY_OF_COPYING = "copy-of-copying"  # the scenario of row 15 (_copy_then, spec/readings.yaml)


def _transport(ecs: Session) -> Transport:
    scheme = ecs.profile.signature_versions[-1]
    return Transport(scheme, "POST", "query", "JSON" if scheme == "v1" else None)


def _needs(row: ErrorRow) -> list[str]:
    """What the target must provide to provoke ``row``: its role, and the profile value of
    each parameter role the row needs (errors.yaml ``needs``: a KMS key for the rows only an
    encrypted copy reaches)."""
    return [*([row.role] if row.role else []), *(PROFILE_ROLE[role] for role in row.needs)]


def _trigger(ecs: Session, row: ErrorRow) -> tuple[dict[str, str], Signer]:
    """The request (and signer) that provokes ``row`` on a target holding its role."""
    params = ecs.base_request()
    group = (row.role or "").split(".")[0]
    value = ecs.profile.role(row.role) if row.role else None
    signer = ecs.signer
    if group == "images":
        set_role(ecs, params, roles.IMAGE, value or "")
    elif group == "regions":
        set_role(ecs, params, roles.REGION_DESTINATION, value or "")
    elif group == "kms_keys":
        set_role(ecs, params, roles.KMS_KEY, value or "")
    elif group == "accounts":
        name = (row.role or "").split(".")[1]
        account = ecs.profile.account(name)
        assert account is not None
        signer = signer.with_credentials(account.access_key_id, account.access_key_secret, name)
    for role in row.needs:  # the rows' other needs (errors.yaml), from the profile
        set_role(ecs, params, role, ecs.profile.role(PROFILE_ROLE[role]) or "")
    return params, signer


def _copy_then(ecs: Session, row: ErrorRow, transport: Transport) -> dict[str, str]:
    """The duplicate-name row and OperationDenied.ImageCopying need a copy made first: a second
    copy under the same
    name, or a copy of the copy still in progress."""
    first = ecs.base_request()
    result, exchange = accept(ecs, first, transport, "response.success-schema")
    check_all(ecs, result)
    if is_conflict_row(ecs.spec, row):  # the same image again while its copy runs
        return ecs.base_request()
    if row == roles.duplicate_row(ecs.spec):
        if ecs.refuses_same_image:
            finish_copies(ecs, row.requirement, ecs.target_region(first))
        again = ecs.base_request()
        set_role(ecs, again, roles.NAME, first[roles.name_of(ecs.spec, roles.NAME) or ""])
        return again
    return copy_back(ecs, first, ecs.created_id(exchange))


@pytest.mark.parametrize("row", STATE_ROWS, ids=lambda r: r.requirement)
def test_state_row(ecs: Session, row: ErrorRow) -> None:
    require(ecs, _needs(row), row.requirement)
    transport = _transport(ecs)
    copy_of_copying = row in scenario_rows(ecs.spec, COPY_OF_COPYING)
    copy_first = (row == roles.duplicate_row(ecs.spec) or copy_of_copying
                  or is_conflict_row(ecs.spec, row))
    if copy_first and not ecs.can_copy():
        reason = f"it needs a real copy and this live run made its {ecs.max_copies}"
        not_assessed(ecs, reason, row.requirement)
    if copy_first:
        params, signer = _copy_then(ecs, row, transport), ecs.signer
    else:
        params, signer = _trigger(ecs, row)
    with holding_copies(ecs, is_conflict_row(ecs.spec, row)):
        exchange = ecs.send(signer.sign(params, transport))
    # rows another reading of the source gives for the same request (reading.copying-image)
    others = grey_rows(ecs.spec, row, COPY_OF_COPYING if copy_of_copying else None)
    result = checks.rejection(ecs.spec, exchange, Rejection(rows=(row,)),
                              requirement=row.requirement, scheme=transport.scheme,
                              fmt=transport.fmt,
                              alternatives=tuple(Rejection(rows=(o,)) for o, _ in others))
    code = parse_body(exchange).fields.get("Code")
    other = next(((o, r) for o, r in others if (exchange.status, code) == (o.status, o.code)),
                 None)
    if other is not None:
        # the target follows the other reading: its answer is conformant, but it says nothing
        # of this row (test_readings records which reading the target follows)
        ecs.results.add(f for f in result.findings if f.requirement != row.requirement)
        ecs.results.checked(*(result.assessed - {row.requirement}))
        not_assessed(ecs, f"the target answers {other[0].code} here ({other[1]}); both are "
                          "acceptable readings of the source", row.requirement)
    check_all(ecs, result, row.requirement)


def test_dry_run_answers_dry_run_operation(ecs: Session) -> None:
    requirement = "state.dry-run"
    require(ecs, [DRY_RUN], requirement)
    req = ecs.spec.protocol_requirement(requirement)
    assert req.expect is not None
    transport = _transport(ecs)
    params = ecs.base_request()
    set_role(ecs, params, roles.DRY_RUN, "true")
    exchange = ecs.call(params, transport)
    check_all(ecs, checks.expectation(ecs.spec, exchange, req.expect, requirement=requirement,
                                      scheme=transport.scheme, fmt=transport.fmt), requirement)
