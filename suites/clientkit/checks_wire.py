"""Checks of the request on the wire, recomputed from the recorded bytes: method and path,
action and version, every parameter's name and encoding, unset parameters absent (a value the
client fills in is reported, and is a MUST finding when it breaks a documented rule of the
valid call), the signature, a fresh nonce and the timestamp. Each check returns every problem
it finds."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from ecs_conformance.spec.model import Spec
from ecs_conformance.spec.predicates import holds
from ecs_conformance.spec.signing import parse_timestamp
from ecs_conformance.suites.clientkit.attempt import Attempt
from ecs_conformance.suites.clientkit.calls import (
    booleans,
    expected_wire,
    is_business,
    repeat_field,
)
from ecs_conformance.suites.clientkit.verify import Decoded, decode, nonce_of, timestamp_of
from ecs_conformance.suites.findings import Checked

UNRESERVED = re.compile(r"[A-Za-z0-9._~-]*")
WINDOW = timedelta(minutes=15)
Fail = Callable[[str, str, str, str], None]


def request_checks(spec: Spec, attempt: Attempt, nonces: set[str],
                   defaults: dict[str, str] | None = None) -> Checked:
    """Every request of the call (retries included) against every wire requirement;
    ``defaults`` collects the parameters the client sent although the call did not set them."""
    checked = Checked()
    for index in range(len(attempt.served)):
        checked += _one(spec, attempt, index, nonces, {} if defaults is None else defaults)
    return checked


def _one(spec: Spec, attempt: Attempt, index: int, nonces: set[str],
         defaults: dict[str, str]) -> Checked:
    out = Checked()
    served = attempt.served[index]
    request = served.request
    decoded = decode(request)

    def fail(requirement: str, title: str, expected: str, received: str) -> None:
        out.append(attempt.finding(requirement, title, expected, received, index))

    out.assessed |= {"client.wire.method-path", "client.wire.action-version",
                     "client.wire.parameters", "client.wire.unset-absent",
                     "client.defaults.valid", "client.nonce.fresh", "client.timestamp.format"}
    if request.method not in ("POST", "GET") or request.path != "/":
        fail("client.wire.method-path", f"{spec.operation.action} is not sent as POST / or GET /",
             "POST / or GET /", f"{request.method} {request.path}")
    expected = expected_wire(spec, attempt.call["parameters"])
    if any(not UNRESERVED.fullmatch(v) for v in expected.values()):
        out.assessed.add("client.wire.utf8")
    raw = request.raw_query + (request.body if decoded.form else b"")
    if decoded.problem or not raw.isascii():
        fail("client.wire.utf8", "the parameters are not UTF-8 percent-encoded",
             "every byte outside A-Z a-z 0-9 - _ . ~ sent as %XX of its UTF-8 encoding",
             decoded.problem or f"raw non-ASCII bytes in {raw[:200]!r}")
        if decoded.problem:
            return out
    _action_version(spec, request.header, decoded, fail)
    _parameters(spec, expected, decoded, fail, out)
    filled = _unexpected(spec, expected, decoded, fail)
    for name, value in filled.items():
        defaults.setdefault(name, value)
    _defaults_valid(spec, expected, decoded, filled, fail)
    _signature(attempt, served.signature_problems, decoded, fail, out)
    _nonce(nonce_of(request, decoded), nonces, fail)
    _timestamp(timestamp_of(request, decoded), request.received_at, fail)
    return out


def _action_version(spec: Spec, header: Callable[[str], str | None], decoded: Decoded,
                    fail: Fail) -> None:
    # the protocol's common parameters (protocol.yaml), valued from the spec's operation
    for name, want in (("Action", spec.operation.action), ("Version", spec.operation.version)):
        if decoded.scheme == "v3":
            got = header(f"x-acs-{name.lower()}")
            where = f"header x-acs-{name.lower()}"
        else:
            got = decoded.first(name)
            where = f"parameter {name}"
        if got != want:
            fail("client.wire.action-version", f"{name} is missing or wrong",
                 f"{where} = {want}", f"{where} = {got!r}")


def _parameters(spec: Spec, expected: dict[str, str], decoded: Decoded, fail: Fail,
                out: Checked) -> None:
    flags = booleans(spec)
    for name, want in expected.items():
        got = decoded.values(name)
        tag = repeat_field(spec, name)
        if tag:
            out.assessed.add("client.wire.tag-encoding")
        if name in flags:
            out.assessed |= {"client.wire.boolean", "client.wire.boolean-canonical"}
        if not got:
            requirement = "client.wire.tag-encoding" if tag else "client.wire.parameters"
            fail(requirement, f"a set parameter is not sent ({f'{tag[0]}.N' if tag else name})",
                 f"{name}={want!r}", f"no {name} parameter")
        elif len(got) > 1:
            fail("client.wire.parameters", f"{name} is sent more than once",
                 f"{name} once", f"{name} = {got}")
        elif name in flags and got[0].lower() != want:
            fail("client.wire.boolean", "a boolean is not sent as true/false",
                 f"{name}={want}", f"{name}={got[0]!r}")
        elif name in flags and got[0] != want:
            fail("client.wire.boolean-canonical", "a boolean is not in lower case",
                 f"{name}={want}", f"{name}={got[0]!r}")
        elif got[0] != want:
            requirement = ("client.wire.tag-encoding" if tag else "client.wire.utf8"
                           if not UNRESERVED.fullmatch(want) else "client.wire.parameters")
            fail(requirement, f"{'a tag' if tag else 'a parameter'} arrives with another value",
                 f"{name}={want!r} (decoded)", f"{name}={got[0]!r} (decoded)")


def _unexpected(spec: Spec, expected: dict[str, str], decoded: Decoded, fail: Fail
                ) -> dict[str, str]:
    """Business parameters sent although the call did not set them; returns those that are
    not tags (the client's own defaults), with the value sent."""
    filled: dict[str, str] = {}
    for name, value in dict(decoded.params).items():
        if name in expected or not is_business(spec, name):
            continue
        tag = repeat_field(spec, name)
        if tag and not _optional_field_of_sent_item(spec, tag, expected):
            group = tag[0]
            fail("client.wire.tag-encoding", "a tag is sent under another index",
                 f"only {sorted(n for n in expected if n.startswith(group + '.'))}",
                 f"{name}={value!r}")
        elif not tag:
            filled[name] = value
            fail("client.wire.unset-absent",
                 "a parameter the call did not set is sent (a value the client fills in)",
                 f"no {name} parameter", f"{name}={value!r}")
    return filled


def _optional_field_of_sent_item(spec: Spec, tag: tuple[str, int, str],
                                 expected: dict[str, str]) -> bool:
    """A later field (a tag's Value) of an item whose first field (its Key) the call set: the
    client may fill it in (an empty value)."""
    group, index, field = tag
    param = spec.parameter(group)
    assert param.repeat is not None
    first = param.repeat.fields[0].name
    return field != first and f"{group}.{index}.{first}" in expected


def _defaults_valid(spec: Spec, expected: dict[str, str], decoded: Decoded,
                    filled: dict[str, str], fail: Fail) -> None:
    """A filled-in value that breaks a MUST rule with documented error rows, which the call as
    set keeps (e.g. DestinationRegionId equal to RegionId: seed row 19)."""
    if not filled:
        return
    sent = {k: v for k, v in dict(decoded.params).items() if is_business(spec, k)}
    for rule in spec.rules:
        check = rule.check
        involved = {n for n in (rule.parameter, check.other, check.when_present)
                    if n in filled}
        if rule.level != "MUST" or rule.reject is None or not rule.reject.documented \
                or not involved:
            continue
        if holds(rule, sent, spec.char_classes) or not holds(rule, expected, spec.char_classes):
            continue
        rows = ", ".join(f"{row.status} {row.code} (seed row {row.row})"
                         for row in rule.reject.rows)
        shown = ", ".join(f"{name}={filled[name]!r}" for name in sorted(involved))
        fail("client.defaults.valid",
             f"a value the client fills in breaks rule {rule.id}: {rule.title}",
             f"the call as set ({', '.join(sorted(involved))} not set), which keeps the rule",
             f"{shown} sent: the service refuses it with {rows}")


def _signature(attempt: Attempt, problems: tuple[str, ...], decoded: Decoded, fail: Fail,
               out: Checked) -> None:
    declared = attempt.handshake.signature
    scheme = decoded.scheme or declared
    requirement = f"client.signature.{scheme}"
    out.assessed.add(requirement)
    if decoded.scheme != declared:
        fail(f"client.signature.{declared}", "the request is not signed as declared",
             f"a {declared.upper()} signature (the handshake's capabilities.signature)",
             f"{decoded.scheme.upper() if decoded.scheme else 'no'} signature")
    if problems:
        fail(requirement, "the signature does not verify",
             "a signature that verifies over the received bytes", "; ".join(problems))


def _nonce(nonce: str | None, nonces: set[str], fail: Fail) -> None:
    if not nonce:
        fail("client.nonce.fresh", "the request carries no nonce", "a fresh nonce", "none")
    elif nonce in nonces:
        fail("client.nonce.fresh", "a nonce is sent again",
             "a nonce never sent before in this run", f"{nonce!r} was sent before")
    else:
        nonces.add(nonce)


def _timestamp(stamp: str | None, received_at: float, fail: Fail) -> None:
    try:
        when = parse_timestamp(stamp or "")
    except (TypeError, ValueError) as exc:
        fail("client.timestamp.format", "the timestamp is not UTC YYYY-MM-DDThh:mm:ssZ",
             "e.g. 2026-11-27T01:40:55Z", f"{stamp!r}: {exc}")
        return
    skew = abs(when - datetime.fromtimestamp(received_at, UTC))
    if skew > WINDOW:
        fail("client.timestamp.format", "the timestamp is outside the 15-minute window",
             "within 15 minutes of the server's clock", f"{stamp} ({skew} away)")
