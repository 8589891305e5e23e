"""Companion purposes: the vocabulary, what spec/operations/*.yaml declare, the look-up generic
code uses instead of an action name, and the loader's clear errors on a broken declaration."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from ecs_conformance.spec import SpecError, load_spec, purposes, roles
from ecs_conformance.spec.loader import SPEC_DIR

SPEC = load_spec()


def test_the_vocabulary_is_the_schemas() -> None:
    schema = json.loads((SPEC_DIR / "schemas" / "spec.schema.json").read_text(encoding="utf-8"))
    declared = schema["$defs"]["companion"]["properties"]["purpose"]["oneOf"]
    assert tuple(entry["const"] for entry in declared) == purposes.PURPOSES
    assert all(len(entry["description"]) > 20 for entry in declared)  # each says what it means
    assert set(purposes.NEEDS_ROLES) == set(purposes.PURPOSES)


@pytest.mark.parametrize("edition", [None, "current"])
def test_each_purpose_finds_its_companion_and_its_own_roles(edition: str | None) -> None:
    spec = load_spec(edition=edition)
    found = {p: spec.companion(p) for p in purposes.PURPOSES}
    assert {p: c.action for p, c in found.items() if c} == {
        "cancel-copy": "CancelCopyImage", "list-images": "DescribeImages",
        "delete-image": "DeleteImage"}
    for purpose, contract in found.items():
        assert contract is not None and contract.purpose == purpose
        for role in purposes.NEEDS_ROLES[purpose]:
            assert roles.name_of(contract, role), (purpose, role)
    listing = found["list-images"]
    assert listing is not None and roles.name_of(listing, roles.STATUS) == "Status"


def test_a_spec_without_the_purpose_has_no_companion_for_it() -> None:
    assert SPEC.companion("no-such-purpose") is None


def _spec_copy(tmp_path: Path) -> Path:
    directory = tmp_path / "spec"
    shutil.copytree(SPEC_DIR, directory,
                    ignore=shutil.ignore_patterns("*.py", "__pycache__", "schemas"))
    return directory


def _edit(directory: Path, action: str, change: dict[str, object]) -> Path:
    path = directory / "operations" / f"{action}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data.update(change)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_a_purpose_declared_twice_is_rejected_naming_both_files(tmp_path: Path) -> None:
    directory = _spec_copy(tmp_path)
    path = _edit(directory, "DeleteImage", {"purpose": "cancel-copy"})
    with pytest.raises(SpecError) as info:
        load_spec(str(directory))
    text = str(info.value)
    assert str(path) in text and "$.purpose" in text and "CancelCopyImage.yaml" in text
    assert "expected a purpose no other companion declares, got 'cancel-copy'" in text


def test_an_unknown_purpose_is_rejected_with_the_choices(tmp_path: Path) -> None:
    directory = _spec_copy(tmp_path)
    path = _edit(directory, "DeleteImage", {"purpose": "erase"})
    with pytest.raises(SpecError) as info:
        load_spec(str(directory))
    assert (f"{path}: at $.purpose: expected one of ['cancel-copy', 'list-images', "
            "'delete-image'], got 'erase'") in str(info.value)


def test_a_purpose_without_its_roles_is_rejected_naming_the_role(tmp_path: Path) -> None:
    directory = _spec_copy(tmp_path)
    source = directory / "operations" / "DescribeImages.yaml"
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    for parameter in data["parameters"]:
        if parameter["name"] == "Status":
            del parameter["roles"]
    source.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(SpecError) as info:
        load_spec(str(directory))
    assert str(source) in str(info.value) and "$.parameters" in str(info.value)
    assert "expected one parameter with role 'status' (purpose list-images needs it), got 0" \
        in str(info.value)


def test_a_companion_without_a_purpose_still_loads(tmp_path: Path) -> None:
    """A purpose is optional (a companion no generic check needs declares none); the checks
    that need one then find none."""
    directory = _spec_copy(tmp_path)
    path = directory / "operations" / "CancelCopyImage.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    del data["purpose"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    spec = load_spec(str(directory))
    assert spec.companion(purposes.CANCEL_COPY) is None
    assert spec.contract("CancelCopyImage").purpose is None
