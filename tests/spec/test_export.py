"""The JSON and OpenAPI exports, through the CLI as users run them."""

from __future__ import annotations

import json
import re

import pytest
from openapi_spec_validator import validate

from ecs_conformance.spec import load_spec
from ecs_conformance.spec.export import export_openapi
from ecs_conformance.spec.model import Parameter
from ecs_conformance.suites.cli import main


def test_json_export_contains_all_31_source_rows(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["spec", "export", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert len(doc["errors"]["rows"]) == 31
    assert doc["digest"] == load_spec().digest
    assert doc["errors"]["rows"][2]["code"] == "Forbbiden"


def test_json_export_holds_the_four_image_operations(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["spec", "export", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["operations"] == ["CopyImage", "CancelCopyImage", "DeleteImage", "DescribeImages"]
    delete = doc["operations/DeleteImage"]
    assert delete["operation"]["action"] == "DeleteImage"
    assert {r["code"] for r in delete["rows"]} >= {"OperationDenied.ImageCopying"}


@pytest.mark.parametrize("action", ["CancelCopyImage", "DeleteImage", "DescribeImages"])
def test_each_operation_exports_as_its_own_openapi_document(
        action: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["spec", "export", "--format", "openapi", "--operation", action]) == 0
    doc = json.loads(capsys.readouterr().out)
    validate(doc)
    post = doc["paths"]["/"]["post"]
    assert post["operationId"] == action
    contract = load_spec().contract(action)
    assert {p["name"] for p in post["parameters"]} == {
        name for p in contract.parameters for name in _wire_names(p)}
    assert post["responses"]["200"]["content"]["application/json"]["schema"] == \
        contract.response("success-json").schema


def _wire_names(param: Parameter) -> list[str]:
    """A parameter's names on the wire: a repeat list's <List>.<N>.<Field> for every N."""
    if param.repeat is None:
        return [param.name]
    return [f"{param.name}.{n}.{f.name}"
            for n in range(param.repeat.min_index, param.repeat.max_index + 1)
            for f in param.repeat.fields]


def test_an_unknown_operation_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["spec", "export", "--format", "openapi", "--operation", "Nope"]) == 2
    assert "expected one of ['CopyImage'," in capsys.readouterr().err


def test_openapi_export_is_valid_openapi_31(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["spec", "export", "--format", "openapi"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["openapi"] == "3.1.0"
    validate(doc)


def _pattern(name: str) -> str:
    doc = export_openapi(load_spec())
    param = next(p for p in doc["paths"]["/"]["post"]["parameters"] if p["name"] == name)
    return param["schema"]["pattern"]


@pytest.mark.parametrize(("value", "ok"), [
    ("ab", True), ("测试镜像-1", True), ("img0.9:_-x", True), ("1ab", False), ("aliyun-x", False),
    ("acs:x", False), ("a-http://x", False), ("a b", False),
])
def test_exported_name_pattern_is_anchored_and_faithful(value: str, ok: bool) -> None:
    pattern = _pattern("DestinationImageName")
    assert pattern.startswith("^") and pattern.endswith("$")
    assert bool(re.match(pattern, value)) is ok


def test_exported_tag_parameters_are_one_based() -> None:
    doc = export_openapi(load_spec())
    names = {p["name"] for p in doc["paths"]["/"]["get"]["parameters"]}
    assert {"Tag.1.Key", "Tag.20.Value"} <= names
    assert "Tag.0.Key" not in names and "Tag.21.Key" not in names


def test_validate_command_explains_problems(tmp_path, capsys) -> None:
    bad = tmp_path / "operation.yaml"
    bad.write_text("kind: operation\noperation: {product: Ecs}\n", encoding="utf-8")
    assert main(["spec", "validate", str(bad)]) == 2
    out = capsys.readouterr().out
    assert "at $.operation: expected the key 'version' (missing)" in out
    assert main(["spec", "validate", "spec/operation.yaml"]) == 0
