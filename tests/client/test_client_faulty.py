"""Every faulty variant of the reference client is caught by the client suite, by the
requirement its catalogue entry names — and never reported as errored."""

from __future__ import annotations

from pathlib import Path

import pytest

from ecs_conformance.adapters.faulty import VARIANTS
from ecs_conformance.spec import load_spec
from ecs_conformance.suites.clientkit import ClientOptions, run_client


def test_the_catalogue_has_at_least_twenty_variants() -> None:
    assert len(VARIANTS) >= 20
    known = {r.id for r in load_spec().requirements()}
    assert {requirement for _, requirement in VARIANTS.values()} <= known


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_faulty_variant_is_caught(variant: str, tmp_path: Path) -> None:
    _, requirement = VARIANTS[variant]
    data = run_client(ClientOptions(adapter=f"python:adapters.faulty:{variant}",
                                    report_dir=str(tmp_path), budget="quick",
                                    formats=("json",)))
    by_id = {r["id"]: r for r in data["requirements"]}
    caught = by_id[requirement]
    assert caught["status"] == "failed", f"{variant} not caught by {requirement}: {caught}"
    assert caught["evidence"] and caught["evidence"][0]["reproduce"].startswith(
        "ecs-conformance client --adapter")
    assert not [r["id"] for r in data["requirements"] if r["status"] == "errored"]
