"""A worked example of an adapter for a *partial* client (README: "Writing an adapter for a
partial client").

``copy_image`` below stands for the client you want to test: a small in-house wrapper of the
kind infrastructure tools carry. It exposes five CopyImage parameters, signs V1, sends GET with
``Format=XML`` and fills in one default of its own (a description). The adapter under it maps the
suite's call onto the wrapper's arguments and declares what the wrapper can send:

    ecs-conformance client --adapter python:ecs_conformance.adapters.partial_example:call

``capabilities.parameters`` lists the five parameters, so the suite generates calls with those
only and reports the requirements that need another one (Tag, Encrypted, …) as not assessed;
``format: XML`` says the requests ask for XML, so the answers are served and judged in XML.
The filled-in description is reported (SHOULD ``client.wire.unset-absent``, with the value sent).

``call_same_region_default`` is the same wrapper with a harmful default — the destination region
falls back to the source region — which the service refuses (seed row 19,
IncorrectDestinationRegion): a MUST finding of ``client.defaults.valid``.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from typing import Any

from defusedxml import ElementTree

from ecs_conformance.spec.signing import new_nonce, percent_encode, utc_timestamp, v1_sign

DESCRIPTION_DEFAULT = "copied by example-tool"


# ---------------------------------------------------------------- the client under test
def copy_image(endpoint: str, key_id: str, secret: str, *, region: str, image_id: str,
               destination_region: str | None = None, name: str | None = None,
               description: str | None = None, timeout: float = 10.0,
               same_region_default: bool = False) -> dict[str, str]:
    """Copy an image; returns the answer's fields (ImageId, RequestId), raises
    :class:`CopyError` on an error answer or a transport failure."""
    params = [("ImageId", image_id), ("RegionId", region)]
    if destination_region is None and same_region_default:
        destination_region = region  # the harmful default: a copy into its own region
    if destination_region is not None:
        params.append(("DestinationRegionId", destination_region))
    if name is not None:
        params.append(("DestinationImageName", name))
    params.append(("DestinationDescription",
                   DESCRIPTION_DEFAULT if description is None else description))
    signed = v1_sign("GET", params, key_id, secret, nonce=new_nonce(),
                     timestamp=utc_timestamp(), fmt="XML")
    query = "&".join(f"{percent_encode(k)}={percent_encode(v)}" for k, v in signed)
    try:
        with urllib.request.urlopen(f"{endpoint}/?{query}", timeout=timeout) as answer:
            status, body = answer.status, answer.read()
    except urllib.error.HTTPError as exc:
        status, body = exc.code, exc.read()
    except OSError as exc:  # URLError, timeouts and refused connections are OSErrors
        raise CopyError(None, None, str(exc), None) from exc
    fields = _xml_fields(body)
    if 200 <= status < 300 and "ImageId" in fields and "RequestId" in fields:
        return fields
    if 200 <= status < 300:
        raise CopyError(None, status, f"not a CopyImage answer: {body[:120]!r}", None)
    raise CopyError(fields.get("Code"), status, fields.get("Message"), fields.get("RequestId"))


class CopyError(Exception):
    def __init__(self, code: str | None, status: int | None, message: str | None,
                 request_id: str | None) -> None:
        super().__init__(f"{code}: {message}")
        self.code, self.status, self.message, self.request_id = code, status, message, request_id


def _xml_fields(body: bytes) -> dict[str, str]:
    try:
        root = ElementTree.fromstring(body, forbid_dtd=True)
    except Exception:  # not XML: no fields
        return {}
    return {child.tag: child.text or "" for child in root}


# ---------------------------------------------------------------- the adapter
ARGUMENTS = {"ImageId": "image_id", "RegionId": "region", "DestinationRegionId":
             "destination_region", "DestinationImageName": "name",
             "DestinationDescription": "description"}
HANDSHAKE = {"name": "example-tool image copy", "version": "1.0",
             "capabilities": {"retries": 0, "signature": "v1", "format": "XML",
                              "transport": "socket", "parameters": sorted(ARGUMENTS)}}


def _adapt(call: dict[str, Any], *, same_region_default: bool) -> dict[str, Any]:
    params = dict(call["parameters"])
    unknown = sorted(set(params) - set(ARGUMENTS))
    if unknown:  # the suite never asks for these: they are not in capabilities.parameters
        return {"outcome": "rejected", "reason": f"the wrapper has no argument for {unknown}"}
    kwargs = {ARGUMENTS[name]: value for name, value in params.items()}
    try:
        fields = copy_image(call["endpoint"], call["access_key_id"], call["access_key_secret"],
                            timeout=call["timeout_s"], same_region_default=same_region_default,
                            **kwargs)
    except CopyError as exc:
        return {"outcome": "error", "code": exc.code, "message": exc.message,
                "http_status": exc.status, "request_id": exc.request_id}
    return {"outcome": "ok", "ImageId": fields["ImageId"], "RequestId": fields["RequestId"]}


def call(call: dict[str, Any]) -> dict[str, Any]:
    return _adapt(call, same_region_default=False)


def call_same_region_default(call: dict[str, Any]) -> dict[str, Any]:
    return _adapt(call, same_region_default=True)


call_same_region_default.handshake = {  # type: ignore[attr-defined]
    **HANDSHAKE, "name": "example-tool image copy (same-region default)"}
