"""spec/client.yaml: the client requirements, loaded, cross-checked and reported as "client"."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from ecs_conformance.spec import SpecError, load_spec
from ecs_conformance.spec.loader import SPEC_DIR, SPEC_FILES

SPEC = load_spec()


def test_client_requirements_are_loaded_with_category_client() -> None:
    client = [r for r in SPEC.requirements() if r.category == "client"]
    assert len(SPEC.client_requirements) >= 31 + 20
    assert {r.id for r in SPEC.client_requirements} <= {r.id for r in client}
    assert all(r.id.startswith("client.") and r.source for r in client)
    # the rest are the other operations' (spec/operations/): wire, success, one per row
    others = {r.id for r in client} - {r.id for r in SPEC.client_requirements}
    actions = tuple(f"client.{c.action}." for c in SPEC.companions)
    assert others and all(r.startswith(actions) for r in others)


def test_one_client_requirement_per_error_row() -> None:
    by_row = {c.error.id: c for c in SPEC.client_requirements if c.error is not None}
    assert set(by_row) == {row.id for row in SPEC.error_rows}
    twin = by_row["InternalError"]
    assert twin.id == "client.error.InternalError" and "HTTP 500" in twin.title
    assert by_row["InternalError~403"].id == "client.error.InternalError~403"


def test_tolerated_deviation_is_a_should() -> None:
    assert SPEC.requirement("client.wire.boolean-canonical").level == "SHOULD"
    assert SPEC.requirement("client.wire.boolean").level == "MUST"


@pytest.mark.parametrize(("change", "where", "expected"), [
    (lambda d: d["requirements"][0].update(level="MAY"), "$.requirements[0].level",
     "expected one of"),
    (lambda d: d["requirements"][0].pop("source"), "$.requirements[0]", "source"),
    (lambda d: d["requirements"][0].update(id="wire.x"), "$.requirements[0].id", "pattern"),
    (lambda d: d["requirements"][1].update(id=d["requirements"][0]["id"]), ".id",
     "already used"),
    (lambda d: d["requirements"][0].update(needs="magic"), "needs", "expected one of"),
])
def test_broken_client_yaml_is_rejected_with_its_path(tmp_path: Path, change, where: str,
                                                      expected: str) -> None:
    for name in SPEC_FILES:
        shutil.copy(SPEC_DIR / name, tmp_path / name)
    path = tmp_path / "client.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(SpecError) as info:
        load_spec(str(tmp_path))
    text = str(info.value)
    assert "client.yaml" in text and where in text and expected in text, text
