"""Faulty variants that break the gateway, the formats, the wire or the copy semantics."""

from __future__ import annotations

from ecs_conformance.reference.behaviour import Fault
from ecs_conformance.reference.calls import Call

DEST = "${regions.destination}"
TEA_PY_SIGNED = ("accept", "host", "user-agent", "x-acs-action", "x-acs-content-sha256",
                 "x-acs-date", "x-acs-signature-nonce", "x-acs-version")
TEA_PY_HEADERS = {"accept": "application/json",
                  "user-agent": "AlibabaCloud (Linux; x86_64) Python/3.11.7 Core/0.4.3 TeaDSL/2"}
ON_COPY = {"RegionId": DEST, "ImageId": "${copy}"}


def flag(name: str, description: str, requirements: tuple[str, ...],
         *witness: Call) -> Fault:
    return Fault(name, description, requirements, witness or (Call(),), flags=frozenset({name}))


FAULTS_PROTOCOL: tuple[Fault, ...] = (
    flag("error-without-hostid", "error bodies lack HostId", ("response.error-schema",),
         Call({"DestinationImageName": "a"})),
    flag("error-without-requestid", "error bodies lack RequestId", ("response.error-schema",),
         Call({"DestinationImageName": "a"})),
    flag("xml-root-result", "the XML success root is CopyImageResult, not CopyImageResponse",
         ("response.success-schema",), Call(fmt=None)),
    flag("v1-default-json", "a V1 request without Format is answered in JSON",
         ("format.v1-default-xml",), Call(fmt=None)),
    flag("format-xml-ignored", "Format=XML is answered in JSON", ("format.v1-format-xml",),
         Call(fmt="XML")),
    flag("v3-xml", "V3 requests are answered in XML", ("format.v3-json",), Call(scheme="v3")),
    flag("form-format-ignored", "Format sent in a POST form body is ignored (XML answers)",
         ("format.v1-format-json",), Call(carrier="form", fmt="JSON")),
    flag("json-text-plain", "JSON answers are labelled text/plain", ("format.content-type",)),
    flag("xml-application-xml", "XML answers are labelled application/xml",
         ("format.content-type-exact",), Call(fmt="XML")),
    flag("success-with-code", "the success body carries a Code field",
         ("response.success-no-code",)),
    flag("image-id-prefix", "the returned ImageId starts with i- instead of m-",
         ("response.image-id",)),
    flag("request-id-lowercase", "RequestId is a lower-case UUID",
         ("response.request-id-format",)),
    flag("v1-signature-unchecked", "V1 signatures are not verified",
         ("gateway.signature-mismatch",), Call(tamper="signature")),
    flag("v3-signature-unchecked", "V3 signatures are not verified",
         ("gateway.signature-mismatch",), Call(scheme="v3", tamper="signature")),
    flag("v3-fixed-signed-headers", "V3 verification ignores SignedHeaders and uses host + "
         "x-acs-* (tea-py signatures fail)", ("signature.v3-accepted",),
         Call(scheme="v3", extra_headers=TEA_PY_HEADERS, signed_headers=TEA_PY_SIGNED)),
    flag("content-sha256-unchecked", "x-acs-content-sha256 is not compared with the body",
         ("gateway.content-sha256-mismatch",), Call(scheme="v3", tamper="body-hash")),
    flag("nonce-unchecked", "a reused SignatureNonce is accepted", ("gateway.nonce-reused",),
         Call(nonce="0f1e2d3c4b5a69788796a5b4c3d2e1f0"),
         Call(nonce="0f1e2d3c4b5a69788796a5b4c3d2e1f0")),
    flag("timestamp-window-unchecked", "a timestamp one hour old is accepted",
         ("gateway.timestamp-expired",), Call(skew_seconds=-3600)),
    flag("timestamp-format-lenient", "a malformed Timestamp is accepted",
         ("gateway.timestamp-format",), Call(timestamp="2026-11-27 01:40:55")),
    flag("version-unchecked", "an unknown Version is accepted", ("gateway.unknown-version",),
         Call(version="2016-04-28")),
    flag("booleans-case-sensitive", "Encrypted=True is rejected (booleans case-sensitive)",
         ("boolean.capitalized-accepted",), Call({"Encrypted": "True"})),
    flag("get-refused", "GET is refused", ("method.get",), Call(method="GET")),
    flag("form-body-ignored", "parameters in a form body are ignored", ("method.post-form",),
         Call(carrier="form")),
    flag("plus-kept", "'+' in the query is not decoded as a space (tea-py signatures fail)",
         ("wire.encoding-variants",), Call({"DestinationDescription": "a copy"}, space="+")),
    flag("queue-ignored", "every copy starts Creating at once; nothing waits",
         ("state.copy-queue",), Call({"DestinationImageName": "first"}),
         Call({"DestinationImageName": "second"}),
         Call({"RegionId": DEST, "Status": "Creating,Waiting"}, action="DescribeImages")),
    flag("delete-while-copying", "DeleteImage deletes a copy in progress",
         ("state.delete-refused-while-copying",), Call(),
         Call(ON_COPY, action="DeleteImage")),
    flag("cancel-finished", "CancelCopyImage of a finished copy is accepted", ("state.cancel",),
         Call(), Call(ON_COPY, action="CancelCopyImage", advance_seconds=86_400)),
    flag("dry-run-ignored", "DryRun=true copies the image", ("state.dry-run",),
         Call({"DryRun": "true"})),
    Fault("unknown-ak-403", "InvalidAccessKeyId.NotFound is answered 403",
          ("gateway.unknown-access-key",), (Call(access_key_id="no-such-key"),),
          rows={"InvalidAccessKeyId.NotFound": {"status": 403}}),
    Fault("unsupported-method-405", "UnsupportedHTTPMethod is answered 405",
          ("gateway.unsupported-method",), (Call(method="PUT"),),
          rows={"UnsupportedHTTPMethod": {"status": 405}}),
    flag("v1-json-ignored", "Format=JSON is answered in XML", ("format.v1-format-json",),
         Call(fmt="JSON")),
    flag("destination-required", "a request without DestinationRegionId is refused as "
         "MissingDestinationRegionId", ("DestinationRegionId.optional",),
         Call({"DestinationRegionId": None})),
    flag("post-query-refused", "POST with the parameters in the query and no body is refused",
         ("method.post-query",)),
    flag("extra-params-rejected", "an unknown parameter such as OwnerId is refused with "
         "InvalidParameter", ("wire.extra-parameters-tolerated",), Call({"OwnerId": "12345"})),
    flag("v1-signature-rejected", "every V1 request is refused with SignatureDoesNotMatch",
         ("signature.v1-accepted",)),
    flag("unsigned-v1-accepted", "a V1 request without Signature is accepted",
         ("gateway.incomplete-signature",), Call(common={"Signature": None})),
    flag("nonce-optional", "a V1 request without SignatureNonce is accepted",
         ("gateway.missing-common-parameter",), Call(common={"SignatureNonce": None})),
    flag("copy-available-at-once", "a new copy is Available at once, never Creating or Waiting",
         ("state.copy-visible",), Call(),
         Call({"RegionId": DEST, "Status": "Creating,Waiting"}, action="DescribeImages")),
    Fault("unknown-action-500", "an unknown Action is answered 500", ("gateway.unknown-action",),
          (Call(action="CopyImages"),), rows={"InvalidAction.NotFound": {"status": 500}}),
    Fault("signature-method-500", "an unsupported V1 SignatureMethod is answered 500",
          ("gateway.signature-method",), (Call(common={"SignatureMethod": "HMAC-MD5"}),),
          rows={"InvalidParamater": {"status": 500}}),
)
