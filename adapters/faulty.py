"""Faulty variants of the reference client, each breaking exactly one thing. The client suite
must catch every one (``tests/client/test_client_faulty.py``); ``VARIANTS`` names the
requirement that catches it. Use one as ``--adapter python:adapters.faulty:<name>``."""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

import httpx

from ecs_conformance.adapters.reference_client import (
    PRIMARY,
    ReferenceClient,
    Result,
    XmlDefaultClient,
)
from ecs_conformance.spec.signing import (
    V3Authorization,
    v1_signature,
    v3_canonical_request,
    v3_sign,
    v3_string_to_sign,
)


class ZeroBasedTags(ReferenceClient):
    def wire_params(self, parameters: dict[str, Any]) -> list[tuple[str, str]]:
        return [(k.replace(f"Tag.{k.split('.')[1]}.", f"Tag.{int(k.split('.')[1]) - 1}.")
                 if k.startswith("Tag.") else k, v) for k, v in super().wire_params(parameters)]


class DropsEmptyTagValue(ReferenceClient):
    def wire_params(self, parameters: dict[str, Any]) -> list[tuple[str, str]]:
        return [(k, v) for k, v in super().wire_params(parameters)
                if not (k.startswith("Tag.") and k.endswith(".Value") and v == "")]


class BooleanYes(ReferenceClient):
    def boolean(self, value: bool) -> str:
        return "yes" if value else "no"


class BooleanCapitalized(ReferenceClient):  # caught at SHOULD level: the service tolerates it
    def boolean(self, value: bool) -> str:
        return str(value)


class UnsetSentEmpty(ReferenceClient):
    def wire_params(self, parameters: dict[str, Any]) -> list[tuple[str, str]]:
        out = super().wire_params(parameters)
        if "DestinationDescription" in parameters:
            return out
        return [*out, ("DestinationDescription", "")]


class SameRegionDefault(ReferenceClient):
    """Fills in the destination region with the source region when the call sets none."""

    def wire_params(self, parameters: dict[str, Any]) -> list[tuple[str, str]]:
        out = super().wire_params(parameters)
        if "DestinationRegionId" in parameters or "RegionId" not in parameters:
            return out
        return [*out, ("DestinationRegionId", str(parameters["RegionId"]))]


class WrongParameterName(ReferenceClient):
    def wire_params(self, parameters: dict[str, Any]) -> list[tuple[str, str]]:
        return [("ImageName" if k == "DestinationImageName" else k, v)
                for k, v in super().wire_params(parameters)]


class NotUtf8(ReferenceClient):
    def encode(self, pairs: list[tuple[str, str]]) -> str:
        from urllib.parse import quote

        return "&".join(f"{quote(k, safe='~', encoding='gb18030')}="
                        f"{quote(v, safe='~', encoding='gb18030')}" for k, v in pairs)


class ReusedNonce(ReferenceClient):
    def nonce(self) -> str:
        return "0123456789abcdef0123456789abcdef"


class LocalTimestamp(ReferenceClient):
    def timestamp(self) -> str:
        return datetime.now().astimezone().strftime("%Y-%m-%dT%H:%M:%S%z")


class _BadV3(ReferenceClient):
    """V3 signing with one step wrong (``mangle`` the canonical request or the method)."""

    method_signed = "POST"

    def mangle(self, canonical: str) -> str:
        return canonical

    def sign(self, call: dict[str, Any], params: list[tuple[str, str]]) -> httpx.Request:
        endpoint, query = call["endpoint"], sorted(params)
        host = urlsplit(endpoint).netloc
        headers = v3_sign("POST", host, query, call["access_key_id"],
                          call["access_key_secret"], nonce=self.nonce(), date=self.timestamp(),
                          extra_headers={"accept": "application/json"})
        names = sorted(k for k in headers if k == "host" or k.startswith("x-acs-"))
        canonical = self.mangle(v3_canonical_request(self.method_signed, "/", query,
                                                     headers, names, self.payload_hash()))
        digest = hmac.new(call["access_key_secret"].encode(),
                          v3_string_to_sign(canonical).encode(), hashlib.sha256).hexdigest()
        headers["Authorization"] = V3Authorization("ACS3-HMAC-SHA256", call["access_key_id"],
                                                   tuple(names), digest).header_value()
        headers["x-acs-content-sha256"] = self.payload_hash()
        return httpx.Request("POST", f"{endpoint}/?{self.encode(query)}", headers=headers)

    def payload_hash(self) -> str:
        return hashlib.sha256(b"").hexdigest()


