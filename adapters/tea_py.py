"""Client-suite adapter for the official Python SDK ``alibabacloud-ecs20140526`` (tea-openapi,
V3 signature by default): ``--adapter python:ecs_conformance.adapters.tea_py:call``.

Every operation goes through the SDK's own request model and method: the call's ``action``
(default: the spec's primary operation) names ``models.<Action>Request`` and
``Client.<action>_with_options``, and the model's ``from_map`` takes the call's wire-named
parameters (nested Tag lists included). The handshake declares each of the spec's other
operations the SDK has a request model for (``capabilities.operations``).

It reads the SDK's stable fields (facts §11.10): ``e.code``, ``e.status_code``,
``e.request_id``, ``e.data["Message"]``. Any other exception (parse errors of malformed
answers, timeouts) is an error outcome without code or status, as the SDK gives none.
"""

from __future__ import annotations

import re
from importlib.metadata import version
from typing import Any
from urllib.parse import urlsplit

from ecs_conformance.adapters.sdk import action_of, companions, missing_sdk

try:
    from alibabacloud_ecs20140526 import models
    from alibabacloud_ecs20140526.client import Client
    from alibabacloud_tea_openapi.exceptions import AlibabaCloudException
    from alibabacloud_tea_openapi.models import Config
    from darabonba.runtime import RuntimeOptions
except ImportError as exc:  # say which extra installs it
    raise missing_sdk(exc, "alibabacloud-ecs20140526") from exc


def _method_name(action: str) -> str:
    """The SDK's method for ``action``: CancelCopyImage -> cancel_copy_image_with_options."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", action).lower() + "_with_options"


def _has(action: str) -> bool:
    return hasattr(models, f"{action}Request") and hasattr(Client, _method_name(action))


HANDSHAKE = {"name": "alibabacloud-ecs20140526", "version": version("alibabacloud-ecs20140526"),
             "capabilities": {"retries": 0, "signature": "v3", "transport": "socket",
                              "operations": companions(_has)}}


def call(call: dict[str, Any]) -> dict[str, Any]:
    action = action_of(call)
    if not _has(action):
        return {"outcome": "rejected", "reason": f"the SDK has no {action}Request model or "
                f"{_method_name(action)} method"}
    params = dict(call["parameters"])
    request = getattr(models, f"{action}Request")().from_map(params)
    unknown = sorted(set(params) - set(request.to_map()))
    if unknown:
        return {"outcome": "rejected", "reason": f"the SDK model {action}Request has no "
                f"{unknown}"}
    endpoint = urlsplit(call["endpoint"])
    client = Client(Config(access_key_id=call["access_key_id"],
                           access_key_secret=call["access_key_secret"],
                           endpoint=endpoint.netloc, protocol="http",
                           region_id=call["region_id"]))
    millis = int(call["timeout_s"] * 1000)
    runtime = RuntimeOptions(read_timeout=millis, connect_timeout=millis)
    try:
        response = getattr(client, _method_name(action))(request, runtime)
    except AlibabaCloudException as exc:
        data = exc.data if isinstance(exc.data, dict) else {}
        return {"outcome": "error", "code": exc.code, "message": data.get("Message"),
                "http_status": exc.status_code, "request_id": exc.request_id,
                "detail": type(exc).__name__}
    except Exception as exc:  # parse errors, timeouts: the SDK gives no code or status
        return {"outcome": "error", "code": None, "message": str(exc)[:300],
                "http_status": None, "request_id": None,
                "detail": f"{type(exc).__module__}.{type(exc).__name__}"}
    if response.body is None:  # darabonba's from_map swallows a body the model cannot take
        return {"outcome": "ok", "ImageId": None, "RequestId": None,
                "detail": f"the SDK returned {action}Response without a body: its model "
                          "could not take the answer and the SDK raised nothing"}
    body = response.body.to_map()
    return {"outcome": "ok", "ImageId": _text(body.get("ImageId")),
            "RequestId": _text(body.get("RequestId"))}


def _text(value: Any) -> str | None:
    return None if value is None else str(value)
