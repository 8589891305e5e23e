"""The gateway: methods, both signature schemes, access keys, timestamps, nonces, formats."""

from __future__ import annotations

import asyncio
import re

import pytest

from ecs_conformance.reference import App, Call, EmulatorClient, call_asgi
from ecs_conformance.reference.client import encode_pairs
from ecs_conformance.reference.responses import JSON_TYPE, XML_TYPE
from ecs_conformance.spec import Spec
from ecs_conformance.spec.signing import utc_timestamp, v1_sign, v1_string_to_sign

REQUEST_ID = r"^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$"
IMAGE_ID = r"^m-[a-z0-9]{20}$"


def raw(app: App, method: str, query: str = "", headers: list[tuple[str, str]] | None = None,
        body: bytes = b""):
    return asyncio.run(call_asgi(app, method, "/", query.encode(),
                                 headers or [("host", "ecs.aliyuncs.com")], body))


def test_v1_without_format_answers_xml(client: EmulatorClient) -> None:
    reply = client.send(Call(fmt=None))
    assert reply.status == 200
    assert reply.content_type == XML_TYPE
    assert reply.body.startswith(b'<?xml version="1.0" encoding="UTF-8"?><CopyImageResponse>')
    fields = reply.fields()
    assert fields["_root"] == "CopyImageResponse"
    assert set(fields) == {"_root", "RequestId", "ImageId"}


@pytest.mark.parametrize("fmt", ["JSON", "json", "Json"])
def test_v1_format_json_answers_json(client: EmulatorClient, fmt: str) -> None:
    reply = client.send(Call(fmt=fmt))
    assert (reply.status, reply.content_type) == (200, JSON_TYPE)
    body = reply.fields()
    assert set(body) == {"RequestId", "ImageId"}
    assert re.match(REQUEST_ID, body["RequestId"])
    assert re.match(IMAGE_ID, body["ImageId"])


@pytest.mark.parametrize("fmt", ["XML", "xml"])
def test_v1_format_xml_answers_xml(client: EmulatorClient, fmt: str) -> None:
    reply = client.send(Call(fmt=fmt, params={"DestinationImageName": "a"}))
    assert (reply.status, reply.content_type) == (400, XML_TYPE)
    fields = reply.fields()
    assert fields["_root"] == "Error"
    assert list(fields)[1:] == ["RequestId", "HostId", "Code", "Message", "Recommend"]


def test_v3_answers_json(client: EmulatorClient) -> None:
    reply = client.send(Call(scheme="v3"))
    assert (reply.status, reply.content_type) == (200, JSON_TYPE)
    assert set(reply.fields()) == {"RequestId", "ImageId"}


@pytest.mark.parametrize("scheme", ["v1", "v3"])
@pytest.mark.parametrize(("method", "carrier"), [("GET", "query"), ("POST", "query"),
                                                 ("POST", "form")])
def test_methods_and_carriers_are_accepted(client: EmulatorClient, scheme: str, method: str,
                                           carrier: str) -> None:
    reply = client.send(Call(scheme=scheme, method=method, carrier=carrier))  # type: ignore[arg-type]
    assert reply.status == 200, reply.body


def test_params_split_between_query_and_form_are_merged(app: App) -> None:
    creds = app.profile.credentials
    business = [("ImageId", app.profile.role("images.available") or ""),
                ("RegionId", "cn-hangzhou"), ("DestinationRegionId", "cn-shanghai")]
    pairs = v1_sign("POST", business, creds.access_key_id, creds.access_key_secret,
                    nonce="split-1", timestamp=utc_timestamp(app.clock.now()))
    reply = raw(app, "POST", encode_pairs(pairs[:2]),
                [("host", "h"), ("content-type", "application/x-www-form-urlencoded")],
                encode_pairs(pairs[2:]).encode())
    assert reply.status == 200, reply.body


