"""Runs of the server suite for the power tests, cheapest first.

The whole faulty catalogue under a second edition would double the seed power test's cost
(tests/suites/test_power.py runs every variant at the default budget). Here each variant is
tried in stages, the next only when the last did not catch it: (1) each of the suite's modules
that assess the variant's requirements, alone, at the quick budget — alone, a collateral
failure in another module neither stops nor hides the catch; (2) every module at the quick
budget; (3) the whole default run, as ``ecs-conformance run`` does. A stage can only stop early
on a catch, never conclude "not caught": that needs stage 3.

Measured (2026-11-29, serially, on a shared 2-core machine at load average 7): the 94 variants
under current in 246 s, none over 5.5 s, all caught in stage 1 or 2. Stopping at the first
failure instead took 748 s: three variants, stopped by a collateral failure, fell to stage 3.
"""

from __future__ import annotations

import contextlib
import io
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pytest

import ecs_conformance.suites.server as server_suite
from ecs_conformance.spec import load_spec
from ecs_conformance.suites.isolation import isolated_plugins
from ecs_conformance.suites.triage import group_of
from tests.suites.conftest import failed_ids, run_suite

SUITE_DIR = Path(server_suite.__file__).parent
#: the modules that assess a requirement of each triage group (suites/triage.py), likeliest first
GROUP_MODULES: Mapping[str, tuple[str, ...]] = {
    "gateway and transport": ("test_wire", "test_gateway", "test_operations"),
    "formats": ("test_formats", "test_examples", "test_operations"),
    "rules": ("test_examples", "test_operations"),
    "error rows": ("test_examples", "test_state_rows", "test_operations"),
    "state": ("test_copy_scenarios", "test_edition_state", "test_state_rows"),
}
#: the modules that assess a companion operation's own requirements (<Action>.*): its checks,
#: then the scenarios that call it (DeleteImage's success shape is seen on a finished copy)
COMPANION_MODULES = ("test_operations", "test_copy_scenarios", "test_stateful")
ALL_MODULES = tuple(sorted(p.stem for p in SUITE_DIR.glob("test_*.py")))


def modules_for(requirements: Iterable[str], edition: str) -> tuple[str, ...]:
    """The suite's modules that assess ``requirements`` (every module for one of no group)."""
    spec = load_spec(edition=edition)
    categories = {r.id: r.category for r in spec.requirements()}
    companions = {c.action for c in spec.companions}
    out: list[str] = []
    for rid in requirements:
        if rid.split(".")[0] in companions:  # a companion's own requirement
            out += [m for m in COMPANION_MODULES if m not in out]
    for rid in requirements:
        group = group_of({"id": rid, "category": categories.get(rid, "")})
        out += [m for m in GROUP_MODULES.get(group, ALL_MODULES) if m not in out]
    return tuple(out)


def selective_run(report_dir: Path, fault: str, edition: str,
                  modules: Iterable[str]) -> dict[str, Any]:
    """``modules`` of the server suite against the emulator as ``fault``: quick budget, every
    check (a first failure may be collateral), report.json only."""
    args = [*(str(SUITE_DIR / f"{m}.py") for m in modules),
            "-p", "ecs_conformance.suites.plugin", "-p", "no:cacheprovider",
            f"--confcutdir={SUITE_DIR}", "-o", "addopts=", "-q", "-p", "no:randomly",
            "--ecs-report-dir", str(report_dir), "--ecs-budget", "quick",
            "--ecs-edition", edition, "--ecs-fault", fault, "--ecs-formats", "json"]
    with isolated_plugins(), contextlib.redirect_stdout(io.StringIO()):
        code = pytest.main(args)
    path = report_dir / "report.json"
    assert path.exists(), f"{fault} under {edition}: the suite did not complete (pytest {code})"
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def staged_catch(tmp_path: Path, fault: str, edition: str,
                 requirements: Iterable[str]) -> tuple[str, int | None, dict[str, Any]]:
    """The cheapest stage that catches ``fault`` (fails one of ``requirements``): its name,
    the exit code (stage 3 only) and its report; stage 3's report when none catches it."""
    wanted = set(requirements)
    stages = [(f"{m} alone", (m,)) for m in modules_for(wanted, edition)]
    stages.append(("all modules", ALL_MODULES))
    for i, (name, modules) in enumerate(stages):
        report = selective_run(tmp_path / f"stage{i}", fault, edition, modules)
        if failed_ids(report) & wanted:
            return name, None, report
    code, full = run_suite(tmp_path / "full", "run", "--edition", edition, "--fault", fault)
    assert full is not None
    return "default run", code, full


def current_emulator() -> Any:
    """A persistent emulator serving edition current (``--app`` target: state kept, names
    stamped, the clock shared across runs)."""
    from ecs_conformance.reference import create_app
    from ecs_conformance.spec.profile import load_profile

    return create_app(load_profile(None), spec=load_spec(edition="current"), seed=0)


CURRENT_APP = current_emulator()
