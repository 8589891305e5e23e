"""The spec's other operations (spec/operations/*.yaml) that the profile says the target serves.

For each: every rule broken once on the contract's baseline request must get the rule's
documented refusal; the baseline itself gets its documented answer (a success in the contract's
JSON and XML shapes, or a state row). Nothing here names an operation or a parameter: all of it
comes from the contract, so an operation added to spec/operations/ is checked without code.
"""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from ecs_conformance.spec import load_spec
from ecs_conformance.spec.model import Contract, Rejection, Rule
from ecs_conformance.strategies.world import known_images, known_kms_keys, known_regions
from ecs_conformance.suites import checks, companions
from ecs_conformance.suites.contract_checks import contract_success
from ecs_conformance.suites.findings import Checked, Finding, describe
from ecs_conformance.suites.parse import parse_body
from ecs_conformance.suites.property import check_all
from ecs_conformance.suites.scenarios import not_assessed, require
from ecs_conformance.suites.session import Session
from ecs_conformance.suites.signer import Transport
from ecs_conformance.suites.wire import Exchange

SPEC = load_spec()
PLACEHOLDER = re.compile(r"\$\{([a-z_]+\.[a-z_]+)\}")
#: a value each look-up kind is sure not to find (checked against the profile before use)
NOT_FOUND = {"known_region": "xx-nowhere-1", "known_image": "m-nowhere000000000000",
             "known_kms_key": "00000000-0000-0000-0000-000000000000"}
NOT_BOOLEAN = "maybe"
UNKNOWN_ACTION = "InvalidAction.NotFound"  # the gateway's answer to an action it does not know
BROKEN = [(c, r) for c in SPEC.companions for r in c.rules if r.reject is not None]


def _baseline(ecs: Session, contract: Contract, *requirements: str) -> dict[str, str]:
    """The contract's baseline request with the profile's roles filled in; ``requirements``
    (and whether the target serves the operation) not assessed when the profile does not
    provide the operation or a role the baseline reads."""
    roles = [need for _, value in contract.baseline for need in PLACEHOLDER.findall(value)]
    require(ecs, [f"operations.{contract.action}", *roles], *requirements,
            f"{contract.action}.served")
    out: dict[str, str] = {}
    for name, value in contract.baseline:
        for need in PLACEHOLDER.findall(value):
            value = value.replace("${" + need + "}", ecs.profile.role(need) or "")
        out[name] = value
    return out


def _broken(ecs: Session, rule: Rule, params: dict[str, str]) -> dict[str, str] | None:
    """``params`` with ``rule`` broken, or None when this kind has no example breaker."""
    kind, out = rule.check.kind, dict(params)
    if kind == "required":
        out.pop(rule.parameter, None)
    elif kind in NOT_FOUND:
        out[rule.parameter] = NOT_FOUND[kind]
    elif kind == "boolean":
        out[rule.parameter] = NOT_BOOLEAN
    else:
        return None
    return out


@pytest.mark.parametrize(("contract", "rule"), BROKEN,
                         ids=[r.id for _, r in BROKEN])
def test_operation_rule_violation_is_refused(ecs: Session, contract: Contract,
                                             rule: Rule) -> None:
    params = _breakable(ecs, contract, rule)
    transport = companions.transport(ecs)
    exchange = companions.call(ecs, contract.action, params)
    assert rule.reject is not None
    served = _served(ecs, contract, exchange, rule.id)
    result = checks.rejection(ecs.spec, exchange, rule.reject, requirement=rule.id,
                              scheme=transport.scheme, fmt=transport.fmt)
    check_all(ecs, result + served, rule.id, f"{contract.action}.served")


def _served(ecs: Session, contract: Contract, exchange: Exchange, requirement: str) -> Checked:
    """The target knows the operation; if it answers that it does not, that is the finding,
    and ``requirement`` (which the answer says nothing of) is not assessed."""
    served = f"{contract.action}.served"
    if parse_body(exchange).fields.get("Code") != UNKNOWN_ACTION:
        return Checked(assessed={served})
    ecs.results.skip(requirement, f"the target does not serve {contract.action}")
    check_all(ecs, Checked([Finding(served, "operation not served",
                                    f"an answer other than {UNKNOWN_ACTION}",
                                    describe(exchange), exchange)]), served)
    raise AssertionError("unreachable: check_all fails on a MUST finding")


def _breakable(ecs: Session, contract: Contract, rule: Rule) -> dict[str, str]:
    if not contract.baseline_sendable and rule.check.kind != "required" \
            and rule.check.kind not in NOT_FOUND:
        # the baseline acts on the profile's own resource (DeleteImage would delete its image):
        # only breaks that leave nothing to act on are sent
        not_assessed(ecs, f"{contract.action} would act on the profile's own resource if the "
                          "target ignored this rule (needs a disposable one)", rule.id)
    rows = [row.requirement for row in rule.reject.rows] if rule.reject else []
    params = _broken(ecs, rule, _baseline(ecs, contract, rule.id, *rows))
    if params is None:
        not_assessed(ecs, f"no example breaks a rule of kind {rule.check.kind} yet", rule.id)
    known = known_regions(ecs.profile) | known_images(ecs.profile) | known_kms_keys(ecs.profile)
    if rule.check.kind in NOT_FOUND and params[rule.parameter] in known:
        not_assessed(ecs, f"the profile names {params[rule.parameter]!r}, so it cannot stand "
                          "for one that does not exist", rule.id)
    return params


SENDABLE = [c for c in SPEC.companions if c.baseline_sendable]


@pytest.mark.parametrize("contract", SENDABLE, ids=[c.action for c in SENDABLE])
@pytest.mark.parametrize("fmt", ["JSON", "XML"])
def test_operation_baseline_gets_its_documented_answer(ecs: Session, contract: Contract,
                                                       fmt: str) -> None:
    requirement = _answer_requirement(contract)
    params = _baseline(ecs, contract, requirement)
    scheme = ecs.profile.signature_versions[-1] if fmt == "JSON" else "v1"
    if scheme not in ecs.profile.signature_versions:
        not_assessed(ecs, f"the profile does not declare signature {scheme}", requirement)
    transport = Transport(scheme, "POST", "query", fmt if scheme == "v1" else None)
    signer = replace(ecs.signer, action=contract.action)
    exchange = ecs.send(signer.sign(params, transport),
                        resign=lambda: signer.sign(params, transport))
    served = _served(ecs, contract, exchange, requirement)
    if contract.baseline_answer == "success":
        result = contract_success(ecs, contract, exchange, requirement, transport)
    else:
        row = contract.row(contract.baseline_answer.removeprefix("row:"))
        result = checks.rejection(ecs.spec, exchange, Rejection(rows=(row,)),
                                  requirement=requirement, scheme=transport.scheme,
                                  fmt=transport.fmt)
    check_all(ecs, result + served, requirement, f"{contract.action}.served")


def _answer_requirement(contract: Contract) -> str:
    if contract.baseline_answer == "success":
        return f"{contract.action}.response.success-schema"
    return contract.row(contract.baseline_answer.removeprefix("row:")).requirement
