"""The layers import only downward: spec <- strategies <- suites -> reports; reference <- spec.

Checked mechanically from the source, so a stray import fails CI rather than a review.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
PACKAGE = "ecs_conformance"
OURS = {"spec", "strategies", "suites", "reports", "reference", "adapters"}
ALLOWED = {
    "spec": set(),
    "strategies": {"spec"},
    "reports": set(),
    "reference": {"spec"},
    "suites": {"spec", "strategies", "reports", "reference"},
    "adapters": {"spec"},  # client-suite adapters: spec (signing) plus their SDKs, never suites
}


def _modules(path: Path) -> set[str]:
    """Every absolute module name ``path`` imports (``from a.b import c`` gives ``a.b.c`` too)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


def _imports(path: Path) -> set[str]:
    """The layers ``path`` imports: ``ecs_conformance.<layer>...`` names the layer."""
    layers = set()
    for name in _modules(path):
        parts = name.split(".")
        if parts[0] == PACKAGE and len(parts) > 1:
            layers.add(parts[1])
    return layers & OURS


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_package_imports_only_allowed_layers(package: str) -> None:
    bad = {}
    for path in (ROOT / package).rglob("*.py"):
        extra = _imports(path) - ALLOWED[package] - {package}
        if extra:
            bad[str(path.relative_to(ROOT))] = sorted(extra)
    assert not bad, f"{package} may import only {sorted(ALLOWED[package])}: {bad}"


def test_spec_never_imports_hypothesis() -> None:
    for path in (ROOT / "spec").rglob("*.py"):
        assert "hypothesis" not in path.read_text(encoding="utf-8"), path


def test_ruff_is_clean() -> None:
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", str(ROOT)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_is_clean(tmp_path: Path) -> None:
    """The type hints hold: mypy over every package, configured in pyproject.toml."""
    result = subprocess.run([sys.executable, "-m", "mypy", "--cache-dir", str(tmp_path)],
                            cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


def test_nothing_imports_the_layers_as_top_level_packages() -> None:
    """The wheel installs only ``ecs_conformance``: ``import spec`` would work in a checkout
    (the repository root is on sys.path) and fail after ``pip install``."""
    bad = {}
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT)
        if rel.parts[0] in {".git", "node_modules", PACKAGE} or "node_modules" in rel.parts:
            continue
        old = sorted(n for n in _modules(path) if n.split(".")[0] in OURS)
        if old:
            bad[str(rel)] = old
    assert not bad, f"import these as ecs_conformance.<layer>: {bad}"


# --- report.json has one writer: the report model (reports/) --------------------------------

#: Key sets that only a report, its summary, a requirement result, an evidence entry or a
#: readings entry has.
REPORT_SHAPES = (
    frozenset({"schema_version"}), frozenset({"summary", "requirements"}),
    frozenset({"must_failed"}), frozenset({"should_failed"}),
    frozenset({"level", "status", "evidence"}), frozenset({"expected", "received"}),
    frozenset({"follows", "probes"}),
)
WRITE_CALLS = {"write_text", "write_bytes", "dump"}
OUTSIDE_REPORTS = ("spec", "strategies", "suites", "reference", "adapters", "bench")


def _keys(node: ast.AST) -> set[str]:
    """String keys of a dict display or of ``dict(key=...)``."""
    if isinstance(node, ast.Dict):
        return {k.value for k in node.keys if isinstance(k, ast.Constant)
                and isinstance(k.value, str)}
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "dict":
        return {k.arg for k in node.keywords if k.arg}
    return set()


def _writes(node: ast.AST) -> bool:
    """Does ``node`` write a file: ``.write_text``/``.write_bytes``/``json.dump`` or ``open``
    with a writing mode?"""
    for call in (n for n in ast.walk(node) if isinstance(n, ast.Call)):
        name = call.func.attr if isinstance(call.func, ast.Attribute) else \
            call.func.id if isinstance(call.func, ast.Name) else ""
        if name in WRITE_CALLS:
            return True
        if name == "open":
            modes = [a for a in call.args[1:2]] + [k.value for k in call.keywords
                                                   if k.arg == "mode"]
            if any(isinstance(m, ast.Constant) and set(str(m.value)) & set("wax")
                   for m in modes):
                return True
    return False


def report_writing(source: str) -> list[str]:
    """Where ``source`` builds report data by hand or writes report.json itself."""
    problems = []
    for node in ast.walk(ast.parse(source)):
        keys = _keys(node)
        shape = next((sorted(s) for s in REPORT_SHAPES if s <= keys), None)
        if shape is not None:
            problems.append(f"line {node.lineno}: report data built by hand (keys {shape}); "
                            "build reports.Report / RequirementResult / ReadingResult instead")
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0 and (
                node.module.endswith("json_format")
                or any(a.name == "render_json" for a in node.names)):
            problems.append(f"line {node.lineno}: imports the report serialiser; "
                            "call reports.write_report with a Report")
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and _writes(node) and any(
                isinstance(c, ast.Constant) and c.value == "report.json"
                for c in ast.walk(node)):
            problems.append(f"line {node.lineno}: {node.name} writes a file and names "
                            "report.json; only reports.write_report writes it")
    return problems


@pytest.mark.parametrize("source", [
    'data = {"schema_version": "1.0", "suite": "server"}',
    'row = dict(id="a", level="MUST", status="passed", evidence=[])',
    'summary = {"passed": 1, "must_failed": 0}',
    'entry = {"id": "r", "follows": [], "probes": []}',
    'evidence = {"title": "t", "expected": "e", "received": "r", "reproduce": None}',
    "from ecs_conformance.reports.json_format import render_json",
    'def save(d, path):\n    (path / "report.json").write_text(str(d))',
    'def save(d, path):\n    with open(path / "report.json", "w") as f:\n        json.dump(d, f)',
])
def test_the_report_writer_check_fires(source: str) -> None:
    assert report_writing(source), source


def test_only_the_report_model_writes_report_json() -> None:
    """Outside reports/, no module builds report.json data by hand or writes the file: the
    suites build reports.Report and hand it to reports.write_report (issue 13)."""
    bad = {}
    for package in OUTSIDE_REPORTS:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "node_modules" in path.parts:
                continue
            found = report_writing(path.read_text(encoding="utf-8"))
            if found:
                bad[str(path.relative_to(ROOT))] = found
    assert not bad, f"report.json is written only through reports.Report: {bad}"
