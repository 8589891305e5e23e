"""The project's reference client of CopyImage: httpx, signed with :mod:`spec.signing` (V3 by
default, V1 on request), retries on 5xx and Throttling with a fresh signature each time.

As a client-suite adapter:
``--adapter python:ecs_conformance.adapters.reference_client:call`` (V3) or
``python:ecs_conformance.adapters.reference_client:call_v1_xml`` (V1 without Format: answered in
XML). Each
method is one step a faulty variant (:mod:`adapters.faulty`) can break on its own.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

import httpx
from defusedxml import ElementTree

from ecs_conformance.spec.loader import load_spec
from ecs_conformance.spec.signing import new_nonce, percent_encode, utc_timestamp, v1_sign, v3_sign

Result = dict[str, Any]


#: the spec's primary operation: what a call without "action" asks for
PRIMARY = load_spec().operation.action


class ReferenceClient:
    name = "ecs-conformance reference client"
    version = "0.1.0"
    signature = "v3"
    fmt: str | None = "JSON"  # V1 only; None sends no Format (and gets XML)
    retries = 2

    # ------------------------------------------------------------------ adapter surface
    def handshake(self) -> dict[str, Any]:
        caps: dict[str, Any] = {"retries": self.retries, "signature": self.signature,
                                "transport": "httpx",
                                "operations": [c.action for c in load_spec().companions]}
        if self.signature == "v1" and self.fmt:
            caps["format"] = self.fmt
        return {"name": self.name, "version": self.version, "capabilities": caps}

    def adapter(self) -> Any:
        def call(call: dict[str, Any]) -> Result:
            return self.call(call)

        call.handshake = self.handshake()  # type: ignore[attr-defined]
        return call

    # ------------------------------------------------------------------ steps
    def wire_params(self, parameters: dict[str, Any]) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        for name, value in parameters.items():
            if name == "Tag":
                for index, tag in enumerate(value, start=1):
                    out.append((f"Tag.{index}.Key", tag["Key"]))
                    if "Value" in tag:
                        out.append((f"Tag.{index}.Value", tag["Value"]))
            elif isinstance(value, bool):
                out.append((name, self.boolean(value)))
            else:
                out.append((name, str(value)))
        return out

    def boolean(self, value: bool) -> str:
        return "true" if value else "false"

    def nonce(self) -> str:
        return new_nonce()

    def timestamp(self) -> str:
        return utc_timestamp()

    def encode(self, pairs: list[tuple[str, str]]) -> str:
        return "&".join(f"{percent_encode(k)}={percent_encode(v)}" for k, v in pairs)

    def sign(self, call: dict[str, Any], params: list[tuple[str, str]]) -> httpx.Request:
        endpoint = call["endpoint"]
        key, secret = call["access_key_id"], call["access_key_secret"]
        action = call.get("action") or PRIMARY
        if self.signature == "v1":
            signed = v1_sign("POST", params, key, secret, nonce=self.nonce(),
                             timestamp=self.timestamp(), fmt=self.fmt, action=action)
            return httpx.Request("POST", f"{endpoint}/?{self.encode(signed)}")
        query = sorted(params)
        headers = v3_sign("POST", urlsplit(endpoint).netloc, query, key, secret,
                          nonce=self.nonce(), date=self.timestamp(), action=action,
                          extra_headers={"accept": "application/json"})
        return httpx.Request("POST", f"{endpoint}/?{self.encode(query)}", headers=headers)

    def timeout(self, timeout_s: float) -> httpx.Timeout:
        return httpx.Timeout(timeout_s)

    def retryable(self, result: Result) -> bool:
        status = result.get("http_status") or 0
        return result["outcome"] == "error" and (
            status >= 500 or "Throttling" in str(result.get("code") or ""))

    # ------------------------------------------------------------------ the call
    def call(self, call: dict[str, Any]) -> Result:
        params = self.wire_params(call["parameters"])
        with httpx.Client(timeout=self.timeout(call["timeout_s"])) as http:
            for attempt in range(self.retries + 1):
                action = call.get("action") or PRIMARY
                result = self.send(http, self.sign(call, params), action)
                if attempt == self.retries or not self.retryable(result):
                    return result
        raise AssertionError("unreachable")

    def send(self, http: httpx.Client, request: httpx.Request, action: str) -> Result:
        try:
            response = http.send(request)
        except httpx.TimeoutException as exc:
            return self.failure("SDK.Timeout", f"no answer in time: {exc}", None)
        except httpx.HTTPError as exc:
            return self.failure("SDK.HttpError", str(exc), None)
        return self.parse(response.status_code, response.content, action)

    def failure(self, code: str, message: str, status: int | None) -> Result:
        return {"outcome": "error", "code": code, "message": message, "http_status": status,
                "request_id": None}

    def fields(self, body: bytes) -> dict[str, Any] | None:
        """The answer's fields, from JSON or XML; None when the body is neither."""
        try:
            data = json.loads(body.decode("utf-8"))
            return data if isinstance(data, dict) else None
        except (UnicodeDecodeError, ValueError):
            pass
        try:
            root = ElementTree.fromstring(body, forbid_dtd=True)
        except Exception:
            return None
        return {child.tag: child.text or "" for child in root} or None

    def parse(self, status: int, body: bytes, action: str = "") -> Result:
        fields = self.fields(body)
        if 200 <= status < 300:
            image, request = (fields or {}).get("ImageId"), (fields or {}).get("RequestId")
            primary = (action or PRIMARY) == PRIMARY  # its answer carries the new ImageId
            if isinstance(request, str) and (isinstance(image, str) or not primary):
                return {"outcome": "ok", "ImageId": image if isinstance(image, str) else None,
                        "RequestId": request}
            return self.failure("SDK.InvalidResponse",
                                f"not a {action or PRIMARY} answer: {body[:120]!r}", status)
        fields = fields or {}
        return {"outcome": "error", "code": _text(fields.get("Code")),
                "message": _text(fields.get("Message")), "http_status": status,
                "request_id": _text(fields.get("RequestId"))}


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


class XmlDefaultClient(ReferenceClient):
    signature, fmt = "v1", None


call = ReferenceClient().adapter()
call_v1_xml = XmlDefaultClient().adapter()