class PlusInCanonicalString(_BadV3):
    def mangle(self, canonical: str) -> str:
        lines = canonical.split("\n")
        lines[2] = lines[2].replace("%20", "+")
        return "\n".join(lines)


class SignsWrongMethod(_BadV3):
    method_signed = "GET"


class WrongContentHash(_BadV3):
    def payload_hash(self) -> str:
        return hashlib.sha256(b"{}").hexdigest()


class V1WrongKey(ReferenceClient):
    signature = "v1"

    def sign(self, call: dict[str, Any], params: list[tuple[str, str]]) -> httpx.Request:
        return super().sign({**call, "access_key_secret": call["access_key_secret"] + "&"},
                            params)


class MissingVersion(ReferenceClient):
    """A V1 request, correctly signed, without the Version parameter."""

    signature = "v1"

    def sign(self, call: dict[str, Any], params: list[tuple[str, str]]) -> httpx.Request:
        full = [*params, ("AccessKeyId", call["access_key_id"]), ("Action", "CopyImage"),
                ("Format", "JSON"), ("SignatureMethod", "HMAC-SHA1"),
                ("SignatureVersion", "1.0"), ("SignatureNonce", self.nonce()),
                ("Timestamp", self.timestamp())]
        full.append(("Signature", v1_signature("POST", full, call["access_key_secret"])))
        return httpx.Request("POST", f"{call['endpoint']}/?{self.encode(full)}")


class WrongPath(ReferenceClient):
    def sign(self, call: dict[str, Any], params: list[tuple[str, str]]) -> httpx.Request:
        request = super().sign(call, params)
        return httpx.Request("POST", str(request.url).replace("/?", "/api?", 1),
                             headers=request.headers)


class _Mangled(ReferenceClient):
    """Maps answers wrongly: ``mangle`` rewrites the parsed result."""

    def mangle(self, result: Result, status: int, body: bytes) -> Result:
        return result

    def parse(self, status: int, body: bytes, action: str = "") -> Result:
        return self.mangle(super().parse(status, body, action), status, body)


def _error_only(change: Any) -> type[_Mangled]:
    class Variant(_Mangled):
        def mangle(self, result: Result, status: int, body: bytes) -> Result:
            return change(result) if result["outcome"] == "error" else result

    return Variant


LostErrorCode = _error_only(lambda r: {**r, "code": None})
LostRequestId = _error_only(lambda r: {**r, "request_id": None})
LostStatus = _error_only(lambda r: {**r, "http_status": None})
LostMessage = _error_only(lambda r: {**r, "message": "request failed"})
SwappedCodeMessage = _error_only(lambda r: {**r, "code": r["message"], "message": r["code"]})


class OkOnGarbage(_Mangled):
    """Stands for a crash on garbage: an unparseable 2xx answer is handed back as success."""

    def mangle(self, result: Result, status: int, body: bytes) -> Result:
        if result["outcome"] == "error" and result["code"] == "SDK.InvalidResponse":
            return {"outcome": "ok", "ImageId": None, "RequestId": None}
        return result


class StatusLostOnHtml(_Mangled):
    def mangle(self, result: Result, status: int, body: bytes) -> Result:
        return {**result, "http_status": None} if body.startswith(b"<html") else result


class RejectsExtraFields(_Mangled):
    def mangle(self, result: Result, status: int, body: bytes) -> Result:
        fields = self.fields(body) or {}
        if result["outcome"] == "ok" and set(fields) - {"RequestId", "ImageId"}:
            return self.failure("SDK.UnknownField", f"unexpected {sorted(fields)}", status)
        return result


