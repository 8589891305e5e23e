"""The checks: small named functions that return every problem they find (never assert).

Each finding names the requirement it breaks; the caller decides what the test asserts.
"""

from __future__ import annotations

import re
from typing import Any

import jsonschema

from ecs_conformance.spec import roles
from ecs_conformance.spec.model import Expectation, Rejection, Spec
from ecs_conformance.suites.blame import excluded, other_rule
from ecs_conformance.suites.findings import Checked, Finding, describe
from ecs_conformance.suites.parse import Parsed, media_type, parse_body
from ecs_conformance.suites.wire import Exchange

FORMAT_REQUIREMENT = {
    ("v3", None): "format.v3-json", ("v1", None): "format.v1-default-xml",
    ("v1", "json"): "format.v1-format-json", ("v1", "xml"): "format.v1-format-xml",
}
CONTENT_TYPES = {"json": "application/json", "xml": "text/xml"}


def expected_format(scheme: str, fmt: str | None) -> tuple[str, str]:
    """(format, requirement) the answer must take for a scheme and Format parameter."""
    if scheme == "v3":
        return "json", "format.v3-json"
    key = fmt.lower() if fmt else None
    return (key or "xml"), FORMAT_REQUIREMENT[("v1", key if key in ("json", "xml") else None)]


def answer_format(spec: Spec, exchange: Exchange, fmt: str, format_req: str,
                  parsed: Parsed) -> Checked:
    """The body is in the expected format, labelled with the right content type."""
    out = Checked(assessed={format_req})
    if parsed.fmt == fmt:
        out.assessed |= {"format.content-type", "format.content-type-exact"}
    if parsed.fmt != fmt:
        out.append(Finding(format_req, f"answer is not {fmt.upper()}", f"a {fmt.upper()} body",
                           describe(exchange, parsed), exchange))
    kind = media_type(exchange.content_type)
    if parsed.fmt == fmt and kind != CONTENT_TYPES[fmt] and not (
            fmt == "xml" and kind == "application/xml"):
        out.append(Finding("format.content-type", "wrong content type",
                           f"{CONTENT_TYPES[fmt]}", exchange.content_type or "(none)", exchange))
    exact = f"{CONTENT_TYPES[fmt]};charset=utf-8"
    if parsed.fmt == fmt and exchange.content_type.replace(" ", "").lower() != exact:
        out.append(Finding("format.content-type-exact", "content type not exact", exact,
                           exchange.content_type or "(none)", exchange))
    return out


_VALIDATORS: dict[int, tuple[dict[str, Any], jsonschema.Draft202012Validator]] = {}


def _validator(schema: dict[str, Any]) -> jsonschema.Draft202012Validator:
    """One validator per response schema, built on first use (every answer is validated)."""
    held = _VALIDATORS.get(id(schema))
    if held is None or held[0] is not schema:
        held = (schema, jsonschema.Draft202012Validator(schema))
        _VALIDATORS[id(schema)] = held
    return held[1]


def _schema(spec: Spec, shape_id: str, parsed: Parsed, exchange: Exchange,
            requirement: str) -> Checked:
    shape = spec.response(shape_id)
    out = Checked(assessed={requirement})
    if shape.root and parsed.root != shape.root:
        out.append(Finding(requirement, "wrong XML document element", f"<{shape.root}>",
                           f"<{parsed.root}>", exchange))
    errors = sorted(_validator(shape.schema).iter_errors(parsed.fields), key=str)
    if errors:
        out.append(Finding(requirement, f"body does not match {shape_id}",
                           "keys " + ", ".join(shape.schema.get("required", [])),
                           "; ".join(e.message[:120] for e in errors[:4]), exchange))
    return out


