"""Exports of the spec for other tools: canonical JSON, and an OpenAPI 3.1 document.

The OpenAPI document is for generic tools (Schemathesis, Prism): it cannot express signing, so
it declares an apiKey-style security scheme and documents both signature schemes in prose.
Every pattern is anchored at both ends (an unanchored ``^[A-Za-z]`` makes such tools report a
correct rejection as a failure; see facts/performance.md).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ecs_conformance.spec.defaults import SERVE_ENDPOINT
from ecs_conformance.spec.kinds import UnknownKind, assert_in_step
from ecs_conformance.spec.model import CharClass, Check, Contract, Parameter, Rule, Spec

TOOL_NAME = "ecs-conformance"
ANY_CHAR = "[\\s\\S]"  # "." would miss newlines
PLACEHOLDER_SERVER = SERVE_ENDPOINT  # `ecs-conformance serve` default; never the cloud


def export_json(spec: Spec) -> dict[str, Any]:
    """The canonical spec: every file's data, plus version and digest."""
    return {
        "format": f"{TOOL_NAME}/spec",
        "operation": f"{spec.operation.product}.{spec.operation.action}",
        "version": spec.operation.version,
        "digest": spec.digest,
        "edition": spec.edition.name,
        "operations": [c.action for c in spec.contracts()],
        **spec.canonical,
    }


def _class_regex(names: tuple[str, ...], classes: dict[str, CharClass], extra: str = "") -> str:
    parts = []
    for name in names:
        for lo, hi in classes[name].ranges:
            if hi > 0xFFFF:  # astral ranges have no portable regex form (ECMA vs Python re)
                continue
            parts.append(_esc(lo) if lo == hi else f"{_esc(lo)}-{_esc(hi)}")
    parts += [_esc(ord(ch)) for ch in extra]
    return "[" + "".join(parts) + "]"


def _esc(point: int) -> str:
    if point < 0x80 and (chr(point).isalnum()):
        return chr(point)
    return f"\\u{point:04x}"


@dataclass
class _ValueSchema:
    """What the value-level rules of one parameter say, gathered before it is rendered."""

    schema: dict[str, Any]
    lookaheads: list[str] = field(default_factory=list)
    first: str | None = None
    body: str | None = None


Exporter = Callable[[_ValueSchema, Check, "Spec | Contract"], None]


def _length(out: _ValueSchema, c: Check, spec: Spec | Contract) -> None:
    if c.min:
        out.schema["minLength"] = c.min
    if c.max is not None:
        out.schema["maxLength"] = c.max


def _non_empty(out: _ValueSchema, c: Check, spec: Spec | Contract) -> None:
    out.schema["minLength"] = max(1, out.schema.get("minLength", 0))


def _first_char(out: _ValueSchema, c: Check, spec: Spec | Contract) -> None:
    out.first = _class_regex(c.classes, spec.char_classes)


def _charset(out: _ValueSchema, c: Check, spec: Spec | Contract) -> None:
    out.body = _class_regex(c.classes, spec.char_classes, c.chars)


def _forbidden_prefix(out: _ValueSchema, c: Check, spec: Spec | Contract) -> None:
    out.lookaheads += [_literal(p) for p in c.prefixes]


def _forbidden_substring(out: _ValueSchema, c: Check, spec: Spec | Contract) -> None:
    out.lookaheads += [ANY_CHAR + "*" + _literal(s) for s in c.substrings]


def _ascii(out: _ValueSchema, c: Check, spec: Spec | Contract) -> None:
    out.body = "[\\u0000-\\u007f]"


def _one_of(out: _ValueSchema, c: Check, spec: Spec | Contract) -> None:
    out.schema["enum"] = list(c.values)


def _integer_range(out: _ValueSchema, c: Check, spec: Spec | Contract) -> None:
    # a wire value is a string: its digits are the pattern; the bounds have no string form
    out.schema["pattern"] = "^-?[0-9]+$"
    bounds = {"minimum": c.min, "maximum": c.max}
    out.schema["x-integer-range"] = {k: v for k, v in bounds.items() if v is not None}


# Each kind's part in a wire value's JSON Schema. None: the kind has no form there — the other
# request kinds (presence is the parameter's ``required``, counts and pairs are prose), look-ups
# (the target's state), booleans (their value schema is the fixed enum of value_schema).
EXPORTS: dict[str, Exporter | None] = {
    "required": None,
    "optional": None,
    "length": _length,
    "first_char": _first_char,
    "charset": _charset,
    "forbidden_prefix": _forbidden_prefix,
    "forbidden_substring": _forbidden_substring,
    "non_empty": _non_empty,
    "boolean": None,
    "ascii": _ascii,
    "max_items": None,
    "index_range": None,
    "integer_range": _integer_range,
    "one_of": _one_of,
    "requires": None,
    "differs_from": None,
    "known_region": None,
    "known_image": None,
    "known_kms_key": None,
}
EXPORTS_TABLE = "spec/export.py EXPORTS"
assert_in_step({EXPORTS_TABLE: EXPORTS})


def exporter(rule: Rule) -> Exporter | None:
    """``rule``'s part in its value's JSON Schema; UnknownKind for a kind the table lacks."""
    if rule.check.kind not in EXPORTS:
        raise UnknownKind(rule.check.kind, rule.id)
    return EXPORTS[rule.check.kind]


