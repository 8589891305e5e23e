"""Every faulty variant of the reference client is caught by the client suite, by the
requirement its catalogue entry names — and never reported as errored."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ecs_conformance.adapters.faulty import EDITION_VARIANTS, VARIANTS
from ecs_conformance.spec import load_spec
from ecs_conformance.suites.clientkit import ClientOptions, run_client
from ecs_conformance.suites.clientkit.runner import SUITE_DIR


def test_the_catalogue_has_at_least_twenty_variants() -> None:
    assert len(VARIANTS) >= 20
    known = {r.id for r in load_spec().requirements()}
    assert {requirement for _, requirement in VARIANTS.values()} <= known


# The client suite's module that assesses each family of requirements: a variant is first run
# with that module alone (a fraction of a whole run); a variant it does not catch there gets the
# whole suite, so a wrong guess costs time, never a verdict.
MODULE_OF = (("client.wire.", "test_wire"), ("client.signature.", "test_wire"),
             ("client.nonce.", "test_wire"), ("client.timestamp.", "test_wire"),
             ("client.defaults.", "test_wire"), ("client.error.", "test_errors"),
             ("client.errors.", "test_errors"), ("client.malformed.", "test_malformed"),
             ("client.success.", "test_answers"), ("client.timeout", "test_timeout_retry"),
             ("client.retry.", "test_timeout_retry"))
COMPANIONS = tuple(f"client.{c.action}." for c in load_spec().companions)
# One variant of each family also runs the whole suite, so a fault that errs some other
# requirement (a crash, an adapter error) is still seen in a whole run.
WHOLE_RUN_SAMPLE = frozenset({"boolean_yes", "lost_status", "ok_on_garbage", "xml_unparsed",
                              "retries_too_often", "action_ignored"})


def _module_for(requirement: str) -> str | None:
    if requirement.startswith(COMPANIONS):
        return "test_operations"
    return next((m for prefix, m in MODULE_OF if requirement.startswith(prefix)), None)


def _run(variant: str, tmp_path: Path, module: str | None) -> dict[str, Any]:
    return run_client(ClientOptions(
        adapter=f"python:adapters.faulty:{variant}", report_dir=str(tmp_path), budget="quick",
        formats=("json",), pytest_flags=("-k", module) if module else ()))


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_faulty_variant_is_caught(variant: str, tmp_path: Path) -> None:
    _, requirement = VARIANTS[variant]
    module = None if variant in WHOLE_RUN_SAMPLE else _module_for(requirement)
    data = _run(variant, tmp_path / "module", module)
    if module is not None and {r["id"]: r["status"] for r in data["requirements"]
                               }.get(requirement) != "failed":
        data = _run(variant, tmp_path / "whole", None)  # the guess missed: the whole suite
    by_id = {r["id"]: r for r in data["requirements"]}
    caught = by_id[requirement]
    assert caught["status"] == "failed", f"{variant} not caught by {requirement}: {caught}"
    assert caught["evidence"] and caught["evidence"][0]["reproduce"].startswith(
        "ecs-conformance client --adapter")
    assert not [r["id"] for r in data["requirements"] if r["status"] == "errored"]


def test_a_module_run_is_a_fraction_of_the_suite(tmp_path: Path) -> None:
    """The first stage really narrows the run (a -k that selected everything would make the
    staging a no-op), and every family's module exists."""
    modules = {m for _, m in MODULE_OF} | {"test_operations"}
    assert {f"{m}.py" for m in modules} <= {p.name for p in SUITE_DIR.glob("test_*.py")}
    data = _run("lost_message", tmp_path, "test_errors")
    statuses = {r["id"]: r["status"] for r in data["requirements"]}
    assert statuses["client.errors.message"] == "failed"
    assert statuses["client.malformed.non-json"] == "not_assessed"  # test_malformed not run


EDITION_CAUGHT = [(v, e) for v, (_, _, wrong, _) in sorted(EDITION_VARIANTS.items())
                  for e in wrong]
EDITION_PASSES = [(v, e) for v, (_, _, _, right) in sorted(EDITION_VARIANTS.items())
                  for e in right]


def _run_edition(variant: str, edition: str, tmp_path: Path) -> dict[str, dict[str, Any]]:
    data = run_client(ClientOptions(adapter=f"python:ecs_conformance.adapters.faulty:{variant}",
                                    report_dir=str(tmp_path), budget="quick",
                                    formats=("json",), edition=edition))
    assert data["edition"]["name"] == edition
    return {r["id"]: r for r in data["requirements"]}


def test_edition_variants_are_proven_both_ways() -> None:
    assert {e for _, _, wrong, _ in EDITION_VARIANTS.values() for e in wrong} == {
        "seed", "current"}
    for variant, (_, requirement, wrong, right) in EDITION_VARIANTS.items():
        assert wrong and right and not set(wrong) & set(right), variant
        for edition in wrong:
            assert requirement in {r.id for r in load_spec(edition=edition).requirements()}


@pytest.mark.parametrize(("variant", "edition"), EDITION_CAUGHT,
                         ids=[f"{v}@{e}" for v, e in EDITION_CAUGHT])
def test_edition_variant_is_caught_where_it_is_wrong(variant: str, edition: str,
                                                     tmp_path: Path) -> None:
    requirement = EDITION_VARIANTS[variant][1]
    by_id = _run_edition(variant, edition, tmp_path)
    assert by_id[requirement]["status"] == "failed", (variant, edition, by_id[requirement])
    assert not [r for r, v in by_id.items() if v["status"] == "errored"]


@pytest.mark.parametrize(("variant", "edition"), EDITION_PASSES,
                         ids=[f"{v}@{e}" for v, e in EDITION_PASSES])
def test_edition_variant_passes_where_it_is_right(variant: str, edition: str,
                                                  tmp_path: Path) -> None:
    by_id = _run_edition(variant, edition, tmp_path)
    assert not [r for r, v in by_id.items() if v["status"] in ("failed", "errored")]
    requirement = EDITION_VARIANTS[variant][1]
    if requirement in by_id:  # assessed there, and passed
        assert by_id[requirement]["status"] == "passed", (variant, edition)
