"""Gateway behaviour: signatures, keys, nonces, timestamps, actions, versions, methods."""

from __future__ import annotations

from dataclasses import replace

import pytest

from ecs_conformance.spec import roles
from ecs_conformance.spec.signing import EMPTY_SHA256
from ecs_conformance.suites import checks
from ecs_conformance.suites.defects import (
    BadSignature,
    BodyHash,
    DropCommon,
    IncompleteSignature,
    LiteralTimestamp,
    ReuseNonce,
    SignatureMethod,
    TimestampOffset,
    UnknownAccessKey,
    UnsignedParam,
)
from ecs_conformance.suites.property import check_all
from ecs_conformance.suites.scenarios import require_scheme
from ecs_conformance.suites.session import Session
from ecs_conformance.suites.signer import Transport
from ecs_conformance.suites.wire import WireRequest


def _probe(ecs: Session) -> dict[str, str]:
    """A valid request: a target that skips the gateway check answers 200, not another 4xx
    that would mask the fault. Live runs probe with DryRun=true, so a broken gateway answers
    DryRunOperation instead of making a billable copy."""
    switch = roles.name_of(ecs.spec, roles.DRY_RUN)
    return {**ecs.base_request(), **({switch: "true"} if ecs.live and switch else {})}


def _unsent_text(ecs: Session) -> str:
    """A plain optional text parameter (no role: the base request does not carry it), one to
    add unsigned."""
    return next(p.name for p in ecs.spec.parameters
                if p.type == "String" and not p.required and not p.roles and p.repeat is None)


def _transport(scheme: str) -> Transport:
    return Transport(scheme, "POST", "query", "JSON" if scheme == "v1" else None)


def _expect(ecs: Session, requirement: str, request: WireRequest, scheme: str) -> None:
    req = ecs.spec.protocol_requirement(requirement)
    assert req.expect is not None
    exchange = ecs.send(request)
    fmt = "JSON" if scheme == "v1" else None
    check_all(ecs, checks.expectation(ecs.spec, exchange, req.expect, requirement=requirement,
                                      scheme=scheme, fmt=fmt), requirement)


@pytest.mark.parametrize("scheme", ["v1", "v3"])
def test_wrong_signature_is_refused(ecs: Session, scheme: str) -> None:
    require_scheme(ecs, scheme, "gateway.signature-mismatch")
    bad = ecs.signer.sign(_probe(ecs), _transport(scheme), defects=[BadSignature()])
    _expect(ecs, "gateway.signature-mismatch", bad, scheme)


@pytest.mark.parametrize("scheme", ["v1", "v3"])
def test_tampered_parameter_is_refused(ecs: Session, scheme: str) -> None:
    require_scheme(ecs, scheme, "gateway.signature-mismatch")
    bad = ecs.signer.sign(_probe(ecs), _transport(scheme),
                          defects=[UnsignedParam(_unsent_text(ecs), "added")])
    _expect(ecs, "gateway.signature-mismatch", bad, scheme)


@pytest.mark.parametrize("scheme", ["v1", "v3"])
def test_missing_or_malformed_signature_is_refused(ecs: Session, scheme: str) -> None:
    require_scheme(ecs, scheme, "gateway.incomplete-signature")
    bad = ecs.signer.sign(_probe(ecs), _transport(scheme), defects=[IncompleteSignature()])
    _expect(ecs, "gateway.incomplete-signature", bad, scheme)


@pytest.mark.parametrize("scheme", ["v1", "v3"])
def test_unknown_access_key_is_refused(ecs: Session, scheme: str) -> None:
    require_scheme(ecs, scheme, "gateway.unknown-access-key")
    stranger = UnknownAccessKey(f"LTAIunknown{ecs.token(12)}")
    _expect(ecs, "gateway.unknown-access-key",
            ecs.signer.sign(_probe(ecs), _transport(scheme), defects=[stranger]), scheme)


