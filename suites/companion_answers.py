"""A companion's answer judged by its contract, for the copy scenarios and the state machine:
a refusal against the error rows its contract documents for the situation (any row of a group
conforms: every reading is accepted), a success against its success shape."""

from __future__ import annotations

from ecs_conformance.spec.model import Contract, ErrorRow, Rejection
from ecs_conformance.suites import checks, companions
from ecs_conformance.suites.contract_checks import contract_success
from ecs_conformance.suites.findings import Checked, Finding, describe
from ecs_conformance.suites.session import Session
from ecs_conformance.suites.wire import Exchange


def refused_as(ecs: Session, exchange: Exchange, rows: tuple[ErrorRow, ...],
               requirement: str) -> Checked:
    """``exchange`` must be one of ``rows`` (status and code; then the error body and the
    message verbatim, as :func:`suites.checks.rejection` judges any refusal). A finding on
    ``requirement`` expects the rows by status and code (``HTTP 403
    OperationDenied.ImageCopying``); the rows' own requirement fails with it."""
    transport = companions.transport(ecs)
    return checks.rejection(ecs.spec, exchange, Rejection(rows=rows), requirement=requirement,
                            scheme=transport.scheme, fmt=transport.fmt)


def succeeded(ecs: Session, contract: Contract, exchange: Exchange, requirement: str,
              title: str) -> Checked:
    """``exchange`` must succeed with the contract's success shape: judged on
    ``<Action>.response.success-schema`` where the spec has that requirement, else on
    ``requirement`` (a finding ``title`` when it does not succeed at all)."""
    shape = f"{contract.action}.response.success-schema"
    judged = shape if shape in {r.id for r in ecs.spec.requirements()} else requirement
    if exchange.status is None or not 200 <= exchange.status < 300:
        return Checked([Finding(judged, title, f"HTTP 200 ({contract.action} succeeds)",
                                describe(exchange), exchange)], {judged})
    return contract_success(ecs, contract, exchange, judged, companions.transport(ecs))