def test_error_body_has_every_field(client: EmulatorClient) -> None:
    reply = client.send(Call({"DestinationImageName": "a"}))
    body = reply.fields()
    assert list(body) == ["RequestId", "HostId", "Code", "Message", "Recommend"]
    assert body["HostId"] == "ecs.aliyuncs.com"
    assert body["Recommend"] == ("https://api.aliyun.com/troubleshoot?q=InvalidImageName.Malformed"
                                 f"&product=Ecs&requestId={body['RequestId']}")
    assert reply.headers["x-acs-request-id"] == body["RequestId"]


def test_host_id_is_the_request_host(app: App) -> None:
    reply = EmulatorClient(app, host="127.0.0.1:8080").send(Call({"DestinationImageName": "a"}))
    assert reply.fields()["HostId"] == "127.0.0.1:8080"


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
def test_other_methods_are_refused(client: EmulatorClient, method: str) -> None:
    reply = client.send(Call(method=method))
    assert (reply.status, reply.code) == (403, "UnsupportedHTTPMethod")


def test_unsigned_request_is_refused(app: App) -> None:
    reply = raw(app, "POST", "Action=CopyImage&Format=JSON&ImageId=m-x&RegionId=cn-hangzhou")
    assert (reply.status, reply.code) == (400, "MissingParameter")
    assert '"Signature"' in reply.fields()["Message"]


@pytest.mark.parametrize("missing", ["AccessKeyId", "SignatureMethod", "SignatureVersion",
                                     "SignatureNonce", "Timestamp", "Action", "Version"])
def test_missing_common_parameter_is_refused(app: App, missing: str) -> None:
    creds = app.profile.credentials
    pairs = v1_sign("POST", [("ImageId", "m-x")], creds.access_key_id, creds.access_key_secret,
                    nonce="n-missing", timestamp=utc_timestamp(app.clock.now()))
    reply = raw(app, "POST", encode_pairs([p for p in pairs if p[0] != missing]))
    assert (reply.status, reply.code) == (400, "MissingParameter")
    assert f'"{missing}"' in reply.fields()["Message"]


@pytest.mark.parametrize(("name", "value"), [("SignatureMethod", "HMAC-SHA256"),
                                             ("SignatureVersion", "2.0")])
def test_unsupported_signature_method_is_refused(app: App, name: str, value: str) -> None:
    creds = app.profile.credentials
    pairs = v1_sign("POST", [], creds.access_key_id, creds.access_key_secret, nonce="n-m",
                    timestamp=utc_timestamp(app.clock.now()))
    reply = raw(app, "POST", encode_pairs([(k, value if k == name else v) for k, v in pairs]))
    assert (reply.status, reply.code) == (400, "InvalidParamater")
    assert name in reply.fields()["Message"]


@pytest.mark.parametrize("scheme", ["v1", "v3"])
def test_unknown_access_key_is_404(client: EmulatorClient, scheme: str) -> None:
    reply = client.send(Call(scheme=scheme, access_key_id="nobody"))  # type: ignore[arg-type]
    assert (reply.status, reply.code) == (404, "InvalidAccessKeyId.NotFound")
    assert reply.fields()["Message"] == "Specified access key is not found."


def test_wrong_v1_signature_quotes_the_string_to_sign(app: App, spec: Spec) -> None:
    creds = app.profile.credentials
    pairs = v1_sign("POST", [("ImageId", "m-x")], creds.access_key_id, "wrong-secret",
                    nonce="n-sig", timestamp=utc_timestamp(app.clock.now()))
    reply = raw(app, "POST", encode_pairs(pairs))
    assert (reply.status, reply.code) == (400, "SignatureDoesNotMatch")
    expected = spec.gateway_error("SignatureDoesNotMatch").message.format(
        string_to_sign=v1_string_to_sign("POST", pairs))
    assert reply.fields()["Message"] == expected
    assert "wrong-secret" not in reply.body.decode() and "testsecret" not in reply.body.decode()


def test_wrong_v3_signature_is_refused(client: EmulatorClient) -> None:
    reply = client.send(Call(scheme="v3", tamper="signature"))
    assert (reply.status, reply.code) == (400, "SignatureDoesNotMatch")
    assert reply.fields()["Message"].startswith(
        "Specified signature is not matched with our calculation. server string to sign is:"
        "ACS3-HMAC-SHA256\n")


