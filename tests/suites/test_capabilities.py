"""Each capability of the default profile switched off in turn: the server suite, run against
the embedded emulator seeded from that profile, reports exactly the requirements that need it
*not assessed* with the need named — nothing errored, nothing crashed, and the faithful
emulator still conforms (issue 13: one ``Profile.provides(need)``). A signature scheme left
out of ``signature_versions`` is such a capability too: the clauses only it exercises are not
assessed, ``signature_versions.v1`` (or ``.v3``) named."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from ecs_conformance.spec import load_spec
from ecs_conformance.spec.profile import DEFAULT_PROFILE, NEED_GROUPS
from ecs_conformance.spec.yamlio import load_schema
from tests.suites.conftest import run_suite

SPEC = load_spec()
DEFAULT = yaml.safe_load(DEFAULT_PROFILE.read_text(encoding="utf-8"))
SCHEMA = load_schema("profile.schema.json")

# What needs each capability beyond the error rows whose role it is (spec/errors.yaml), as the
# spec and the suite's design say: an encrypted copy needs a usable key for the BYOK rows and
# for the KMSKeyId rule (and the row its rejection names); DryRun's rule and the dry-run answer
# need dry-run support; the copy scenarios and the state machine need the companions they call
# (a companion's flag off takes every requirement of its own contract with it: OPERATION_OF);
# the queue is judged only against a declared limit (the docs give 1, later 5, per region);
# a signature scheme the profile leaves out takes the clauses only that scheme can exercise.
BEYOND_ROWS: dict[str, set[str]] = {
    "kms_keys.enabled": {"KMSKeyId.requires-encrypted", "error.InvalidRegion.NotSupport",
                         "error.UserNotInTheWhiteList",
                         "error.InvalidParameter.EncryptedIllegal"},
    "supports.dry_run": {"DryRun.boolean", "state.dry-run"},
    "supports.describe_images": {"state.copy-visible", "state.copy-queue", "state.cancel",
                                 "CancelCopyImage.error.finished-copy",  # seen finished
                                 "DeleteImage.response.success-schema"},  # by DescribeImages
    "supports.cancel_copy_image": {"state.cancel"},
    "supports.delete_image": {"state.delete-refused-while-copying"},
    "limits.concurrent_copies_per_region": {"state.copy-queue"},
    "signature_versions.v1": {"signature.v1-accepted", "format.v1-default-xml",
                              "format.v1-format-json", "format.v1-format-xml",
                              "gateway.missing-common-parameter"},
    "signature_versions.v3": {"signature.v3-accepted", "format.v3-json",
                              "gateway.content-sha256-mismatch"},
}
OPERATION_OF = {"supports.describe_images": "DescribeImages",
                "supports.cancel_copy_image": "CancelCopyImage",
                "supports.delete_image": "DeleteImage"}
# Needed by no requirement of the seed edition: a third region only the readings probes use
# (they note it); how long a copy takes, which only moves the emulator's clock; a second image,
# which only edition current's copy-queue check copies alongside the first.
READINGS_ONLY = {"regions.known"}
SEED_NEEDLESS = READINGS_ONLY | {"limits.copy_seconds", "images.available_extra"}


def _capabilities() -> list[str]:
    """Every optional key the default profile declares under the capability groups (the
    schema's required ones cannot be switched off: the profile would be invalid), and each
    item of a list group (``signature_versions``: one scheme left out)."""
    out = []
    for group in NEED_GROUPS:
        required = set(SCHEMA["properties"][group].get("required", []))
        out += [f"{group}.{key}" for key in DEFAULT.get(group, {}) if key not in required]
    return out


CAPABILITIES = _capabilities()


def _needing(need: str) -> set[str]:
    rows = {row.requirement for row in SPEC.error_rows if row.role == need}
    return rows | BEYOND_ROWS.get(need, set())


@pytest.fixture(scope="module")
def baseline(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    code, report = run_suite(tmp_path_factory.mktemp("baseline"), "run", "--budget", "quick")
    assert code == 0 and report is not None
    return report


def test_every_capability_has_an_expectation() -> None:
    """A capability added to the default profile must be added here (and to the suite)."""
    assert len(CAPABILITIES) >= 20
    assert {"signature_versions.v1", "signature_versions.v3"} <= set(CAPABILITIES)
    assert set(BEYOND_ROWS) | READINGS_ONLY | set(OPERATION_OF) <= set(CAPABILITIES)
    assert set(OPERATION_OF.values()) == {c.action for c in SPEC.companions}
    needless = [c for c in CAPABILITIES if not _needing(c)]
    assert set(needless) == SEED_NEEDLESS, needless


def _expected(need: str) -> set[str]:
    """The requirements switching ``need`` off must leave not assessed (with it named)."""
    operation = OPERATION_OF.get(need)
    return _needing(need) | {r.id for r in SPEC.requirements()
                             if operation and r.id.startswith(f"{operation}.")}


def _groups(size: int = 4) -> list[tuple[str, ...]]:
    """The capabilities in runs of up to ``size`` switched off together: needs whose expected
    requirements are disjoint, at most one item of a list group (a profile with no signature
    scheme is invalid). Each requirement must still name *its* need, so a need that took
    another's requirements is caught as surely as in a run of its own; a run per need cost
    a whole quick run each."""
    groups: list[list[str]] = []
    for need in CAPABILITIES:
        home = next((g for g in groups if len(g) < size
                     and not any(_expected(need) & _expected(o) for o in g)
                     and need.split(".")[0] not in {o.split(".")[0] for o in g
                                                    if o.startswith("signature_versions.")}),
                    None)
        if home is None:
            groups.append([need])
        else:
            home.append(need)
    return [tuple(g) for g in groups]


GROUPS = _groups()


def _without_all(needs: tuple[str, ...]) -> dict[str, Any]:
    data = DEFAULT
    for need in needs:
        group, key = need.split(".")
        data = copy.deepcopy(data)
        if group == "supports":
            data[group][key] = False  # switched off, not merely absent
        elif isinstance(data[group], list):
            data[group].remove(key)
        else:
            del data[group][key]
    return data


def test_the_groups_cover_every_capability_once() -> None:
    assert sorted(n for g in GROUPS for n in g) == sorted(CAPABILITIES)
    assert len(GROUPS) < len(CAPABILITIES)
    for group in GROUPS:
        for i, need in enumerate(group):
            assert not any(_expected(need) & _expected(o) for o in group[i + 1:]), group


@pytest.mark.slow
@pytest.mark.parametrize("needs", GROUPS, ids=["+".join(g) for g in GROUPS])
def test_capability_switched_off_is_not_assessed(tmp_path: Path, baseline: dict[str, Any],
                                                 needs: tuple[str, ...]) -> None:
    profile = tmp_path / "profile.yaml"
    profile.write_text(yaml.safe_dump(_without_all(needs)), encoding="utf-8")
    code, report = run_suite(tmp_path, "run", "--profile", str(profile), "--budget", "quick")
    assert report is not None
    by_id = {r["id"]: r for r in report["requirements"]}
    assert not [(r["id"], r["reason"]) for r in report["requirements"]
                if r["status"] == "errored"]
    assert not report["run"].get("crashes")
    assert not [(r["id"], r["evidence"][:1]) for r in report["requirements"]
                if r["status"] == "failed"]
    assert report["summary"]["verdict"] == "conforms" and code == 0

    before = {r["id"] for r in baseline["requirements"] if r["status"] == "not_assessed"}
    now = {i for i, r in by_id.items() if r["status"] == "not_assessed"}
    assert now - before == set().union(*(_expected(n) for n in needs)) - before
    for need in needs:
        for requirement in _expected(need) - before:
            assert need in by_id[requirement]["reason"], (need, by_id[requirement])
    notes = [str(e["note"]) for e in report["readings"] if e["note"]]
    assert all(any(need in n for need in needs) for n in notes if "does not provide" in n), notes
    for need in set(needs) & READINGS_ONLY:
        assert any(need in n for n in notes), notes
