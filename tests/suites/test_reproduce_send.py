"""``ecs-conformance send``: every defect option, against the faithful emulator in-process.

Each defect option must make the emulator answer the documented gateway error (status and code
as spec/protocol.yaml documents them), while the same line without it is accepted; the options
round-trip through a request's recipe; every option has help text.
"""

from __future__ import annotations

import argparse
import shlex

import pytest

from ecs_conformance.spec import load_spec
from ecs_conformance.spec.signing import EMPTY_SHA256
from ecs_conformance.suites.cli import build_parser
from ecs_conformance.suites.defects import (
    DEFECTS,
    BadSignature,
    BodyHash,
    Defect,
    DropCommon,
    IncompleteSignature,
    LiteralTimestamp,
    Repeat,
    ReuseNonce,
    SignatureMethod,
    TimestampOffset,
    UnknownAccessKey,
    UnsignedParam,
)
from ecs_conformance.suites.recipe import recipe_from_args
from ecs_conformance.suites.repro import ENV_ID, ENV_SECRET, reproduce_command
from ecs_conformance.suites.signer import Signer, Transport
from tests.suites.test_reproduce_roundtrip import PROFILE, Answer, send_line

SPEC = load_spec()
BASE = ("-p ImageId=m-bp1h46wfpjsjastc0001 -p RegionId=cn-hangzhou "
        "-p DestinationRegionId=cn-shanghai")
V1, V3 = "--scheme v1 --format JSON", "--scheme v3"
_names = iter(range(10_000))


def _line(options: str) -> str:
    name = f"-p DestinationImageName=send-test-{next(_names)}"
    return f"ecs-conformance send --endpoint http://127.0.0.1:8080 {options} {BASE} {name}"


def _send(options: str, monkeypatch: pytest.MonkeyPatch) -> Answer:
    return send_line(_line(options), monkeypatch, None)


def _code(answer: Answer) -> str | None:
    from tests.suites.test_reproduce_roundtrip import _code as code_of

    return code_of(answer.body)


# (options, documented gateway code, the protocol requirement whose expectation it meets)
CASES = [
    (f"{V1} --bad-signature", "SignatureDoesNotMatch", "gateway.signature-mismatch"),
    (f"{V3} --bad-signature", "SignatureDoesNotMatch", "gateway.signature-mismatch"),
    (f"{V1} --unsigned-param DestinationDescription=added", "SignatureDoesNotMatch",
     "gateway.signature-mismatch"),
    (f"{V3} --unsigned-param DestinationDescription=added", "SignatureDoesNotMatch",
     "gateway.signature-mismatch"),
    (f"{V1} --incomplete-signature", "MissingParameter", "gateway.incomplete-signature"),
    (f"{V3} --incomplete-signature", "IncompleteSignature", "gateway.incomplete-signature"),
    (f"{V1} --unknown-access-key LTAIunknown0001", "InvalidAccessKeyId.NotFound",
     "gateway.unknown-access-key"),
    (f"{V3} --unknown-access-key LTAIunknown0002", "InvalidAccessKeyId.NotFound",
     "gateway.unknown-access-key"),
    (f"{V1} --timestamp-offset=-1200", "InvalidTimeStamp.Expired", "gateway.timestamp-expired"),
    (f"{V3} --timestamp-offset 1200", "InvalidTimeStamp.Expired", "gateway.timestamp-expired"),
    (f"{V1} --timestamp '2026/11/27 01:02:03'", "InvalidTimeStamp.Format",
     "gateway.timestamp-format"),
    (f"{V3} --timestamp '2026/11/27 01:02:03'", "InvalidTimeStamp.Format",
     "gateway.timestamp-format"),
    (f"{V1} --reuse-nonce", "SignatureNonceUsed", "gateway.nonce-reused"),
    (f"{V3} --reuse-nonce", "SignatureNonceUsed", "gateway.nonce-reused"),
    (f"{V1} --drop-common Timestamp", "MissingParameter", "gateway.missing-common-parameter"),
    (f"{V1} --drop-common SignatureNonce", "MissingParameter",
     "gateway.missing-common-parameter"),
    (f"{V1} --signature-method HMAC-MD5", "InvalidParamater", "gateway.signature-method"),
    (f"{V3} --signature-method ACS3-HMAC-SM3", "IncompleteSignature", "gateway.signature-method"),
    (f"{V3} --placement form --body-hash {EMPTY_SHA256}", "SignatureDoesNotMatch",
     "gateway.content-sha256-mismatch"),
    (f"{V1} --action CopyImages", "InvalidAction.NotFound", "gateway.unknown-action"),
    (f"{V3} --action CopyImages", "InvalidAction.NotFound", "gateway.unknown-action"),
    (f"{V1} --version 2099-01-01", "InvalidVersion", "gateway.unknown-version"),
    (f"{V3} --version 2099-01-01", "InvalidVersion", "gateway.unknown-version"),
    (f"{V1} --method PUT", "UnsupportedHTTPMethod", "gateway.unsupported-method"),
    (f"{V3} --method DELETE", "UnsupportedHTTPMethod", "gateway.unsupported-method"),
]


@pytest.mark.parametrize(("options", "code", "requirement"), CASES,
                         ids=[c[0] for c in CASES])
def test_defect_option_gets_the_documented_gateway_error(
        monkeypatch: pytest.MonkeyPatch, options: str, code: str, requirement: str) -> None:
    answer = _send(options, monkeypatch)
    documented = SPEC.gateway_error(code)
    assert (answer.status, _code(answer)) == (documented.status, documented.code), answer
    expect = SPEC.protocol_requirement(requirement).expect
    assert expect is not None
    assert documented.code == expect.code or documented.code in (expect.codes_seen or ())