class XmlUnparsed(XmlDefaultClient):
    def fields(self, body: bytes) -> dict[str, Any] | None:
        return None if body.lstrip().startswith(b"<") else super().fields(body)


class IgnoresTimeout(ReferenceClient):
    def timeout(self, timeout_s: float) -> httpx.Timeout:
        return httpx.Timeout(30.0)


class RetriesWithoutResigning(ReferenceClient):
    def call(self, call: dict[str, Any]) -> Result:
        request = self.sign(call, self.wire_params(call["parameters"]))
        with httpx.Client(timeout=self.timeout(call["timeout_s"])) as http:
            for attempt in range(self.retries + 1):
                result = self.send(http, request, call.get("action") or PRIMARY)
                if attempt == self.retries or not self.retryable(result):
                    return result
        raise AssertionError("unreachable")


class RetriesTooOften(ReferenceClient):
    def call(self, call: dict[str, Any]) -> Result:
        for _ in range(self.retries + 2):
            result = super().call({**call})
        return result


class NoRetryOnThrottling(ReferenceClient):
    def retryable(self, result: Result) -> bool:
        return result["outcome"] == "error" and (result.get("http_status") or 0) >= 500


# --- the spec's other operations (spec/operations/, capabilities.operations) -----------------
class ActionIgnored(ReferenceClient):
    """Declares the companions but signs every call as the primary operation."""

    def sign(self, call: dict[str, Any], params: list[tuple[str, str]]) -> httpx.Request:
        return super().sign({k: v for k, v in call.items() if k != "action"}, params)


class CompanionParameterDropped(ReferenceClient):
    """Sends another operation's call without its last parameter (a request class missing a
    field); the primary operation's calls are untouched."""

    def sign(self, call: dict[str, Any], params: list[tuple[str, str]]) -> httpx.Request:
        return super().sign(call, params[:-1] if call.get("action") else params)


class SuccessNeedsImageId(_Mangled):
    """Takes only an answer with an ImageId for a success (CopyImage's shape), for every
    operation."""

    def mangle(self, result: Result, status: int, body: bytes) -> Result:
        if result["outcome"] == "ok" and result.get("ImageId") is None:
            return self.failure("SDK.InvalidResponse", "no ImageId in the answer", status)
        return result


class CompanionStatusLost(_Mangled):
    """Reports the companions' 403 refusals (DeleteImage's rows are all 403 or 404) as 400."""

    def mangle(self, result: Result, status: int, body: bytes) -> Result:
        if result["outcome"] == "error" and result.get("http_status") == 403 \
                and b"OperationDenied.ImageCopying" in body:
            return {**result, "http_status": 400}
        return result


# --- wrong in one contract edition only (docs/editions.md) -----------------------------------
class Conflict409As400(_Mangled):
    """A status table written for the seed's statuses (400, 401, 403, 404, 500): an answer of
    another 4xx status is reported as 400. Only edition current documents a 409 row
    (InvalidOperation.Conflict)."""

    def mangle(self, result: Result, status: int, body: bytes) -> Result:
        if result["outcome"] == "error" and result.get("http_status") == 409:
            return {**result, "http_status": 400}
        return result


class InternalErrorAs500(_Mangled):
    """Reports every InternalError as HTTP 500, the only status edition current documents for
    it; the seed also lists 403 InternalError (row 22)."""

    def mangle(self, result: Result, status: int, body: bytes) -> Result:
        if result["outcome"] == "error" and result.get("code") == "InternalError":
            return {**result, "http_status": 500}
        return result


class FillsMessagePlaceholder(_Mangled):
    """Treats the server's Message as a format string and fills its ``%s`` (with nothing).
    Only edition current has messages with a literal ``%s`` (rows 13 and 40)."""

    def mangle(self, result: Result, status: int, body: bytes) -> Result:
        message = result.get("message")
        if result["outcome"] == "error" and isinstance(message, str) and "%s" in message:
            return {**result, "message": message.replace("%s", "")}
        return result


