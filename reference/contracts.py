"""Serving any operation of the spec from its contract alone: its rules' refusals in phase order,
and, for an operation with no state behaviour here, a minimal answer of its success shape.

The state behaviour of the operations the emulator knows (CopyImage in :mod:`actions`, the
companions in :mod:`images`) runs after these checks; an operation added to spec/operations/
needs no code here to be validated and answered.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ecs_conformance.reference.errors import Refusal, Refused
from ecs_conformance.reference.validation import PHASES, undocumented_message
from ecs_conformance.spec.model import Contract, ErrorRow, Rule
from ecs_conformance.spec.predicates import Lookup, holds


def check_contract(contract: Contract, params: Mapping[str, str], lookup: Lookup,
                   unenforced: frozenset[str] = frozenset()) -> None:
    """Raise :class:`Refused` for the first rule of ``contract`` that ``params`` break (rules in
    ``unenforced``: a faulty variant's, are skipped)."""
    for phase in PHASES:
        for rule in contract.rules:
            if rule.id in unenforced:
                continue
            if rule.check.kind in phase and not holds(rule, params, contract.char_classes,
                                                      lookup):
                raise Refused(contract_refusal(rule))


def contract_refusal(rule: Rule) -> Refusal:
    """The answer to a violation of a companion's ``rule``: its first documented row, else the
    first code seen in practice."""
    reject = rule.reject
    if reject is None:
        raise ValueError(f"rule {rule.id} rejects nothing")
    if reject.rows:
        return row_refusal(reject.rows[0])
    code = reject.codes_seen[0]
    status = 404 if code.endswith(".NotFound") else 400  # as the documented *.NotFound rows
    return Refusal(status, code, undocumented_message(code, rule.parameter))


def row_refusal(row: ErrorRow) -> Refusal:
    return Refusal(row.status, row.code, row.message)


def minimal_answer(contract: Contract) -> dict[str, Any]:
    """The smallest body the contract's JSON success shape accepts (RequestId is added by the
    caller)."""
    shape = next(r for r in contract.responses if r.format == "json")
    body = _instance(shape.schema)
    body.pop("RequestId", None)
    return body if isinstance(body, dict) else {}


def _instance(schema: Mapping[str, Any]) -> Any:
    kind = schema.get("type")
    if "enum" in schema:
        return schema["enum"][0]
    if kind == "object":
        props = schema.get("properties", {})
        return {name: _instance(props.get(name, {})) for name in schema.get("required", [])}
    if kind == "array":
        return [_instance(schema["items"]) for _ in range(schema.get("minItems", 0))]
    if kind == "integer":
        return int(schema.get("minimum", 0))
    if kind == "boolean":
        return False
    return "x" * max(1, int(schema.get("minLength", 1)))
