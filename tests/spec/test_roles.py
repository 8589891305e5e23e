"""Parameter roles: the vocabulary, what operation.yaml declares, the look-ups generic code
uses instead of parameter names, and generation on an operation unlike CopyImage."""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings

from ecs_conformance.spec import SpecError, load_profile, load_spec, roles
from ecs_conformance.spec.loader import SPEC_DIR, SPEC_FILES
from ecs_conformance.spec.model import Spec
from ecs_conformance.spec.predicates import holds
from ecs_conformance.strategies import LabelledRequest, valid_request, world
from ecs_conformance.suites.clientkit.calls import minimal_call, probe_call

SPEC, PROFILE = load_spec(), load_profile()
FAST = settings(derandomize=True, database=None, deadline=None, max_examples=30,
                suppress_health_check=list(HealthCheck))


def test_the_vocabulary_is_the_schemas() -> None:
    schema = json.loads((SPEC_DIR / "schemas" / "spec.schema.json").read_text(encoding="utf-8"))
    declared = schema["$defs"]["role"]["oneOf"]
    assert tuple(entry["const"] for entry in declared) == roles.ROLES
    assert all(len(entry["description"]) > 20 for entry in declared)  # each says what it means


def test_copyimage_declares_its_roles() -> None:
    assert roles.names(SPEC, roles.IMAGE) == ("ImageId",)
    assert roles.names(SPEC, roles.FRESH) == ("DestinationImageName", "ClientToken")
    assert roles.names(SPEC, roles.UNSENT) == ("ResourceGroupId", "EncryptAlgorithm")
    assert roles.name_of(SPEC, roles.DRY_RUN) == "DryRun"
    assert world.existing_roles(SPEC) == {
        "ImageId": "images.available", "RegionId": "regions.source",
        "DestinationRegionId": "regions.destination", "KMSKeyId": "kms_keys.enabled"}
    assert set(world.unconditional_existing(SPEC)) == {"ImageId", "RegionId",
                                                         "DestinationRegionId"}
    row = roles.duplicate_row(SPEC)
    assert row is not None and row.code == "InvalidImageName.Duplicated"
    assert roles.created_field(SPEC) == "ImageId"
    assert roles.target_region(SPEC, {"RegionId": "a", "DestinationRegionId": "b"}) == "b"
    assert roles.target_region(SPEC, {"RegionId": "a"}) == "a"


def test_the_probe_call_is_the_wire_facts() -> None:
    """facts §1's probe call, moved from code into operation.yaml unchanged."""
    assert probe_call(SPEC) == {
        "ImageId": "m-bp1h46wfpjsjastc0001", "RegionId": "cn-hangzhou",
        "DestinationRegionId": "cn-shanghai", "DestinationImageName": "测试镜像-1",
        "DestinationDescription": "copy of test image: a&b=c+d/e~*", "Encrypted": True,
        "Tag": [{"Key": "env", "Value": "prod 1"}, {"Key": "empty", "Value": ""}],
        "KMSKeyId": "0e478b7a-4262-4802-b8cb-00d3fb400001",
        "ResourceGroupId": "rg-bp67acfmxazb4p0001"}
    assert minimal_call(SPEC) == {"ImageId": "m-bp1h46wfpjsjastc0001",
                                  "RegionId": "cn-hangzhou"}


def _copy_spec(tmp_path: Path) -> Path:
    for name in SPEC_FILES:
        shutil.copy(SPEC_DIR / name, tmp_path / name)
    return tmp_path


def _edit_parameter(directory: Path, name: str, **changes: object) -> None:
    path = directory / "operation.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    next(p for p in data["parameters"] if p["name"] == name).update(changes)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def test_an_unknown_role_is_rejected_by_name(tmp_path: Path) -> None:
    directory = _copy_spec(tmp_path)
    _edit_parameter(directory, "ImageId", roles=["imagery"])
    with pytest.raises(SpecError) as info:
        load_spec(str(directory))
    assert "operation.yaml" in str(info.value) and "roles" in str(info.value)


def test_a_duplicate_row_must_exist(tmp_path: Path) -> None:
    directory = _copy_spec(tmp_path)
    _edit_parameter(directory, "DestinationImageName", duplicate_row="E99")
    with pytest.raises(SpecError, match=r"parameters\[4\]\.duplicate_row: expected an error row"):
        load_spec(str(directory))


def _without_lists(spec: Spec) -> Spec:
    """The spec as an operation without any repeat list (no Tag): valid_request used to raise
    StopIteration looking for one."""
    lists = {p.name for p in spec.parameters if p.repeat is not None}
    return dataclasses.replace(
        spec, parameters=tuple(p for p in spec.parameters if p.name not in lists),
        rules=tuple(r for r in spec.rules if r.parameter.split(".")[0] not in lists))


NO_LISTS = _without_lists(SPEC)


@FAST
@given(valid_request(NO_LISTS, PROFILE))
def test_an_operation_without_a_repeat_list_gets_valid_requests(
        labelled: LabelledRequest) -> None:
    assert all(holds(r, labelled.params, NO_LISTS.char_classes) for r in NO_LISTS.rules)
    assert set(world.unconditional_existing(NO_LISTS)) <= set(labelled.params)
