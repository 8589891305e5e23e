"""Client-suite adapter for the official Python SDK ``alibabacloud-ecs20140526`` (tea-openapi,
V3 signature by default): ``--adapter python:ecs_conformance.adapters.tea_py:call``.

It reads the SDK's stable fields (facts §11.10): ``e.code``, ``e.status_code``,
``e.request_id``, ``e.data["Message"]``. Any other exception (parse errors of malformed
answers, timeouts) is an error outcome without code or status, as the SDK gives none.
"""

from __future__ import annotations

from importlib.metadata import version
from typing import Any
from urllib.parse import urlsplit

from ecs_conformance.adapters.sdk import missing_sdk

try:
    from alibabacloud_ecs20140526 import models
    from alibabacloud_ecs20140526.client import Client
    from alibabacloud_tea_openapi.exceptions import AlibabaCloudException
    from alibabacloud_tea_openapi.models import Config
    from darabonba.runtime import RuntimeOptions
except ImportError as exc:  # say which extra installs it
    raise missing_sdk(exc, "alibabacloud-ecs20140526") from exc

HANDSHAKE = {"name": "alibabacloud-ecs20140526", "version": version("alibabacloud-ecs20140526"),
             "capabilities": {"retries": 0, "signature": "v3", "transport": "socket"}}
FIELDS = {"ImageId": "image_id", "RegionId": "region_id", "DestinationRegionId":
          "destination_region_id", "DestinationImageName": "destination_image_name",
          "DestinationDescription": "destination_description", "Encrypted": "encrypted",
          "KMSKeyId": "kmskey_id", "ResourceGroupId": "resource_group_id", "DryRun": "dry_run",
          "ClientToken": "client_token", "EncryptAlgorithm": "encrypt_algorithm"}


def call(call: dict[str, Any]) -> dict[str, Any]:
    endpoint = urlsplit(call["endpoint"])
    client = Client(Config(access_key_id=call["access_key_id"],
                           access_key_secret=call["access_key_secret"],
                           endpoint=endpoint.netloc, protocol="http",
                           region_id=call["region_id"]))
    params = dict(call["parameters"])
    kwargs = {FIELDS[name]: value for name, value in params.items() if name in FIELDS}
    if "Tag" in params:
        kwargs["tag"] = [models.CopyImageRequestTag(key=t["Key"], value=t.get("Value"))
                         for t in params["Tag"]]
    unknown = sorted(set(params) - set(FIELDS) - {"Tag"})
    if unknown:
        return {"outcome": "rejected", "reason": f"the SDK model has no {unknown}"}
    millis = int(call["timeout_s"] * 1000)
    runtime = RuntimeOptions(read_timeout=millis, connect_timeout=millis)
    try:
        response = client.copy_image_with_options(models.CopyImageRequest(**kwargs), runtime)
    except AlibabaCloudException as exc:
        data = exc.data if isinstance(exc.data, dict) else {}
        return {"outcome": "error", "code": exc.code, "message": data.get("Message"),
                "http_status": exc.status_code, "request_id": exc.request_id,
                "detail": type(exc).__name__}
    except Exception as exc:  # parse errors, timeouts: the SDK gives no code or status
        return {"outcome": "error", "code": None, "message": str(exc)[:300],
                "http_status": None, "request_id": None,
                "detail": f"{type(exc).__module__}.{type(exc).__name__}"}
    body = response.body
    return {"outcome": "ok", "ImageId": _text(body.image_id), "RequestId": _text(body.request_id)}


def _text(value: Any) -> str | None:
    return None if value is None else str(value)
