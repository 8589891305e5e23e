"""The package's public surface and its boundaries: names, imports, file writing."""

from __future__ import annotations

import ast
import sys
from pathlib import Path
from typing import Any

import pytest

from ecs_conformance import reports
from ecs_conformance.reports import Report, read_report, redact, write_report

PACKAGE = Path(reports.__file__).parent
OUR_PACKAGES = {"spec", "strategies", "suites", "reference", "bench", "tests", "conftest"}
ALLOWED_THIRD_PARTY = {"jsonschema"}

REQUIRED = {
    "Report", "ToolInfo", "SpecInfo", "TargetInfo", "RunInfo", "RequirementResult", "Evidence",
    "HttpExchange", "Summary", "summarize", "validate_report", "ReportFormatError", "redact",
    "write_report", "render_junit", "render_markdown", "render_html", "render_badge",
    "diff_reports", "Diff", "render_diff", "matrix", "merge_reports",
}


def test_all_names_the_public_api() -> None:
    assert REQUIRED <= set(reports.__all__)
    assert len(reports.__all__) == len(set(reports.__all__))
    for name in reports.__all__:
        assert getattr(reports, name) is not None, name


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


@pytest.mark.parametrize("module", sorted(PACKAGE.glob("*.py")), ids=lambda p: p.name)
def test_reports_imports_only_stdlib_and_jsonschema(module: Path) -> None:
    imported = _imports(module)
    assert not imported & OUR_PACKAGES, f"{module.name} imports {imported & OUR_PACKAGES}"
    foreign = imported - set(sys.stdlib_module_names) - ALLOWED_THIRD_PARTY - {"__future__"}
    assert not foreign, f"{module.name} imports {foreign}"


def test_module_names_shadow_nothing() -> None:
    names = {p.stem for p in PACKAGE.glob("*.py")} - {"__init__"}
    assert not names & set(sys.stdlib_module_names)
    assert not names & {"jsonschema", "junit_xml", "markdown", "html5lib", "yaml", "badge"}


def test_write_report_accepts_models_and_a_subset_of_formats(sample_model: Report,
                                                             tmp_path: Path) -> None:
    target = tmp_path / "out" / "nested"
    written = write_report(sample_model, target, formats=("json", "badge", "json"))
    assert written == {"json": target / "report.json", "badge": target / "badge.svg"}
    assert sorted(p.name for p in target.iterdir()) == ["badge.svg", "report.json"]
    assert read_report(written["json"]) == redact(sample_model.to_dict())
    assert (written["json"].stat().st_mode & 0o777) == 0o644


def test_write_report_overwrites_atomically(sample_report: dict[str, Any],
                                            tmp_path: Path) -> None:
    write_report(sample_report, tmp_path)
    sample_report["requirements"] = []
    sample_report["summary"] = {**dict.fromkeys(sample_report["summary"], 0),
                                "verdict": "inconclusive"}
    write_report(sample_report, tmp_path)
    assert read_report(tmp_path / "report.json")["requirements"] == []
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_unknown_format_suggests_the_closest(sample_report: dict[str, Any],
                                             tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"unknown report format 'htm'.*did you mean 'html'"):
        write_report(sample_report, tmp_path, formats=["htm"])
    assert not list(tmp_path.iterdir())


def test_write_report_validates_dicts(sample_report: dict[str, Any], tmp_path: Path) -> None:
    sample_report["summary"]["failed"] = 0
    with pytest.raises(reports.ReportFormatError, match=r"^\$\.summary\.failed"):
        write_report(sample_report, tmp_path)