@pytest.mark.parametrize("scheme", [V1, V3])
def test_without_a_defect_the_same_line_is_accepted(monkeypatch: pytest.MonkeyPatch,
                                                    scheme: str) -> None:
    answer = _send(scheme, monkeypatch)
    assert answer.status == 200 and '"ImageId"' in answer.body, answer


def test_reused_nonce_sends_twice_and_shows_the_second_answer(
        monkeypatch: pytest.MonkeyPatch) -> None:
    answer = _send(f"{V3} --reuse-nonce", monkeypatch)
    assert "answer 1 of 2: HTTP 200" in answer.log
    assert _code(answer) == "SignatureNonceUsed"


def test_times_repeats_a_copy_under_one_name(monkeypatch: pytest.MonkeyPatch) -> None:
    answer = _send(f"{V1} --times 2", monkeypatch)
    duplicate = SPEC.row("InvalidImageName.Duplicated")
    assert (answer.status, _code(answer)) == (duplicate.status, duplicate.code), answer


def test_unknown_access_key_needs_no_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    line = _line(f"{V3} --unknown-access-key LTAIunknown0003")
    monkeypatch.delenv(ENV_ID, raising=False)
    monkeypatch.delenv(ENV_SECRET, raising=False)
    answer = send_line(line, monkeypatch, None, env=False)
    assert _code(answer) == "InvalidAccessKeyId.NotFound"
    assert "set ALIBABA_CLOUD" in send_line(_line(V3), monkeypatch, None, env=False).log


def test_account_option_signs_with_that_accounts_credentials(
        monkeypatch: pytest.MonkeyPatch) -> None:
    row = next(r for r in SPEC.error_rows if r.role == "accounts.unauthorized")
    answer = _send(f"{V3} --account unauthorized", monkeypatch)
    assert (answer.status, _code(answer)) == (row.status, row.code), answer


@pytest.mark.parametrize("options", [
    "--scheme v1 --method GET", "--scheme v1 --method POST --placement form --format xml",
    "--scheme v1 --format json --spaces +", "--scheme v3 --method GET",
    "--scheme v3 --placement form --spaces +", "--scheme v3 --spaces node",
    "--scheme v3 --header x-acs-credentials-provider=static_ak --header accept=application/json "
    "--signed-headers 'accept;host;x-acs-action;x-acs-content-sha256;x-acs-credentials-provider;"
    "x-acs-date;x-acs-signature-nonce;x-acs-version'",
])
def test_transport_options_are_accepted(monkeypatch: pytest.MonkeyPatch, options: str) -> None:
    tricky = "-p 'DestinationDescription=copy of 测试: a&b=c+d/e *(x)! ~y' -p Tag.1.Key=env " \
             "-p 'Tag.1.Value=prod 1*' -p Tag.2.Key=empty -p Tag.2.Value="
    answer = _send(f"{options} {tricky}", monkeypatch)
    assert answer.status == 200, answer
    fmt = "xml" if "--format xml" in options or ("v1" in options and "--format" not in options) \
        else "json"
    assert fmt in answer.content_type


def test_v1_without_format_answers_xml(monkeypatch: pytest.MonkeyPatch) -> None:
    answer = _send("--scheme v1", monkeypatch)
    assert answer.status == 200 and "xml" in answer.content_type, answer


SAMPLES: list[Defect] = [BadSignature(), IncompleteSignature(), SignatureMethod("HMAC-MD5"),
                         DropCommon("Version"), UnsignedParam("A", "b=c"),
                         UnknownAccessKey("LTAIx"), TimestampOffset(-1200),
                         LiteralTimestamp("2026/11/27 01:02:03"), BodyHash(EMPTY_SHA256),
                         ReuseNonce(), Repeat(3)]


def test_samples_cover_the_vocabulary() -> None:
    assert {type(d) for d in SAMPLES} == set(DEFECTS)


@pytest.mark.parametrize("defect", SAMPLES, ids=lambda d: d.flag)
@pytest.mark.parametrize("scheme", ["v1", "v3"])
def test_recipe_round_trips_through_the_line(defect: Defect, scheme: str) -> None:
    """The line a request's recipe prints parses back into the same recipe."""
    creds = PROFILE.credentials
    signer = Signer(creds.access_key_id, creds.access_key_secret, "ecs.local",
                    action="DescribeImages", version="2014-05-26")
    transport = Transport(scheme, "POST", "form", "xml" if scheme == "v1" else None, "+")
    request = signer.sign({"RegionId": "cn-hangzhou", "Odd Name": "-x y"}, transport,
                          extra_headers={"x-acs-extra": "1"}, defects=[defect])
    line = reproduce_command("http://127.0.0.1:8080", request)
    assert creds.access_key_secret not in line
    argv = shlex.split(line, comments=True)
    assert recipe_from_args(build_parser().parse_args(argv[1:])) == request.recipe


def test_every_send_option_has_help() -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    send = sub.choices["send"]
    missing = [a.dest for a in send._actions if not a.help]
    assert not missing


def test_bad_option_value_is_a_clear_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    from ecs_conformance.suites.cli import main

    assert main(["send", "--endpoint", "http://127.0.0.1:9", "--times", "0"]) == 2
    assert "--times expects 1..10" in capsys.readouterr().err