def value_schema(spec: Spec | Contract, rules: tuple[Rule, ...], base_type: str
                 ) -> dict[str, Any]:
    """A JSON Schema for one wire value, from the value-level rules that apply to it."""
    if base_type == "Boolean":
        return {"type": "string", "enum": ["true", "false", "True", "False"]}
    out = _ValueSchema({"type": "string"})
    for rule in rules:
        add = exporter(rule)
        if add is not None:
            add(out, rule.check, spec)
    schema, first, body, lookaheads = out.schema, out.first, out.body, out.lookaheads
    if first or body or lookaheads:
        guard = "".join(f"(?!{x})" for x in lookaheads)
        tail = (body or ANY_CHAR) + "*"
        head = f"(?:{first}{tail})?" if first and not schema.get("minLength") else \
            (f"{first}{tail}" if first else tail)
        schema["pattern"] = f"^{guard}{head}$"
    return schema


def _literal(text: str) -> str:
    return "".join("\\" + ch if ch in ".^$*+?()[]{}|\\/" else ch for ch in text)


def _query_parameter(spec: Contract, param: Parameter) -> list[dict[str, Any]]:
    if param.repeat:
        out = []
        for n in range(param.repeat.min_index, param.repeat.max_index + 1):
            for fld in param.repeat.fields:
                rules = spec.rules_for(f"{param.name}.{fld.name}")
                out.append({
                    "name": f"{param.name}.{n}.{fld.name}", "in": "query", "required": False,
                    "description": fld.description, "schema": value_schema(spec, rules, fld.type),
                })
        return out
    schema = value_schema(spec, spec.rules_for(param.name), param.type)
    if param.name == "Action":
        schema = {"type": "string", "enum": [spec.operation.action]}
    # A parameter that other parameters must accompany (KMSKeyId needs Encrypted=true) gets no
    # example: tools combine per-parameter examples into one request, which would be invalid.
    paired = any(r.check.when_present == param.name for r in spec.rules)
    example = {"example": param.example} if param.example is not None and not paired else {}
    return [{
        "name": param.name, "in": "query", "required": param.required,
        "description": param.description + ("" if param.in_source else " (not in the source)"),
        "schema": schema, **example,
    }]


def export_openapi(full: Spec, action: str | None = None) -> dict[str, Any]:
    """An OpenAPI 3.1 document of one operation (default: the primary one), RPC style mapped
    onto GET/POST ``/``: RPC operations share that path, so each gets its own document."""
    spec = full.contract(action or full.operation.action)
    params = [q for p in spec.parameters for q in _query_parameter(spec, p)]
    shapes = {r.id: r for r in (*full.responses, *spec.responses)}  # its success, shared errors
    responses: dict[str, Any] = {
        "200": {"description": "Success.",
                "content": {
                    "application/json": {"schema": shapes["success-json"].schema},
                    "text/xml": {"schema": {"type": "string"}},
                }},
    }
    for status in sorted({row.status for row in spec.error_rows} | {404, 403, 400}):
        codes = sorted({row.code for row in spec.error_rows if row.status == status})
        responses[str(status)] = {
            "description": "Error. Documented codes: " + (", ".join(codes) or "gateway errors"),
            "content": {"application/json": {"schema": shapes["error-json"].schema},
                        "text/xml": {"schema": {"type": "string"}}},
        }
    op = {
        "summary": "Copies a custom image from one region to another." if spec.primary else
        f"{spec.action} ({spec.operation.product} {spec.operation.version})",
        "parameters": params,
        "responses": responses,
        "security": [{"AccessKey": []}],
    }
    version = spec.operation.version
    return {
        "openapi": "3.1.0",
        "info": {
            "title": f"Alibaba Cloud {spec.operation.product} {spec.operation.action}",
            "version": version,
            "description": "Generated by ecs-conformance from its machine-readable spec "
                           f"({full.digest}). Requests must be signed (V1 HMAC-SHA1 Signature "
                           "parameter, or V3 ACS3-HMAC-SHA256 Authorization header). The server "
                           f"is a loopback placeholder; the real service is "
                           f"https://{spec.operation.central_endpoint} (and regional endpoints, "
                           "see x-alibaba-cloud-endpoints), where each successful call creates "
                           "a billable image.",
        },
        # Never the billable cloud as a default: a tool pointed at this document without a
        # server of its own must hit loopback. The real endpoints are documented, not served.
        "servers": [{"url": PLACEHOLDER_SERVER,
                     "description": "your server or `ecs-conformance serve` (a placeholder)"}],
        "x-alibaba-cloud-endpoints": {
            "central": f"https://{spec.operation.central_endpoint}",
            "regional": f"https://{spec.operation.regional_endpoint}",
            "note": "the real, billable service",
        },
        "paths": {"/": {
            "get": {**op, "operationId": f"{spec.operation.action}Get"},
            "post": {**op, "operationId": spec.operation.action},
        }},
        "components": {"securitySchemes": {"AccessKey": {
            "type": "apiKey", "in": "header", "name": "Authorization",
            "description": "ACS3-HMAC-SHA256 Credential=<AccessKeyId>,SignedHeaders=...,"
                           "Signature=... (or the V1 Signature query parameter)",
        }}},
    }
