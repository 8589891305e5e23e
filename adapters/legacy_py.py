"""Client-suite adapter for the legacy official Python SDK ``aliyun-python-sdk-ecs`` with
``aliyun-python-sdk-core`` (V1 signature, Format=JSON):
``--adapter python:ecs_conformance.adapters.legacy_py:call``.

The SDK returns the raw body of any 2xx answer without parsing it (facts §3.1): the adapter
reports that success as the SDK does, with ImageId / RequestId read from the body when it is
JSON (else null). Errors: ``get_error_code()``, ``get_http_status()``, ``get_request_id()``,
``get_error_msg()`` (facts §11.10).
"""

from __future__ import annotations

import json
from importlib.metadata import version
from typing import Any
from urllib.parse import urlsplit

from ecs_conformance.adapters.sdk import missing_sdk

try:
    from aliyunsdkcore.acs_exception.exceptions import ClientException, ServerException
    from aliyunsdkcore.client import AcsClient
    from aliyunsdkecs.request.v20140526.CopyImageRequest import CopyImageRequest
except ImportError as exc:  # say which extra installs it
    raise missing_sdk(exc, "aliyun-python-sdk-ecs") from exc

HANDSHAKE = {"name": "aliyun-python-sdk-ecs", "version": version("aliyun-python-sdk-ecs"),
             "capabilities": {"retries": 0, "signature": "v1", "format": "JSON",
                              "transport": "socket"}}
SETTERS = ("ImageId", "DestinationRegionId", "DestinationImageName", "DestinationDescription",
           "Encrypted", "KMSKeyId", "ResourceGroupId", "DryRun", "ClientToken",
           "EncryptAlgorithm")


def call(call: dict[str, Any]) -> dict[str, Any]:
    params = dict(call["parameters"])
    unknown = sorted(set(params) - set(SETTERS) - {"Tag", "RegionId"})
    if unknown:
        return {"outcome": "rejected", "reason": f"the SDK request has no setter for {unknown}"}
    # The SDK sends the client's region as RegionId; an unset RegionId stays unset only if the
    # client has none (it then sends RegionId=None, facts §4).
    client = AcsClient(call["access_key_id"], call["access_key_secret"], params.get("RegionId"),
                       timeout=call["timeout_s"], connect_timeout=call["timeout_s"])
    request = CopyImageRequest()
    request.set_endpoint(urlsplit(call["endpoint"]).netloc)
    request.set_protocol_type("http")
    for name in SETTERS:
        if name in params:
            getattr(request, f"set_{name}")(params[name])
    if "Tag" in params:
        request.set_Tags(params["Tag"])
    try:
        raw = client.do_action_with_exception(request)
    except ServerException as exc:
        return {"outcome": "error", "code": exc.get_error_code(), "message": exc.get_error_msg(),
                "http_status": exc.get_http_status(), "request_id": exc.get_request_id(),
                "detail": "ServerException"}
    except ClientException as exc:
        return {"outcome": "error", "code": exc.get_error_code(), "message": exc.get_error_msg(),
                "http_status": None, "request_id": None, "detail": "ClientException"}
    try:
        data = json.loads(raw)
    except (ValueError, TypeError):
        data = None
    fields = data if isinstance(data, dict) else {}
    return {"outcome": "ok", "ImageId": _text(fields.get("ImageId")),
            "RequestId": _text(fields.get("RequestId")),
            "detail": f"the SDK returned the raw body {bytes(raw)[:80]!r}"}


def _text(value: Any) -> str | None:
    return None if value is None else str(value)