def success(spec: Spec, exchange: Exchange, *, accept_requirement: str, scheme: str,
            fmt: str | None) -> Checked:
    """A valid request: 200 (so its ``scheme`` signature was accepted), the success schema, a
    well-formed created ID (the success schema's field besides RequestId) and RequestId."""
    if exchange.status is None or not 200 <= exchange.status < 300:
        gateway = transport_blame(spec, exchange)
        blamed = (gateway or _refused_valid(spec, exchange, accept_requirement, ())
                  or accept_requirement)
        out = Checked([Finding(blamed, "valid request not accepted",
                               f"HTTP 200 with {' and '.join(roles.success_fields(spec))}",
                               describe(exchange),
                               exchange)], {blamed})
        if blamed != accept_requirement:  # the answer is about another clause, not this one
            out.unobserve(accept_requirement,
                          unobserved_reason(exchange, blamed, gateway=gateway is not None))
        if exchange.status is None:  # the check meant to see the signature accepted: it could not
            out.unobserve(signature_accepted(scheme), f"not observed ({describe(exchange)})")
        return out
    want, format_req = expected_format(scheme, fmt)
    parsed = parse_body(exchange)
    out = answer_format(spec, exchange, want, format_req, parsed)
    # accepted: so was its signature (a refusal says nothing of it unless blamed on it above)
    out.assessed |= {accept_requirement, "response.success-schema", signature_accepted(scheme)}
    if parsed.fmt is None:
        out.append(Finding("response.success-schema", "success body unreadable",
                           "a JSON or XML success body", describe(exchange, parsed), exchange))
        return out
    out += _schema(spec, f"success-{parsed.fmt}", parsed, exchange, "response.success-schema")
    out.assessed |= {"response.image-id", "response.request-id-format",
                     "response.success-no-code"}
    created = roles.created_field(spec)
    image_id = parsed.fields.get(created) if created else None
    if isinstance(image_id, str) and not re.match(spec.patterns["image_id"], image_id):
        out.append(Finding("response.image-id", f"{created} is not a custom image ID",
                           spec.patterns["image_id"], image_id, exchange))
    request_id = parsed.fields.get("RequestId")
    if isinstance(request_id, str) and not re.match(spec.patterns["request_id"], request_id):
        out.append(Finding("response.request-id-format", "RequestId is not an upper-case UUID",
                           spec.patterns["request_id"], request_id, exchange))
    if "Code" in parsed.fields:
        out.append(Finding("response.success-no-code", "success body carries Code",
                           "no Code field", f"Code={parsed.fields['Code']!s}", exchange))
    return out


def transport_blame(spec: Spec, exchange: Exchange) -> str | None:
    """When a valid request is refused by the gateway (signature, method, parameters not
    found), the clause at fault is how it travelled, not the business rule it exercised."""
    if exchange.status is None or exchange.status < 400:
        return None
    code = parse_body(exchange).fields.get("Code")
    gateway = {g.code for g in spec.gateway_errors} - {"Throttling", "Throttling.User",
                                                      "ServiceUnavailable", "InvalidParameter"}
    request = exchange.request
    form = bool(request.body) and not request.query
    # Missing<Name> blames the transport only when we did send Name (the server did not see
    # it); a server demanding a parameter we left out is judged by the business clause.
    missing = isinstance(code, str) and code.startswith("Missing") and (
        code == "MissingParameter" or code[len("Missing"):] in dict(request.business))
    if code in gateway and code.startswith("Missing") and not missing:
        return None
    if code not in gateway and not missing:
        return None
    if request.method == "GET" and code == "UnsupportedHTTPMethod":
        return "method.get"
    if form:
        return "method.post-form"
    if request.space_style != "%20":
        return "wire.encoding-variants"
    return signature_accepted(request.scheme)


def signature_accepted(scheme: str) -> str:
    """The clause that a valid request signed with ``scheme`` is accepted."""
    return f"signature.{scheme}-accepted"


def unobserved_reason(exchange: Exchange, blamed: str, *, gateway: bool) -> str:
    """Why a requirement was not observed on ``exchange``: the gateway refused the request
    before the rule was reached, or the answer refused another parameter's valid value."""
    if gateway:
        why = f"refused by the gateway before the rule was reached ({blamed} is at fault)"
    else:
        why = f"the answer refused another parameter's valid value ({blamed} is at fault)"
    return f"not observed: {why}: {describe(exchange)}"


def error_body(spec: Spec, exchange: Exchange, *, scheme: str, fmt: str | None,
               parsed: Parsed) -> Checked:
    """An error answer: error schema in the expected format (JSON or <Error> XML)."""
    want, format_req = expected_format(scheme, fmt)
    out = answer_format(spec, exchange, want, format_req, parsed)
    out.assessed.add("response.error-schema")
    if parsed.fmt is None:
        out.append(Finding("response.error-schema", "error body unreadable",
                           "RequestId, HostId, Code, Message", describe(exchange, parsed),
                           exchange))
        return out
    return out + _schema(spec, f"error-{parsed.fmt}", parsed, exchange, "response.error-schema")


