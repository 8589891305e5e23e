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