@pytest.mark.parametrize("scheme", ["v1", "v3"])
def test_reused_nonce_is_refused(ecs: Session, scheme: str) -> None:
    require_scheme(ecs, scheme, "gateway.nonce-reused")
    nonce, params = f"conformance{ecs.token(21)}", _probe(ecs)  # a replay: the same request
    first = ecs.send(ecs.signer.sign(params, _transport(scheme), nonce=nonce))
    if first.status is None:
        ecs.results.errored("gateway.nonce-reused", f"first request got no answer: {first.problem}")
        pytest.fail(f"no answer to the first request: {first.problem}")
    again = ecs.signer.sign(params, _transport(scheme), nonce=nonce,
                            defects=[ReuseNonce()])  # recorded as sent twice with one nonce
    _expect(ecs, "gateway.nonce-reused", again, scheme)


@pytest.mark.parametrize(("scheme", "minutes"), [("v1", 20), ("v1", -20), ("v3", 20),
                                                 ("v3", -20)])
def test_timestamp_outside_the_window_is_refused(ecs: Session, scheme: str, minutes: int) -> None:
    require_scheme(ecs, scheme, "gateway.timestamp-expired")
    request = ecs.signer.sign(_probe(ecs), _transport(scheme),
                              defects=[TimestampOffset(minutes * 60)])
    _expect(ecs, "gateway.timestamp-expired", request, scheme)


@pytest.mark.parametrize("scheme", ["v1", "v3"])
def test_malformed_timestamp_is_refused(ecs: Session, scheme: str) -> None:
    require_scheme(ecs, scheme, "gateway.timestamp-format")
    request = ecs.signer.sign(_probe(ecs), _transport(scheme),
                              defects=[LiteralTimestamp("2026/11/27 01:02:03")])
    _expect(ecs, "gateway.timestamp-format", request, scheme)


@pytest.mark.parametrize("dropped", ["SignatureNonce", "Timestamp", "Version", "AccessKeyId"])
def test_missing_common_parameter_is_refused(ecs: Session, dropped: str) -> None:
    require_scheme(ecs, "v1", "gateway.missing-common-parameter")
    bad = ecs.signer.sign(_probe(ecs), _transport("v1"), defects=[DropCommon(dropped)])
    _expect(ecs, "gateway.missing-common-parameter", bad, "v1")


@pytest.mark.parametrize("scheme", ["v1", "v3"])
def test_unknown_action_is_refused(ecs: Session, scheme: str) -> None:
    require_scheme(ecs, scheme, "gateway.unknown-action")
    signer = replace(ecs.signer, action="CopyImages")
    _expect(ecs, "gateway.unknown-action", signer.sign(_probe(ecs), _transport(scheme)), scheme)


@pytest.mark.parametrize("scheme", ["v1", "v3"])
def test_unknown_version_is_refused(ecs: Session, scheme: str) -> None:
    require_scheme(ecs, scheme, "gateway.unknown-version")
    signer = replace(ecs.signer, version="2099-01-01")
    _expect(ecs, "gateway.unknown-version", signer.sign(_probe(ecs), _transport(scheme)), scheme)


@pytest.mark.parametrize(("scheme", "method"), [("v1", "PUT"), ("v1", "DELETE"), ("v3", "PUT")])
def test_unsupported_method_is_refused(ecs: Session, scheme: str, method: str) -> None:
    require_scheme(ecs, scheme, "gateway.unsupported-method")
    request = ecs.signer.sign(_probe(ecs), Transport(scheme, method, "query",
                                                     "JSON" if scheme == "v1" else None))
    _expect(ecs, "gateway.unsupported-method", request, scheme)


def test_content_hash_mismatch_is_refused(ecs: Session) -> None:
    require_scheme(ecs, "v3", "gateway.content-sha256-mismatch")
    request = ecs.signer.sign(_probe(ecs), Transport("v3", "POST", "form", None),
                              defects=[BodyHash(EMPTY_SHA256)])
    _expect(ecs, "gateway.content-sha256-mismatch", request, "v3")


@pytest.mark.parametrize("scheme", ["v1", "v3"])
def test_unsupported_signature_method_is_refused(ecs: Session, scheme: str) -> None:
    require_scheme(ecs, scheme, "gateway.signature-method")
    method = "HMAC-MD5" if scheme == "v1" else "ACS3-HMAC-SM3"
    bad = ecs.signer.sign(_probe(ecs), _transport(scheme), defects=[SignatureMethod(method)])
    _expect(ecs, "gateway.signature-method", bad, scheme)
