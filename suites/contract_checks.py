"""Checks of an answer against an operation's contract (spec/operations/ or the primary one),
shared by the server suite's operation checks and its copy scenarios."""

from __future__ import annotations

import jsonschema

from ecs_conformance.spec.model import Contract
from ecs_conformance.spec.predicates import holds
from ecs_conformance.spec.profile import Profile
from ecs_conformance.strategies import LabelledRequest, ProfileLookup
from ecs_conformance.suites import checks
from ecs_conformance.suites.findings import Checked, Finding, describe
from ecs_conformance.suites.labels import LabelError
from ecs_conformance.suites.parse import parse_body
from ecs_conformance.suites.session import Session
from ecs_conformance.suites.signer import Transport
from ecs_conformance.suites.wire import Exchange


def contract_success(ecs: Session, contract: Contract, exchange: Exchange, requirement: str,
                     transport: Transport) -> Checked:
    """A 2xx answer in the expected format whose body matches the contract's success shape."""
    out = Checked(assessed={requirement})
    if exchange.status is None or not 200 <= exchange.status < 300:
        out.append(Finding(requirement, "valid request not accepted", "HTTP 200",
                           describe(exchange), exchange))
        return out
    want, _ = checks.expected_format(transport.scheme, transport.fmt)
    parsed = parse_body(exchange)
    if parsed.fmt != want:
        out.append(Finding(requirement, f"answer is not {want.upper()}",
                           f"a {want.upper()} body", describe(exchange, parsed), exchange))
        return out
    shape = next(r for r in contract.responses if r.format == want)
    if shape.root and parsed.root != shape.root:
        out.append(Finding(requirement, "wrong XML document element", f"<{shape.root}>",
                           f"<{parsed.root}>", exchange))
    validator = jsonschema.Draft202012Validator(shape.schema)
    errors = sorted(validator.iter_errors(parsed.fields), key=str)
    if errors:
        out.append(Finding(requirement, f"body does not match {contract.action} {shape.id}",
                           "keys " + ", ".join(shape.schema.get("required", [])),
                           "; ".join(e.message[:120] for e in errors[:4]), exchange))
    return out


def contract_recheck(contract: Contract, profile: Profile, labelled: LabelledRequest) -> None:
    """Raise LabelError unless ``labelled`` breaks exactly the rules of ``contract`` its label
    declares (re-evaluated by the spec's predicates, as :func:`suites.labels.recheck` does for
    the primary operation): a verdict is only fair on a request that breaks what it says."""
    lookup = ProfileLookup.of(profile)
    broken = {r.id for r in contract.rules
              if not holds(r, labelled.params, contract.char_classes, lookup)}
    primaries = {v.requirement for v in labelled.violations}
    if not primaries <= broken or not broken <= set(labelled.broken):
        raise LabelError(f"{contract.action}: label {sorted(labelled.broken)} but the request "
                         f"breaks {sorted(broken)}")
