"""Broken specs are rejected with errors naming the file, the path inside it and the expectation."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from ecs_conformance.spec import SpecError, load_spec
from ecs_conformance.spec.loader import SPEC_DIR, SPEC_FILES

Mutation = Callable[[dict], None]


def _copy_spec(tmp_path: Path) -> Path:
    for name in SPEC_FILES:
        shutil.copy(SPEC_DIR / name, tmp_path / name)
    return tmp_path


def _mutate(directory: Path, file: str, change: Mutation) -> None:
    path = directory / file
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def _rule(data: dict, rule_id: str) -> dict:
    return next(r for r in data["rules"] if r["id"] == rule_id)


CASES: list[tuple[str, str, Mutation, str, str]] = [
    ("unknown check kind", "operation.yaml",
     lambda d: _rule(d, "DestinationImageName.length")["check"].update(kind="lenght"),
     "$.rules[3].check.kind", "expected one of"),
    ("length without max", "operation.yaml",
     lambda d: _rule(d, "DestinationImageName.length")["check"].pop("max"),
     "$.rules[3].check", "max"),
    ("level outside MUST/SHOULD", "operation.yaml",
     lambda d: _rule(d, "Tag.count").update(level="MAY"), "$.rules", "expected one of"),
    ("rule without source", "operation.yaml",
     lambda d: _rule(d, "Tag.count").pop("source"), "$.rules", "'source' (missing)"),
    ("reject naming an unknown row", "operation.yaml",
     lambda d: _rule(d, "DestinationImageName.length")["reject"].update(rows=["E99"]),
     "$.rules[3].reject.rows", "expected an error row ID"),
    ("reject with rows and status_class", "operation.yaml",
     lambda d: _rule(d, "DestinationImageName.length")["reject"].update(status_class="4xx"),
     "$.rules[3].reject", "oneOf"),
    ("rule on an undeclared parameter", "operation.yaml",
     lambda d: _rule(d, "Tag.count").update(parameter="Tags"),
     ".parameter", "expected a declared parameter"),
    ("duplicate requirement ID", "operation.yaml",
     lambda d: _rule(d, "Tag.count").update(id="Tag.index"), ".id", "already used"),
    ("unknown character class", "operation.yaml",
     lambda d: _rule(d, "DestinationImageName.charset")["check"].update(classes=["emoji"]),
     ".check.classes", "expected one of"),
    ("YAML 1.1 boolean where a string is expected", "operation.yaml",
     lambda d: d["parameters"][4].update(default=False), "$.parameters[4].default",
     "expected a string"),
    ("error status out of range", "errors.yaml",
     lambda d: d["rows"][0].update(status=200), "$.rows[0].status", "minimum"),
    ("duplicate error row", "errors.yaml",
     lambda d: d["rows"][3].update(message=d["rows"][1]["message"]), "$.rows[3]",
     "duplicates row 2"),
    ("rows out of order", "errors.yaml",
     lambda d: d["rows"].insert(0, d["rows"].pop(1)), "$.rows[0].row", "expected 1"),
    ("row keyed by position", "errors.yaml",
     lambda d: d["rows"][0].update(id="E01"), "$.rows[0].id",
     "expected 'InvalidAliUid.IsNull'"),
    ("state row without a role", "errors.yaml",
     lambda d: d["rows"][9].pop("role"), "$.rows[9]", "'role' (missing)"),
    ("row needs without their source", "errors.yaml",
     lambda d: d["rows"][28].pop("needs_source"), "$.rows[28]", "needs_source"),
    ("row needs a role naming nothing that exists", "errors.yaml",
     lambda d: d["rows"][28].update(needs=["fresh"]), "$.rows[28].needs[0]",
     "expected one of"),
    ("input row no rule produces", "errors.yaml",
     lambda d: d["rows"][10].update({"class": "input"}), "$.rows[10].class", "named by a rule"),
    ("gateway expectation without status", "protocol.yaml",
     lambda d: d["requirements"][-1]["expect"].pop("status"), "$.requirements", "anyOf"),
    ("wrong content type", "responses.yaml",
     lambda d: d["responses"][0].update(content_type="application/json"),
     "$.responses[0].content_type", "pattern"),
    ("unknown top-level key", "responses.yaml",
     lambda d: d.update(extra=1), "$", "expected only"),
]


@pytest.mark.parametrize(("title", "file", "change", "path", "expected"), CASES,
                         ids=[c[0] for c in CASES])
def test_broken_spec_is_rejected_with_a_clear_error(
    tmp_path: Path, title: str, file: str, change: Mutation, path: str, expected: str
) -> None:
    directory = _copy_spec(tmp_path)
    _mutate(directory, file, change)
    with pytest.raises(SpecError) as info:
        load_spec(str(directory))
    text = str(info.value)
    assert str(directory / file) in text
    assert any(path in p.path and expected in p.message for p in info.value.problems), text


def test_a_row_needing_a_role_no_parameter_declares_is_rejected(tmp_path: Path) -> None:
    """errors.yaml ``needs`` names parameter roles: one the operation lacks is the row's
    error (errors.yaml, the row's path), found after operation.yaml changed."""
    directory = _copy_spec(tmp_path)
    _mutate(directory, "operation.yaml", lambda d: next(
        p for p in d["parameters"] if "kms-key" in p.get("roles", ()))["roles"].remove("kms-key"))
    with pytest.raises(SpecError) as info:
        load_spec(str(directory))
    assert any(p.file == str(directory / "errors.yaml") and p.path == "$.rows[28].needs[0]"
               and "expected a role a parameter of operation.yaml declares" in p.message
               for p in info.value.problems), str(info.value)


def test_yaml_syntax_error_names_the_line(tmp_path: Path) -> None:
    directory = _copy_spec(tmp_path)
    (directory / "errors.yaml").write_text("kind: errors\nrows: [\n  - a: b: c\n")
    with pytest.raises(SpecError) as info:
        load_spec(str(directory))
    problem = info.value.problems[0]
    assert problem.file.endswith("errors.yaml")
    assert problem.path.startswith("line ")
    assert "not valid YAML" in problem.message


def test_missing_file_is_reported(tmp_path: Path) -> None:
    directory = _copy_spec(tmp_path)
    (directory / "protocol.yaml").unlink()
    with pytest.raises(SpecError, match=r"protocol\.yaml.*cannot be read"):
        load_spec(str(directory))


def test_wrong_kind_is_reported(tmp_path: Path) -> None:
    directory = _copy_spec(tmp_path)
    _mutate(directory, "responses.yaml", lambda d: d.update(kind="response"))
    with pytest.raises(SpecError, match=r"\$\.kind: expected one of"):
        load_spec(str(directory))


def test_shipped_spec_loads_and_digest_is_stable() -> None:
    spec = load_spec()
    assert spec.digest.startswith("sha256:") and len(spec.digest) == 71
    assert load_spec(str(SPEC_DIR)).digest == spec.digest