def rejection(spec: Spec, exchange: Exchange, reject: Rejection, *, requirement: str,
              scheme: str, fmt: str | None, alternatives: tuple[Rejection, ...] = ()
              ) -> Checked:
    """A violation: the documented status and code (or any 4xx), then body and message."""
    options = (reject, *alternatives)
    wanted = " or ".join(_wanted(r) for r in options)
    if exchange.status is None or exchange.status < 400:
        return Checked([Finding(requirement, "violation not rejected", wanted,
                                describe(exchange), exchange)], {requirement})
    parsed = parse_body(exchange)
    code = parsed.fields.get("Code")
    status = exchange.status
    matched = (next((r for r in options if r.rows and _matches(r, status, code)), None)
               or next((r for r in options if not r.rows and code in r.codes_seen), None)
               or next((r for r in options if not r.rows and _matches(r, status, code)), None))
    out = error_body(spec, exchange, scheme=scheme, fmt=fmt, parsed=parsed)
    out.assessed.add(requirement)
    undocumented = matched is not None and not matched.rows and code not in {
        c for r in options for c in r.codes_seen}
    # a gateway code is no "any 4xx" refusal of the rule: the rule was never reached
    if (matched is None or undocumented) and (blamed := transport_blame(spec, exchange)):
        out.append(Finding(blamed, "refused by the gateway before the rule was reached",
                           wanted, describe(exchange, parsed), exchange))
        out.unobserve(requirement, unobserved_reason(exchange, blamed, gateway=True))
        return out
    rows = {row.id for r in options for row in r.rows}
    if (matched is None or undocumented) and (
            other := _refused_valid(spec, exchange, requirement, rows)):
        # the documented refusal of another parameter whose value is valid: that rule is
        # broken; the answer says nothing of the rule under test (suites/blame.py)
        out.append(Finding(other, "valid value refused", f"{wanted} (the value of "
                           f"{spec.rule(other).parameter} is valid)",
                           describe(exchange, parsed), exchange))
        out.unobserve(requirement, unobserved_reason(exchange, other, gateway=False))
        return out
    if matched is None:
        got = describe(exchange, parsed)
        out.append(Finding(requirement, "wrong status or code", wanted, got, exchange))
        # every row this violation may produce shares status and code; a SHOULD rule's
        # violation puts no row at stake (another reading may accept it)
        for row in reject.rows if spec.level(requirement) == "MUST" else ():
            out.append(Finding(row.requirement, "documented row not produced",
                               f"HTTP {row.status} {row.code}", got, exchange))
        return out
    out.assessed |= {row.requirement for row in matched.rows if row.code == code}
    if matched.rows:
        out.assessed.add("errors.message-verbatim")
        messages = tuple(r.message for r in matched.rows if r.code == code)  # code's rows
        if not any(message_matches(parsed.fields.get("Message"), m) for m in messages):
            out.append(Finding("errors.message-verbatim", f"message of {code} differs",
                               " | ".join(repr(m) for m in messages),
                               repr(parsed.fields.get("Message")), exchange))
    else:
        out.assessed.add("errors.conventional-code")
        if code not in matched.codes_seen:
            seen = sorted({c for r in options for c in r.codes_seen})
            out.append(Finding("errors.conventional-code", "unconventional code",
                               "one of " + ", ".join(seen), repr(code), exchange))
    return out


def message_matches(got: object, documented: str) -> bool:
    """Byte for byte, except that a documented ``%s`` (edition current's
    ``The number of images exceeds the limit (%s).``) stands for the value the server fills in."""
    if not isinstance(got, str):
        return False
    if "%s" not in documented:
        return got == documented
    pattern = "(.*?)".join(re.escape(part) for part in documented.split("%s"))
    return re.fullmatch(pattern, got, flags=re.DOTALL) is not None


def _refused_valid(spec: Spec, exchange: Exchange, requirement: str,
                   rows: set[str] | tuple[()]) -> str | None:
    """The rule of another parameter whose documented row this refusal is, if its value is
    valid (:func:`suites.blame.other_rule`)."""
    code = parse_body(exchange).fields.get("Code")
    return other_rule(spec, dict(exchange.request.business), exchange.status, code,
                      excluded(spec, requirement, rows))


def _wanted(r: Rejection) -> str:
    if r.rows:
        return " or ".join(dict.fromkeys(f"HTTP {row.status} {row.code}" for row in r.rows))
    return "a 4xx error"


def _matches(r: Rejection, status: int, code: object) -> bool:
    if r.rows:  # an edition may document two codes for one condition: either conforms
        return any(status == row.status and code == row.code for row in r.rows)
    return 400 <= status < 500


def expectation(spec: Spec, exchange: Exchange, expect: Expectation, *, requirement: str,
                scheme: str, fmt: str | None) -> Checked:
    """A gateway or state clause: the expected status (or class) and code."""
    got = describe(exchange)
    wanted = (f"HTTP {'/'.join(map(str, expect.statuses))}" if expect.statuses
              else f"a {expect.status_class or '4xx'} error") + (
        f" {expect.code}" if expect.code else "")
    if exchange.status is None or not expect.status_ok(exchange.status):
        return Checked([Finding(requirement, "not refused as documented", wanted, got, exchange)],
                       {requirement})
    parsed = parse_body(exchange)
    out = error_body(spec, exchange, scheme=scheme, fmt=fmt, parsed=parsed)
    out.assessed.add(requirement)
    code = parsed.fields.get("Code")
    if expect.code and code != expect.code:
        out.append(Finding(requirement, "wrong code", wanted, got, exchange))
    elif not expect.code and expect.codes_seen:
        out.assessed.add("errors.conventional-code")
    if not expect.code and expect.codes_seen and code not in expect.codes_seen:
        out.append(Finding("errors.conventional-code", "unconventional code",
                           "one of " + ", ".join(expect.codes_seen), repr(code), exchange))
    return out
