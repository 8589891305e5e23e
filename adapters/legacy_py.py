"""Client-suite adapter for the legacy official Python SDK ``aliyun-python-sdk-ecs`` with
``aliyun-python-sdk-core`` (V1 signature, Format=JSON):
``--adapter python:ecs_conformance.adapters.legacy_py:call``.

Every operation goes through the SDK's own request class: the call's ``action`` (default: the
spec's primary operation) names ``aliyunsdkecs.request.v20140526.<Action>Request``; each
wire-named parameter goes through its setter (``set_<Name>``, ``set_<Name>s`` for a repeated
list such as Tag), except RegionId, which the SDK takes from the client (``AcsClient``'s
region). The handshake declares each of the spec's other operations the SDK has a request for.

The SDK returns the raw body of any 2xx answer without parsing it (facts §3.1): the adapter
reports that success as the SDK does, with ImageId / RequestId read from the body when it is
JSON (else null). Errors: ``get_error_code()``, ``get_http_status()``, ``get_request_id()``,
``get_error_msg()`` (facts §11.10).

``capabilities.retries`` is 0 as for the primary operation, which the SDK never retries (facts
§3.3). The SDK's own retry_config.json lists some read operations (DescribeImages among them)
as retryable: it resends those up to 3 times on a 500/502/503/504, on the codes InternalError,
UnknownError, ServiceUnavailable or Throttling, or on a network error or timeout; the suite
checks every request it sends.
"""

from __future__ import annotations

import importlib
import json
from importlib.metadata import version
from typing import Any
from urllib.parse import urlsplit

from ecs_conformance.adapters.sdk import action_of, companions, missing_sdk

try:
    from aliyunsdkcore.acs_exception.exceptions import ClientException, ServerException
    from aliyunsdkcore.client import AcsClient
    from aliyunsdkcore.request import RpcRequest
except ImportError as exc:  # say which extra installs it
    raise missing_sdk(exc, "aliyun-python-sdk-core") from exc
try:
    import aliyunsdkecs.request.v20140526  # noqa: F401  (the request classes' package)
except ImportError as exc:
    raise missing_sdk(exc, "aliyun-python-sdk-ecs") from exc

PACKAGE = "aliyunsdkecs.request.v20140526"
#: set from the client's region (the SDK's request classes have no setter for it)
FROM_CLIENT = "RegionId"


def _request_class(action: str) -> type[RpcRequest] | None:
    """The SDK's request class for ``action``; None when the SDK has none."""
    name = f"{PACKAGE}.{action}Request"
    try:
        module = importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name == name:  # the SDK has no such request (anything else is a real failure)
            return None
        raise
    found = getattr(module, f"{action}Request", None)
    return found if isinstance(found, type) and issubclass(found, RpcRequest) else None


def _setter(request: RpcRequest, name: str, value: Any) -> Any:
    """The request's setter for the wire parameter ``name``: a list goes through the repeat-list
    setter (``set_Tags``), anything else through ``set_<name>``; None when there is none."""
    return getattr(request, f"set_{name}s" if isinstance(value, list) else f"set_{name}", None)


HANDSHAKE = {"name": "aliyun-python-sdk-ecs", "version": version("aliyun-python-sdk-ecs"),
             "capabilities": {"retries": 0, "signature": "v1", "format": "JSON",
                              "transport": "socket",
                              "operations": companions(lambda a: _request_class(a) is not None)}}


def call(call: dict[str, Any]) -> dict[str, Any]:
    action = action_of(call)
    kind = _request_class(action)
    if kind is None:
        return {"outcome": "rejected", "reason": f"the SDK has no {PACKAGE}.{action}Request"}
    params = dict(call["parameters"])
    request = kind()
    setters = {name: _setter(request, name, value) for name, value in params.items()
               if name != FROM_CLIENT}
    unknown = sorted(name for name, setter in setters.items() if setter is None)
    if unknown:
        return {"outcome": "rejected", "reason": f"the SDK request {action}Request has no "
                f"setter for {unknown}"}
    # The SDK sends the client's region as RegionId; an unset RegionId stays unset only if the
    # client has none (it then sends RegionId=None, facts §4).
    client = AcsClient(call["access_key_id"], call["access_key_secret"], params.get(FROM_CLIENT),
                       timeout=call["timeout_s"], connect_timeout=call["timeout_s"])
    request.set_endpoint(urlsplit(call["endpoint"]).netloc)
    request.set_protocol_type("http")
    for name, setter in setters.items():
        setter(params[name])
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
