"""One import package: the wheel installs ``ecs_conformance`` and nothing else at top level, and
the facade's names all resolve."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import ecs_conformance

ROOT = Path(__file__).parents[1]


def test_every_public_name_resolves() -> None:
    for name in ecs_conformance.__all__:
        assert getattr(ecs_conformance, name) is not None, name
    with pytest.raises(AttributeError, match="no attribute 'load_spek'"):
        ecs_conformance.load_spek  # noqa: B018


def test_the_facade_does_not_import_the_layers_up_front() -> None:
    code = ("import sys, ecs_conformance; "
            "print(sorted(m for m in sys.modules if m.startswith('ecs_conformance.')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd="/").stdout
    assert out.strip() == "[]"


def test_the_wheel_has_one_top_level_package(tmp_path: Path) -> None:
    # build from a copy: setuptools builds in the source tree and would leave build/ behind
    source = tmp_path / "src"
    shutil.copytree(ROOT, source, symlinks=True, ignore=shutil.ignore_patterns(
        ".git", "node_modules", "build", "*.egg-info", "conformance-report", "__pycache__"))
    out = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out),
                    str(source)], check=True, capture_output=True)
    (wheel,) = out.glob("ecs_conformance-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    top = {n.split("/")[0] for n in names if not n.split("/")[0].endswith((".dist-info",
                                                                          ".data"))}
    assert top == {"ecs_conformance"}
    assert not [n for n in names if "node_modules" in n]
    # the layers are inside it, data files included
    for member in ("ecs_conformance/spec/operation.yaml", "ecs_conformance/suites/cli.py",
                   "ecs_conformance/reports/report.schema.json",
                   "ecs_conformance/suites/server/test_rules.py",
                   "ecs_conformance/adapters/node/adapter.js"):
        assert member in names, member
    entry = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith("entry_points.txt")))
    assert b"ecs-conformance = ecs_conformance.suites.cli:main" in entry
