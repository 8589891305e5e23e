"""DescribeImages' and DeleteImage's contracts hold every parameter of their 2025 metadata with
its type, requirement, default and bounds, and their error rows byte-for-byte as it lists them
(checked where ../shared/sources sits beside the checkout)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ecs_conformance.spec.loader import load_spec

METADATA = (Path(__file__).resolve().parents[3] / "shared" / "sources"
            / "ecs-image-apis.en_us.json")
TYPES = {"string": "String", "boolean": "Boolean", "integer": "Integer", "array": "RepeatList"}
ACTIONS = ["DescribeImages", "DeleteImage"]
pytestmark = pytest.mark.skipif(not METADATA.exists(), reason="shared/ is not beside this checkout")


def _api(action: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(METADATA.read_text(encoding="utf-8"))["apis"][action]
    return data


@pytest.mark.parametrize("action", ACTIONS)
def test_every_metadata_parameter_is_modelled_as_stated(action: str) -> None:
    contract = load_spec().contract(action)
    listed = _api(action)["parameters"]
    assert {p.name for p in contract.parameters} == {p["name"] for p in listed}
    for entry in listed:
        schema, param = entry["schema"], contract.parameter(entry["name"])
        assert param.type == TYPES[schema["type"]], param.name
        assert param.required == bool(schema.get("required")), param.name
        if "default" in schema and param.default is not None:
            assert param.default == schema["default"], param.name
        if param.repeat is not None:
            assert param.repeat.max_items == schema["maxItems"], param.name
        for rule in contract.rules_for(param.name):
            if rule.check.kind == "integer_range":
                assert rule.check.min == (int(schema["minimum"]) if "minimum" in schema
                                          else None), rule.id
                assert rule.check.max == (int(schema["maximum"]) if "maximum" in schema
                                          else None), rule.id
            if rule.check.kind == "boolean":
                assert schema["type"] == "boolean", rule.id


@pytest.mark.parametrize("action", ["DescribeImages"])
def test_value_lists_are_the_metadatas_valid_values(action: str) -> None:
    contract = load_spec().contract(action)
    for rule in contract.rules:
        if rule.check.kind != "one_of":
            continue
        top, _, field = rule.parameter.partition(".")
        schema = next(p["schema"] for p in _api(action)["parameters"] if p["name"] == top)
        text = schema["items"]["properties"][field]["description"] if field else \
            schema["description"]
        for value in rule.check.values:
            assert (f"*   {value}" in text.replace("\\_", "_")
                    or f"`{value}`" in text), (rule.id, value)


@pytest.mark.parametrize("action", ["DescribeImages"])  # DeleteImage's rows: its doc page
def test_rows_from_the_metadata_are_byte_for_byte(action: str) -> None:
    listed = {(int(status), e["errorCode"], e["errorMessage"])
              for status, entries in _api(action)["errorCodes"].items() for e in entries}
    contract = load_spec().contract(action)
    from_metadata = [r for r in contract.error_rows
                     if r.source.startswith("metadata errorCodes")]
    assert from_metadata
    for row in from_metadata:
        assert (row.status, row.code, row.message) in listed, row.id