def test_v3_content_sha256_mismatch_is_refused(client: EmulatorClient) -> None:
    reply = client.send(Call(scheme="v3", tamper="body-hash"))
    assert (reply.status, reply.code) == (400, "SignatureDoesNotMatch")


def test_v3_follows_the_received_signed_headers(client: EmulatorClient) -> None:
    signed = ("accept", "host", "user-agent", "x-acs-action", "x-acs-content-sha256",
              "x-acs-date", "x-acs-signature-nonce", "x-acs-version")
    extra = {"accept": "application/json", "user-agent": "AlibabaCloud tea-py"}
    assert client.send(Call(scheme="v3", extra_headers=extra, signed_headers=signed)).status == 200


@pytest.mark.parametrize("unsigned", ["host", "x-acs-content-sha256", "x-acs-signature-nonce"])
def test_v3_must_sign_host_and_the_acs_headers(client: EmulatorClient, unsigned: str) -> None:
    signed = tuple(h for h in ("host", "x-acs-action", "x-acs-content-sha256", "x-acs-date",
                               "x-acs-signature-nonce", "x-acs-version") if h != unsigned)
    reply = client.send(Call(scheme="v3", signed_headers=signed))
    assert (reply.status, reply.code) == (400, "IncompleteSignature")


@pytest.mark.parametrize("value", ["", "ACS3-HMAC-SHA256", "ACS3-HMAC-SM3 Credential=testid,"
                                   "SignedHeaders=host,Signature=00", "Bearer abc"])
def test_malformed_authorization_is_refused(app: App, value: str) -> None:
    reply = raw(app, "POST", "", [("host", "h"), ("authorization", value)])
    assert (reply.status, reply.code) == (400, "IncompleteSignature")
    assert reply.content_type == JSON_TYPE


@pytest.mark.parametrize("scheme", ["v1", "v3"])
@pytest.mark.parametrize("skew", [-901, 901])
def test_timestamp_outside_window_is_expired(client: EmulatorClient, scheme: str,
                                             skew: int) -> None:
    reply = client.send(Call(scheme=scheme, skew_seconds=skew))  # type: ignore[arg-type]
    assert (reply.status, reply.code) == (400, "InvalidTimeStamp.Expired")


@pytest.mark.parametrize("skew", [-900, 900])
def test_timestamp_at_window_edge_is_accepted(client: EmulatorClient, skew: int) -> None:
    assert client.send(Call(skew_seconds=skew)).status == 200


@pytest.mark.parametrize("stamp", ["2026-11-27 01:40:00", "2026-11-27T01:40:00.000Z",
                                   "2026-11-27T01:40:00+08:00", "yesterday"])
def test_malformed_timestamp_is_refused(client: EmulatorClient, stamp: str) -> None:
    reply = client.send(Call(timestamp=stamp))
    assert (reply.status, reply.code) == (400, "InvalidTimeStamp.Format")


@pytest.mark.parametrize("scheme", ["v1", "v3"])
def test_reused_nonce_is_refused(client: EmulatorClient, scheme: str) -> None:
    call = Call(scheme=scheme, nonce="4dea9917e05853a301f69f70c9ade9d4")  # type: ignore[arg-type]
    assert client.send(call).status == 200
    reply = client.send(call)
    assert (reply.status, reply.code) == (400, "SignatureNonceUsed")


def test_nonce_is_forgotten_after_the_window(app: App, client: EmulatorClient) -> None:
    call = Call(nonce="n-window")
    assert client.send(call).status == 200
    app.clock.advance(31 * 60)
    assert client.send(call).status == 200


def test_nonces_are_per_access_key(client: EmulatorClient) -> None:
    assert client.send(Call(nonce="shared-nonce")).status == 200
    reply = client.send(Call(nonce="shared-nonce", account="not_byok_whitelisted"))
    assert reply.status == 200


