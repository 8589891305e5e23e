"""The spec's other operations (spec/operations/*.yaml) that the profile says the target serves.

For each: every rule, of any kind, broken on the contract's baseline request by the strategies'
breaker of its kind (a few examples under the run's seed) must get the rule's documented
refusal; the baseline itself gets its documented answer (a success in the contract's
JSON and XML shapes, or a state row). Nothing here names an operation or a parameter: all of it
comes from the contract, so an operation added to spec/operations/ is checked without code.
"""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from ecs_conformance.spec import load_spec
from ecs_conformance.spec.model import Contract, Rejection, Rule
from ecs_conformance.spec.predicates import LOOKUP_KINDS
from ecs_conformance.strategies import LabelledRequest, contract_violation, needs_roles
from ecs_conformance.strategies.book import book_of
from ecs_conformance.suites import checks, companions
from ecs_conformance.suites.budgets import BUDGETS
from ecs_conformance.suites.contract_checks import contract_recheck, contract_success
from ecs_conformance.suites.findings import Checked, Finding, describe
from ecs_conformance.suites.parse import parse_body
from ecs_conformance.suites.property import check_all, run_property
from ecs_conformance.suites.scenarios import not_assessed, require
from ecs_conformance.suites.session import Session
from ecs_conformance.suites.signer import Transport
from ecs_conformance.suites.wire import Exchange

SPEC = load_spec()
PLACEHOLDER = re.compile(r"\$\{([a-z_]+\.[a-z_]+)\}")
UNKNOWN_ACTION = "InvalidAction.NotFound"  # the gateway's answer to an action it does not know
BROKEN = [(c, r) for c in SPEC.companions for r in c.rules if r.reject is not None]
#: examples per companion rule: the quick budget's, whatever the run's (each is one request)
EXAMPLES = BUDGETS["quick"].examples
#: kinds whose violation leaves nothing for the operation to act on (absent or unknown values)
NOTHING_TO_ACT_ON = frozenset({"required", *LOOKUP_KINDS})


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


@pytest.mark.parametrize(("contract", "rule"), BROKEN,
                         ids=[r.id for _, r in BROKEN])
def test_operation_rule_violation_is_refused(ecs: Session, contract: Contract,
                                             rule: Rule) -> None:
    """The rule broken on the baseline by the strategies' breaker of its kind (the same as the
    primary operation's rules), at the quick budget under the run's seed."""
    base = _breakable(ecs, contract, rule)
    strategy = contract_violation(ecs.spec, ecs.profile, contract, rule, base)
    transport = companions.transport(ecs)
    served = f"{contract.action}.served"
    rows = [row.requirement for row in rule.reject.rows] if rule.reject else []

    def body(labelled: LabelledRequest) -> Checked:
        contract_recheck(contract, ecs.profile, labelled)
        exchange = companions.call(ecs, contract.action, labelled.params)
        if _unknown_action(exchange):
            for requirement in (rule.id, *rows):
                ecs.results.skip(requirement, f"the target does not serve {contract.action}")
            return _not_served(contract, exchange)
        (main,) = labelled.violations
        also = tuple(r for r in (contract.rule(x).reject for x in main.also_breaks)
                     if r is not None)
        result = checks.rejection(ecs.spec, exchange, main.rejection, requirement=rule.id,
                                  scheme=transport.scheme, fmt=transport.fmt,
                                  alternatives=also)
        return result + _served_on(contract, exchange)

    try:
        run_property(ecs, strategy, body, requirements=(), max_examples=EXAMPLES)
    except pytest.fail.Exception:
        # the check could not complete (our machinery, or an inconsistent target): the rule is
        # errored, unless an answer decided it or the operation is not served
        if ecs.results.status(rule.id) == "not_assessed" and \
                ecs.results.status(served) != "failed":
            ecs.results.errored(rule.id, "the check could not complete (see the test's log)")
        raise


def _unknown_action(exchange: Exchange) -> bool:
    return parse_body(exchange).fields.get("Code") == UNKNOWN_ACTION


def _served_on(contract: Contract, exchange: Exchange) -> Checked:
    """What ``exchange`` says of ``<Action>.served``: failed on InvalidAction.NotFound, not
    observed when it is no API answer at all (an HTML page, garbage, a reset: it says nothing
    of the operation), passed on any other answer with a Code or a RequestId."""
    served = f"{contract.action}.served"
    if _unknown_action(exchange):
        return _not_served(contract, exchange)
    out = Checked(assessed={served})
    fields = parse_body(exchange).fields if exchange.status is not None else {}
    if not {"Code", "RequestId"} & set(fields):
        out.unobserve(served, "not observed: the answer is not an API answer with a Code or "
                              f"a RequestId ({describe(exchange)})")
    return out


def _not_served(contract: Contract, exchange: Exchange) -> Checked:
    served = f"{contract.action}.served"
    return Checked([Finding(served, "operation not served", f"an answer other than "
                            f"{UNKNOWN_ACTION}", describe(exchange), exchange)], {served})


def _served(ecs: Session, contract: Contract, exchange: Exchange, requirement: str) -> Checked:
    """The target knows the operation; if it answers that it does not, that is the finding,
    and ``requirement`` (which the answer says nothing of) is not assessed."""
    served = f"{contract.action}.served"
    if not _unknown_action(exchange):
        return _served_on(contract, exchange)
    ecs.results.skip(requirement, f"the target does not serve {contract.action}")
    check_all(ecs, _not_served(contract, exchange), served)
    raise AssertionError("unreachable: check_all fails on a MUST finding")


def _breakable(ecs: Session, contract: Contract, rule: Rule) -> dict[str, str]:
    """The baseline the rule is broken on; not assessed when sending a violation could act on
    the profile's own resource."""
    if not contract.baseline_sendable and rule.check.kind not in NOTHING_TO_ACT_ON:
        # the baseline acts on the profile's own resource (DeleteImage would delete its image):
        # only breaks that leave nothing to act on are sent
        not_assessed(ecs, f"{contract.action} would act on the profile's own resource if the "
                          "target ignored this rule (needs a disposable one)", rule.id)
    rows = [row.requirement for row in rule.reject.rows] if rule.reject else []
    base = _baseline(ecs, contract, rule.id, *rows)
    needs = needs_roles(book_of(ecs.spec, contract), rule)
    require(ecs, needs, rule.id, *rows)
    return base


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
