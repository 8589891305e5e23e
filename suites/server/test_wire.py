"""Methods, parameter placement, encodings, booleans and the extras SDKs send."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import pytest

from ecs_conformance.spec import roles
from ecs_conformance.suites import checks
from ecs_conformance.suites.findings import Checked
from ecs_conformance.suites.property import check_all
from ecs_conformance.suites.scenarios import accept, declared_schemes, require_scheme
from ecs_conformance.suites.session import Session
from ecs_conformance.suites.signer import Transport
from ecs_conformance.suites.wire import WireRequest

TEA_PY_HEADERS = {"accept": "application/json", "user-agent": "AlibabaCloud (Linux; x86_64) "
                  "Python/3.11.7 Core/0.4.3 TeaDSL/2", "x-acs-credentials-provider": "static_ak"}
TEA_PY_SIGNED = ["accept", "host", "user-agent", "x-acs-action", "x-acs-content-sha256",
                 "x-acs-credentials-provider", "x-acs-date", "x-acs-signature-nonce",
                 "x-acs-version"]


def _each_scheme(ecs: Session) -> list[str]:
    return list(ecs.profile.signature_versions)


@pytest.mark.parametrize(("method", "placement", "requirement"), [
    ("GET", "query", "method.get"), ("POST", "query", "method.post-query"),
    ("POST", "form", "method.post-form")])
def test_methods_and_placements(ecs: Session, method: str, placement: str,
                                requirement: str) -> None:
    for scheme in declared_schemes(ecs, checks.signature_accepted):
        transport = Transport(scheme, method, placement, "JSON" if scheme == "v1" else None)
        result, _ = accept(ecs, ecs.base_request(), transport, requirement)
        check_all(ecs, result, requirement)  # accepted: checks.signature_accepted assessed


def _free_text(ecs: Session) -> str | None:
    """A String parameter with no role: free text (a description), any valid value of which
    keeps a valid request valid."""
    return next((p.name for p in ecs.spec.parameters if p.type == "String" and not p.roles),
                None)


def _pairs(ecs: Session) -> dict[str, str]:
    """Two items of the operation's key/value repeat list (its first with two fields): a value
    with a space and a sub-delimiter, and an empty one."""
    listed = next((p for p in ecs.spec.parameters if p.repeat and len(p.repeat.fields) == 2),
                  None)
    if listed is None or listed.repeat is None:
        return {}
    key, value = (f"{listed.name}.{{}}.{f.name}" for f in listed.repeat.fields)
    return {key.format(1): "env", value.format(1): "prod 1*", key.format(2): "empty",
            value.format(2): ""}


@pytest.mark.parametrize("style", ["+", "node", "%20"])
def test_encoding_variants_are_decoded(ecs: Session, style: str) -> None:
    """Reserved characters, spaces and CJK in the created name, in free text and in a
    key/value list, under each wire encoding (parameters found by role and type)."""
    name, text = roles.name_of(ecs.spec, roles.NAME), _free_text(ecs)
    params = ecs.base_request()
    if name:
        params[name] = f"img-测试镜像-{ecs.token()}"
    if text:
        params[text] = "copy of 测试: a&b=c+d/e *(x)! ~y"
    params.update(_pairs(ecs))
    for scheme in _each_scheme(ecs):
        transport = Transport(scheme, "POST", "query", "JSON" if scheme == "v1" else None, style)
        if name:  # fresh for each copy; CJK, not first
            params[name] = f"img-测试镜像-{ecs.token()}"
        result, _ = accept(ecs, params, transport, "wire.encoding-variants")
        check_all(ecs, result, "wire.encoding-variants")


def _plain_boolean(ecs: Session) -> str:
    """A Boolean parameter with no role: either value keeps a valid request valid."""
    return next(p.name for p in ecs.spec.parameters if p.type == "Boolean" and not p.roles)


@pytest.mark.parametrize("spelling", ["True", "False", "true", "false"])
def test_boolean_spellings_are_accepted(ecs: Session, spelling: str) -> None:
    for scheme in _each_scheme(ecs):
        transport = Transport(scheme, "POST", "query", "JSON" if scheme == "v1" else None)
        params = {**ecs.base_request(), _plain_boolean(ecs): spelling}
        result, _ = accept(ecs, params, transport, "boolean.capitalized-accepted")
        check_all(ecs, result, "boolean.capitalized-accepted")


def test_extra_parameters_and_headers_are_tolerated(ecs: Session) -> None:
    extras = {"OwnerId": "1234567890", "ResourceOwnerAccount": "someone", "SignatureType": ""}
    for scheme in _each_scheme(ecs):
        transport = Transport(scheme, "POST", "query", "JSON" if scheme == "v1" else None)
        params = {**ecs.base_request(), **extras}
        sign = partial(ecs.signer.sign, params, transport, extra_headers={
            "x-acs-credentials-provider": "static_ak", "x-sdk-client": "python/2.0.0",
            "x-acs-retry-attempts": "0"})
        result = _judge(ecs, sign, params, "wire.extra-parameters-tolerated", scheme)
        check_all(ecs, result, "wire.extra-parameters-tolerated")


def test_v3_signed_header_set_of_tea_python(ecs: Session) -> None:
    require_scheme(ecs, "v3", "signature.v3-accepted")
    params = ecs.base_request()
    sign = partial(ecs.signer.sign, params, Transport("v3", "POST", "query", None),
                   extra_headers=TEA_PY_HEADERS, signed_headers=TEA_PY_SIGNED)
    check_all(ecs, _judge(ecs, sign, params, "signature.v3-accepted", "v3"),
              "signature.v3-accepted")


def _judge(ecs: Session, sign: Callable[[], WireRequest], params: dict[str, str],
           requirement: str, scheme: str) -> Checked:
    exchange = ecs.send(sign(), resign=sign)  # a throttled answer is retried, signed afresh
    if exchange.status == 200:
        ecs.note_copy(params)
    return checks.success(ecs.spec, exchange, accept_requirement=requirement, scheme=scheme,
                          fmt="JSON" if scheme == "v1" else None)
