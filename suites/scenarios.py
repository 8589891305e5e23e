"""Send one request and judge it: the building blocks of the server suite's tests."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from typing import NoReturn

import pytest

from ecs_conformance.spec import roles
from ecs_conformance.spec.model import ErrorRow, Rejection, Spec
from ecs_conformance.spec.predicates import holds, parse_bool
from ecs_conformance.strategies import world
from ecs_conformance.strategies.fresh import stamp
from ecs_conformance.strategies.tagging import spellings
from ecs_conformance.suites import checks
from ecs_conformance.suites.findings import Checked, Finding
from ecs_conformance.suites.needs import DRY_RUN, scheme_need
from ecs_conformance.suites.parse import parse_body
from ecs_conformance.suites.session import Session
from ecs_conformance.suites.signer import Transport
from ecs_conformance.suites.wire import Exchange

RESTAMPS = 3  # new spellings tried when a persistent target already holds a stamped name


def stamped(session: Session, params: Mapping[str, str], salt: int = 0) -> dict[str, str]:
    """``params`` whose name (the parameter with role ``name``), when valid, carries a part
    unique to this run (:func:`strategies.fresh.stamp`): a persistent target keeps the copies
    of other runs. On a fresh target (the embedded emulator) names are left as drawn."""
    out = dict(params)
    param = roles.name_of(session.spec, roles.NAME)
    name = out.get(param) if param else None
    if session.fresh_state or not param or not name or not all(
            holds(r, out, session.spec.char_classes) for r in session.spec.rules_for(param)):
        return out
    out[param] = stamp(session.spec, param, name, session.run_token, salt)
    return out


def is_duplicate(session: Session, exchange: Exchange) -> bool:
    """Is the answer the row a repeated name gets (the name parameter's ``duplicate_row``)?"""
    row = roles.duplicate_row(session.spec)
    return row is not None and parse_body(exchange).fields.get("Code") == row.code


def set_role(session: Session, params: dict[str, str], role: str, value: str) -> None:
    """Set the parameter with ``role`` to ``value``, and what its ``requires`` rules ask of
    the others (a KMS key: the encryption flag on)."""
    name = roles.name_of(session.spec, role)
    assert name is not None, f"the operation has no parameter with role {role}"
    params[name] = value
    for rule in world.conditions(session.spec, name):
        if rule.check.other:
            params[rule.check.other] = spellings(parse_bool(rule.check.equals or ""))[0]


def copy_back(session: Session, first: Mapping[str, str], image: str) -> dict[str, str]:
    """A request copying ``image`` — made by ``first`` in its destination region — from there
    back to ``first``'s source region."""
    names = [roles.name_of(session.spec, r)
             for r in (roles.IMAGE, roles.REGION_SOURCE, roles.REGION_DESTINATION)]
    image_name, source, destination = names
    assert image_name and source and destination, "the operation copies nothing between regions"
    return {**session.base_request(), image_name: image, source: first[destination],
            destination: first[source]}


def _taken_elsewhere(session: Session, params: Mapping[str, str], exchange: Exchange) -> bool:
    """A Duplicated answer on a name this run never used, from a target other runs share: the
    name was taken by another run — not a finding, a name to spell anew. The answer is looked
    at first: ``name_used`` frees our copies of the source (editions refusing a second copy of
    an image), which must not cancel the copy this very request has just made."""
    return (not session.fresh_state
            and exchange.status is not None and exchange.status >= 400
            and is_duplicate(session, exchange)
            and not session.name_used(dict(params)))


def grey_rows(spec: Spec, row: ErrorRow, scenario: str | None
              ) -> tuple[tuple[ErrorRow, str], ...]:
    """The rows other readings of the source give where ``row`` is expected in ``scenario``:
    from each probe of spec/readings.yaml for that scenario that predicts ``row`` for one
    reading, the rows it predicts for the others, with the reading entry's ID."""
    out: list[tuple[ErrorRow, str]] = []
    for entry in spec.readings:
        for probe in entry.probes:
            if scenario is None or probe.scenario != scenario:
                continue
            outcomes = dict(probe.expect).values()
            if f"row:{row.id}" in outcomes:
                out += [(spec.row(o[4:]), entry.id) for o in outcomes
                        if o.startswith("row:") and o != f"row:{row.id}"]
    return tuple(dict.fromkeys(out))


def scenario_rows(spec: Spec, scenario: str) -> tuple[ErrorRow, ...]:
    """The rows the primary reading of each spec/readings.yaml probe of ``scenario`` predicts
    (the row a named scenario provokes, found by meaning rather than by ID)."""
    out: list[ErrorRow] = []
    for entry in spec.readings:
        for probe in entry.probes:
            outcome = dict(probe.expect).get(entry.primary, "")
            if probe.scenario == scenario and outcome.startswith("row:"):
                out.append(spec.row(outcome[4:]))
    return tuple(out)


def not_assessed(session: Session, reason: str, *requirements: str) -> NoReturn:
    """Record why ``requirements`` cannot be assessed on this target, and skip the test."""
    for requirement in requirements:
        session.results.skip(requirement, reason)
    pytest.skip(reason)


def lacking(session: Session, needs: Iterable[str]) -> list[str]:
    """The needs (``images.unavailable``, ``supports.dry_run``, …) the profile does not
    provide (:meth:`spec.profile.Profile.provides`), in the order given, each once."""
    return [n for n in dict.fromkeys(needs) if not session.profile.provides(n)]


def without(session: Session, missing: Iterable[str]) -> str:
    """The not-assessed reason for needs the profile does not provide: it names each, and the
    profile key that would declare it where that is another (``supports.describe_images``)."""
    named = []
    for need in missing:
        key = session.profile.declared_in(need)
        named.append(need if key == need else f"{need} ({key})")
    return f"the profile does not provide {', '.join(named)}"


def require(session: Session, needs: Iterable[str], *requirements: str) -> None:
    """Not assess ``requirements`` (and skip the test) unless the profile provides every one
    of ``needs``; the reason names the missing ones."""
    missing = lacking(session, needs)
    if missing:
        not_assessed(session, without(session, missing), *requirements)


def require_scheme(session: Session, scheme: str, *requirements: str) -> None:
    """Not assess ``requirements`` (and skip the test) unless the profile declares ``scheme``
    (:func:`suites.needs.scheme_need`). A requirement another scheme's test assesses still
    passes or fails there: a recorded check outweighs a not-assessed reason."""
    require(session, [scheme_need(scheme)], *requirements)


def declared_schemes(session: Session, assessing: Callable[[str], str]) -> list[str]:
    """The spec's signature schemes the profile declares; for every other scheme, the
    requirement ``assessing(scheme)`` names is not assessed, the need named."""
    out = []
    for scheme in (s.id for s in session.spec.signature_schemes):
        if session.profile.provides(scheme_need(scheme)):
            out.append(scheme)
        else:
            session.results.skip(assessing(scheme), without(session, [scheme_need(scheme)]))
    return out


def accept(session: Session, params: Mapping[str, str], transport: Transport,
           requirement: str) -> tuple[Checked, Exchange]:
    """A valid request must succeed. A name this run already used must give the name's
    duplicate row instead."""
    params = dict(params)
    row = roles.duplicate_row(session.spec)
    if row is not None and session.name_used(params):
        exchange = session.call(params, transport)
        return checks.rejection(session.spec, exchange, Rejection(rows=(row,)),
                                requirement=row.requirement, scheme=transport.scheme,
                                fmt=transport.fmt), exchange
    if not session.can_copy():
        # live runs cap real copies: the rest are dry runs, judged as DryRunOperation answers
        switch = roles.name_of(session.spec, roles.DRY_RUN)
        if switch is None:
            pytest.skip(f"--max-copies {session.max_copies} reached and the operation has no "
                        "dry-run switch")
        if not session.profile.provides(DRY_RUN):
            not_assessed(session, f"--max-copies {session.max_copies} reached and "
                                  f"{without(session, [DRY_RUN])}", requirement)
        dry = session.spec.protocol_requirement("state.dry-run").expect
        assert dry is not None
        exchange = session.call({**params, switch: "true"}, transport)
        return checks.expectation(session.spec, exchange, dry, requirement=requirement,
                                  scheme=transport.scheme, fmt=transport.fmt), exchange
    exchange = session.call(params, transport)
    for salt in range(1, RESTAMPS + 1):
        if not _taken_elsewhere(session, params, exchange):
            break
        params = stamped(session, params, salt)
        exchange = session.call(params, transport)
    result = checks.success(session.spec, exchange, accept_requirement=requirement,
                            scheme=transport.scheme, fmt=transport.fmt)
    if exchange.status == 200:
        session.note_copy(params)
    return result, exchange


def reject(session: Session, params: Mapping[str, str], transport: Transport,
           rejection: Rejection, requirement: str,
           alternatives: tuple[Rejection, ...] = ()) -> tuple[Checked, Exchange]:
    params = stamped(session, params)
    reused = session.name_used(dict(params))
    exchange = session.call(dict(params), transport)
    result = checks.rejection(session.spec, exchange, rejection, requirement=requirement,
                              scheme=transport.scheme, fmt=transport.fmt,
                              alternatives=alternatives)
    if reused and is_duplicate(session, exchange):
        # Hypothesis replays a shrunk input: the target accepted this invalid name before and
        # now calls it a duplicate. Say so plainly rather than blame the duplicate answer.
        # a SHOULD rule's violation puts no row at stake
        rows = [row.requirement for row in rejection.rows
                if session.spec.level(requirement) == "MUST"]
        ids = [requirement, *rows]
        result = Checked([Finding(i, "violation accepted earlier in this run",
                                  f"refused as {rejection.code or 'a 4xx error'} every time",
                                  "accepted once; now answered "
                                  f"{parse_body(exchange).fields.get('Code')}",
                                  exchange) for i in ids], result.assessed)
    if exchange.status == 200:
        session.note_copy(dict(params))
    return result, exchange


def reject_everywhere(session: Session, params: Mapping[str, str], first: Transport,
                      rejection: Rejection, requirement: str,
                      alternatives: tuple[Rejection, ...] = (),
                      record_only: Collection[str] = ()) -> Checked:
    """An invalid request is refused the same way however it travels: send it over ``first``
    (the transport Hypothesis drew, with its format and space-encoding variants) and then over
    every path of :meth:`Session.transports` (each scheme by POST query, GET and POST form; V1
    with JSON and with XML answers). Stops at the first MUST finding, which Hypothesis then
    shrinks — not at one on a requirement in ``record_only``, which the property records and
    explores past (:func:`suites.property.run_property`). A live run sends each violation once,
    over ``first``: the real API meters and throttles requests.

    Generating an example costs several requests' worth of time; every send checks the same
    violation on another path through the target (parameter parsing, signing, error format)."""
    result = Checked()
    sent = set()
    for transport in [first] if session.live else [first, *session.transports()]:
        key = _path(transport)
        if key in sent:
            continue
        sent.add(key)
        checked, exchange = reject(session, params, transport, rejection, requirement,
                                   alternatives)
        result += checked
        if any(session.spec.level(f.requirement) == "MUST" and f.requirement not in record_only
               for f in checked.findings):
            break
        if exchange.status is not None and 200 <= exchange.status < 300:
            # accepted (a SHOULD rule another reading allows): the finding is made, and every
            # further path would be one more real copy in the target's queue
            break
    return result


def _path(transport: Transport) -> tuple[str, str, str, str | None, str]:
    """What distinguishes two transports on the wire (V3 carries no Format parameter)."""
    fmt = transport.fmt if transport.scheme == "v1" else None
    return (transport.scheme, transport.method, transport.placement, fmt, transport.space_style)


def no_answer(requirement: str, exchange: Exchange) -> list[Finding]:
    if exchange.status is None:
        return [Finding(requirement, "no answer", "an HTTP answer", str(exchange.problem),
                        exchange)]
    return []
