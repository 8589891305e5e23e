"""Rendering answers as JSON or XML, and the error body every refusal gets."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from ecs_conformance.reference.behaviour import Behaviour
from ecs_conformance.reference.errors import Refusal

JSON_TYPE = "application/json;charset=utf-8"
XML_TYPE = "text/xml;charset=utf-8"
XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>'
RECOMMEND = "https://api.aliyun.com/troubleshoot?q={code}&product={product}&requestId={request_id}"


@dataclass(frozen=True)
class Answer:
    """A response before rendering: status, body fields, XML root element and format."""

    status: int
    body: dict[str, Any]
    root: str
    fmt: str


def new_request_id(behaviour: Behaviour) -> str:
    request_id = str(uuid.uuid4())
    return request_id if behaviour.on("request-id-lowercase") else request_id.upper()


def success(action: str, body: dict[str, Any], fmt: str, behaviour: Behaviour) -> Answer:
    root = f"{action}Response"
    if action == behaviour.spec.operation.action and behaviour.on("xml-root-result"):
        root = f"{action}Result"
    if behaviour.on("success-with-code"):
        body = {**body, "Code": "Success"}
    return Answer(200, body, root, fmt)


def failure(refusal: Refusal, request_id: str, host: str, fmt: str,
            behaviour: Behaviour) -> Answer:
    body: dict[str, Any] = {"RequestId": request_id, "HostId": host, "Code": refusal.code,
                            "Message": refusal.message}
    body["Recommend"] = RECOMMEND.format(code=refusal.code, product=behaviour.spec.operation
                                         .product, request_id=request_id)
    if behaviour.on("error-without-hostid"):
        del body["HostId"]
    if behaviour.on("error-without-requestid"):
        del body["RequestId"]
    return Answer(refusal.status, body, "Error", fmt)


def render(answer: Answer, behaviour: Behaviour) -> tuple[str, bytes]:
    """The content type and the body bytes of ``answer``."""
    if answer.fmt == "json":
        text = json.dumps(answer.body, ensure_ascii=False, separators=(",", ":"))
        content_type = "text/plain;charset=utf-8" if behaviour.on("json-text-plain") else JSON_TYPE
        return content_type, text.encode("utf-8")
    text = XML_DECLARATION + _element(answer.root, answer.body)
    content_type = "application/xml;charset=utf-8" if behaviour.on("xml-application-xml") \
        else XML_TYPE
    return content_type, text.encode("utf-8")


def _element(name: str, value: Any) -> str:
    if isinstance(value, dict):
        inner = "".join(
            "".join(_element(key, item) for item in child) if isinstance(child, list)
            else _element(key, child)
            for key, child in value.items()
        )
        return f"<{name}>{inner}</{name}>"
    if isinstance(value, bool):
        text = "true" if value else "false"
    else:
        text = escape(str(value))
    return f"<{name}>{text}</{name}>"