def test_nonce_memory_is_bounded() -> None:
    from datetime import UTC, datetime

    from ecs_conformance.reference.gateway import NonceBook

    book = NonceBook(limit=3)
    now = datetime(2026, 1, 1, tzinfo=UTC)
    for n in range(10):
        book.remember("k", f"n{n}", now)
    assert len(book) == 3
    assert not book.used("k", "n0", now) and book.used("k", "n9", now)


@pytest.mark.parametrize(("action", "code", "status"), [("RunInstances", "InvalidAction.NotFound",
                                                         404)])
def test_unknown_action_is_refused(client: EmulatorClient, action: str, code: str,
                                   status: int) -> None:
    reply = client.send(Call(action=action, base=False))
    assert (reply.status, reply.code) == (status, code)


@pytest.mark.parametrize("scheme", ["v1", "v3"])
def test_unknown_version_is_refused(client: EmulatorClient, scheme: str) -> None:
    reply = client.send(Call(scheme=scheme, version="2016-04-28"))  # type: ignore[arg-type]
    assert (reply.status, reply.code) == (400, "InvalidVersion")


def test_body_over_one_mib_is_413(app: App) -> None:
    reply = raw(app, "POST", "", [("host", "h"), ("content-type",
                                                  "application/x-www-form-urlencoded")],
                b"x" * (1024 * 1024 + 1))
    assert reply.status == 413
    assert reply.fields()["_root"] == "Error"


def test_undecodable_parameter_is_refused(app: App) -> None:
    reply = raw(app, "POST", "ImageId=%FF&Format=JSON")
    assert (reply.status, reply.code) == (400, "InvalidParameter")


def test_extra_parameters_and_headers_are_tolerated(client: EmulatorClient) -> None:
    extra = {"SignatureType": "", "OwnerId": "123", "ResourceOwnerAccount": "me",
             "ClientToken": "abc"}
    headers = {"x-acs-credentials-provider": "static_ak", "x-sdk-client": "python/2.0.0",
               "x-sdk-invoke-type": "normal"}
    assert client.send(Call(extra, extra_headers=headers)).status == 200
    assert client.send(Call(extra, scheme="v3", extra_headers=headers)).status == 200


def test_region_none_is_just_an_unknown_region(client: EmulatorClient) -> None:
    reply = client.send(Call({"RegionId": "None"}))
    assert (reply.status, reply.code) == (400, "SourceRegion.NotFound")


@pytest.mark.parametrize("scheme", ["v1", "v3"])
@pytest.mark.parametrize("space", ["%20", "+"])
def test_encoding_variants_verify(client: EmulatorClient, scheme: str, space: str) -> None:
    params = {"DestinationDescription": "copy of 测试镜像: a&b=c+d/e *", "Tag.1.Key": "env",
              "Tag.1.Value": "prod 1", "DestinationImageName": "测试镜像-1"}
    call = Call(params, scheme=scheme, space=space)  # type: ignore[arg-type]
    assert client.send(call).status == 200


def test_raw_asterisk_verifies(app: App) -> None:
    creds = app.profile.credentials
    business = [("ImageId", app.profile.role("images.available") or ""),
                ("RegionId", "cn-hangzhou"), ("DestinationRegionId", "cn-shanghai"),
                ("ResourceGroupId", "rg-bp67acfmxazb4p****")]
    pairs = v1_sign("POST", business, creds.access_key_id, creds.access_key_secret,
                    nonce="n-star", timestamp=utc_timestamp(app.clock.now()))
    query = encode_pairs(pairs).replace("%2A", "*")
    assert "****" in query
    assert raw(app, "POST", query).status == 200


@pytest.mark.parametrize("value", ["true", "True", "false", "False"])
def test_booleans_accept_both_cases(client: EmulatorClient, value: str) -> None:
    assert client.send(Call({"Encrypted": value})).status == 200


def test_log_records_requests_without_parameters(app: App, client: EmulatorClient) -> None:
    client.send(Call())
    client.send(Call({"DestinationImageName": "a"}))
    assert [(e.action, e.status, e.code) for e in app.log] == [
        ("CopyImage", 200, None), ("CopyImage", 400, "InvalidImageName.Malformed")]
