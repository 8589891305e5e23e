"""Parse a target's answer body as JSON or XML, defensively (defused XML, bounded input)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

from ecs_conformance.suites.wire import Exchange


@dataclass(frozen=True)
class Parsed:
    """A body as data: ``fmt`` is "json", "xml" or None (unparseable; see ``problem``)."""

    fmt: str | None
    root: str | None = None
    fields: dict[str, Any] = field(default_factory=dict)
    problem: str | None = None


def media_type(content_type: str) -> str:
    return content_type.split(";")[0].strip().lower()


def parse_body(exchange: Exchange) -> Parsed:
    body = exchange.body
    kind = media_type(exchange.content_type)
    looks_xml = body.lstrip()[:1] == b"<"
    if kind in ("text/xml", "application/xml") or (looks_xml and "json" not in kind):
        return _xml(body)
    return _json(body)


def _json(body: bytes) -> Parsed:
    try:
        data = json.loads(body.decode("utf-8"))
    except UnicodeDecodeError:
        return Parsed(None, problem="body is not valid UTF-8")
    except json.JSONDecodeError as exc:
        return Parsed(None, problem=f"body is not JSON ({exc.msg} at {exc.pos})")
    except RecursionError:  # "[[[[…": a hostile body must be a finding, not our crash
        return Parsed(None, problem="body is not JSON (nested deeper than any answer may be)")
    if not isinstance(data, dict):
        return Parsed("json", problem=f"JSON body is a {type(data).__name__}, not an object")
    return Parsed("json", fields=data)


def _xml(body: bytes) -> Parsed:
    try:
        root = ElementTree.fromstring(body, forbid_dtd=True)
    except DefusedXmlException as exc:
        return Parsed(None, problem=f"XML body refused by the defused parser: {type(exc).__name__}")
    except ElementTree.ParseError as exc:
        return Parsed(None, problem=f"body is not well-formed XML ({exc})")
    fields: dict[str, Any] = {}
    for child in root:
        fields[child.tag] = (child.text or "") if len(child) == 0 else {
            sub.tag: sub.text or "" for sub in child}
    return Parsed("xml", root=root.tag, fields=fields)