#: variant → (class, the requirement that catches it, editions where it is wrong, editions
#: where it follows the contract); tests/client/test_client_faulty.py proves both sides
EDITION_VARIANTS: dict[str, tuple[type[ReferenceClient], str, tuple[str, ...],
                                  tuple[str, ...]]] = {
    "conflict_409_as_400": (Conflict409As400, "client.error.InvalidOperation.Conflict",
                            ("current",), ("seed",)),
    "internal_error_as_500": (InternalErrorAs500, "client.error.InternalError~403",
                              ("seed",), ("current",)),
    "fills_message_placeholder": (FillsMessagePlaceholder, "client.errors.message",
                                  ("current",), ("seed",)),
}

#: variant → (its adapter function's name, the requirement that catches it)
VARIANTS: dict[str, tuple[type[ReferenceClient], str]] = {
    "zero_based_tags": (ZeroBasedTags, "client.wire.tag-encoding"),
    "drops_empty_tag_value": (DropsEmptyTagValue, "client.wire.tag-encoding"),
    "boolean_yes": (BooleanYes, "client.wire.boolean"),
    "boolean_capitalized": (BooleanCapitalized, "client.wire.boolean-canonical"),
    "unset_sent_empty": (UnsetSentEmpty, "client.wire.unset-absent"),
    "same_region_default": (SameRegionDefault, "client.defaults.valid"),
    "wrong_parameter_name": (WrongParameterName, "client.wire.parameters"),
    "not_utf8": (NotUtf8, "client.wire.utf8"),
    "missing_version": (MissingVersion, "client.wire.action-version"),
    "wrong_path": (WrongPath, "client.wire.method-path"),
    "reused_nonce": (ReusedNonce, "client.nonce.fresh"),
    "local_timestamp": (LocalTimestamp, "client.timestamp.format"),
    "plus_in_canonical_string": (PlusInCanonicalString, "client.signature.v3"),
    "signs_wrong_method": (SignsWrongMethod, "client.signature.v3"),
    "wrong_content_hash": (WrongContentHash, "client.signature.v3"),
    "v1_wrong_key": (V1WrongKey, "client.signature.v1"),
    "lost_error_code": (LostErrorCode, "client.error.InvalidImageId.NotFound"),
    "lost_status": (LostStatus, "client.error.Forbbiden"),
    "lost_request_id": (LostRequestId, "client.errors.request-id"),
    "lost_message": (LostMessage, "client.errors.message"),
    "swapped_code_message": (SwappedCodeMessage, "client.error.InternalError"),
    "ok_on_garbage": (OkOnGarbage, "client.malformed.non-json"),
    "status_lost_on_html": (StatusLostOnHtml, "client.malformed.status-kept"),
    "rejects_extra_fields": (RejectsExtraFields, "client.success.extra-fields"),
    "xml_unparsed": (XmlUnparsed, "client.success.xml"),
    "ignores_timeout": (IgnoresTimeout, "client.timeout"),
    "retries_without_resigning": (RetriesWithoutResigning, "client.retry.resigned"),
    "retries_too_often": (RetriesTooOften, "client.retry.bounded"),
    "no_retry_on_throttling": (NoRetryOnThrottling, "client.retry.throttling"),
    "action_ignored": (ActionIgnored, "client.CancelCopyImage.wire"),
    "companion_parameter_dropped": (CompanionParameterDropped, "client.DeleteImage.wire"),
    "success_needs_image_id": (SuccessNeedsImageId, "client.DescribeImages.success"),
    "companion_status_lost": (CompanionStatusLost, "client.DeleteImage.error.image-copying"),
}

for _name, _cls in [*((n, v[0]) for n, v in VARIANTS.items()),
                    *((n, v[0]) for n, v in EDITION_VARIANTS.items())]:
    _cls.name = f"faulty reference client ({_name})"
    globals()[_name] = _cls().adapter()
