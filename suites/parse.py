"""Parse a target's answer as JSON or XML, defensively (defused XML, bounded input): once per
exchange, into the :class:`ParsedAnswer` every check reads."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

from ecs_conformance.spec.wire import media_type

if TYPE_CHECKING:
    from ecs_conformance.suites.wire import Exchange


@dataclass(frozen=True)
class ParsedAnswer:
    """A target's answer body as data, parsed once per exchange
    (:attr:`suites.wire.Exchange.answer`; its status and headers stay the exchange's):
    ``fmt`` is "json", "xml" or None (unparseable; see ``problem``)."""

    fmt: str | None
    root: str | None = None
    fields: dict[str, Any] = field(default_factory=dict)
    problem: str | None = None


Parsed = ParsedAnswer  # the name the checks knew it by


def parse_answer(content_type: str, body: bytes) -> ParsedAnswer:
    """Parse ``body`` as ``content_type`` says (or as it looks): XML when typed XML or
    starting with ``<`` under a type that is not JSON, JSON otherwise."""
    kind = media_type(content_type)
    looks_xml = body.lstrip()[:1] == b"<"
    return _xml(body) if kind in ("text/xml", "application/xml") or (
        looks_xml and "json" not in kind) else _json(body)


def parse_body(exchange: Exchange) -> ParsedAnswer:
    """The exchange's answer, parsed once (the exchange keeps it)."""
    return exchange.answer


def _json(body: bytes) -> ParsedAnswer:
    try:
        data = json.loads(body.decode("utf-8"))
    except UnicodeDecodeError:
        return ParsedAnswer(None, problem="body is not valid UTF-8")
    except json.JSONDecodeError as exc:
        return ParsedAnswer(None, problem=f"body is not JSON ({exc.msg} at {exc.pos})")
    except RecursionError:  # "[[[[…": a hostile body must be a finding, not our crash
        return ParsedAnswer(None,
                            problem="body is not JSON (nested deeper than any answer may be)")
    if not isinstance(data, dict):
        return ParsedAnswer("json",
                            problem=f"JSON body is a {type(data).__name__}, not an object")
    return ParsedAnswer("json", fields=data)


def _xml(body: bytes) -> ParsedAnswer:
    try:
        root = ElementTree.fromstring(body, forbid_dtd=True)
    except DefusedXmlException as exc:
        return ParsedAnswer(None, problem="XML body refused by the defused parser: "
                                          f"{type(exc).__name__}")
    except ElementTree.ParseError as exc:
        return ParsedAnswer(None, problem=f"body is not well-formed XML ({exc})")
    fields: dict[str, Any] = {}
    for child in root:
        fields[child.tag] = (child.text or "") if len(child) == 0 else {
            sub.tag: sub.text or "" for sub in child}
    return ParsedAnswer("xml", root=root.tag, fields=fields)


__all__ = ["Parsed", "ParsedAnswer", "media_type", "parse_answer", "parse_body"]
