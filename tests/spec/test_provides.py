"""``Profile.provides(need)``: the one answer to "does the target provide X?"."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from ecs_conformance.spec import Profile, load_examples, load_profile, load_spec
from ecs_conformance.spec.profile import NEED_GROUPS
from ecs_conformance.spec.yamlio import load_schema
from ecs_conformance.strategies import needs_roles, violable_rules
from ecs_conformance.suites import needs

DEFAULT = load_profile()


def _with(change: Any) -> Profile:
    data = copy.deepcopy(dict(DEFAULT.data))
    change(data)
    return Profile("changed.yaml", data)


def test_every_declared_capability_of_the_default_profile_is_provided() -> None:
    declared = [f"{g}.{k}" for g in NEED_GROUPS for k in DEFAULT.data.get(g, {})]
    assert len(declared) > 20
    assert all(DEFAULT.provides(n) for n in declared)


@pytest.mark.parametrize(("change", "need"), [
    (lambda d: d["supports"].update(dry_run=False), "supports.dry_run"),
    (lambda d: d["supports"].pop("dry_run"), "supports.dry_run"),
    (lambda d: d.pop("supports"), "supports.describe_images"),
    (lambda d: d["supports"].update(dry_run="yes"), "supports.dry_run"),  # only true is true
    (lambda d: d["images"].pop("unavailable"), "images.unavailable"),
    (lambda d: d["images"].update(unavailable=""), "images.unavailable"),
    (lambda d: d.pop("kms_keys"), "kms_keys.enabled"),
    (lambda d: d["accounts"].pop("unauthorized"), "accounts.unauthorized"),
    (lambda d: d["regions"].pop("known"), "regions.known"),
    (lambda d: d["regions"].update(known=[]), "regions.known"),
    (lambda d: d.pop("limits"), "limits.concurrent_copies_per_region"),
    (lambda d: d.update(kms_keys="not a mapping"), "kms_keys.enabled"),
    (lambda d: d.update(signature_versions=["v3"]), "signature_versions.v1"),
    (lambda d: d.update(signature_versions=["v1"]), "signature_versions.v3"),
])
def test_a_capability_switched_off_or_absent_is_not_provided(change: Any, need: str) -> None:
    assert DEFAULT.provides(need)
    profile = _with(change)
    assert not profile.provides(need)
    group, key = need.split(".")
    if group == "supports":
        assert not profile.supports(key)
    elif group == "accounts":
        assert profile.account(key) is None
    else:
        assert profile.role(need) is None


def test_an_operation_is_served_by_the_operations_list_else_its_supports_flag() -> None:
    assert DEFAULT.provides("operations.DescribeImages")
    assert DEFAULT.declared_in("operations.DescribeImages") == "supports.describe_images"
    flag_off = _with(lambda d: d["supports"].update(cancel_copy_image=False))
    assert not flag_off.provides("operations.CancelCopyImage")
    listed = _with(lambda d: d.update(operations=["DeleteImage"]))
    assert listed.provides("operations.DeleteImage")
    assert not listed.provides("operations.DescribeImages")  # the list wins over the flags
    assert listed.declared_in("operations.DescribeImages") == "operations.DescribeImages"
    assert DEFAULT.declared_in("images.oversized") == "images.oversized"


def test_both_schemes_are_provided_when_the_profile_lists_none() -> None:
    """``signature_versions`` defaults to both schemes (spec/profile.py)."""
    bare = _with(lambda d: d.pop("signature_versions"))
    assert bare.provides(needs.scheme_need("v1")) and bare.provides(needs.scheme_need("v3"))
    assert not bare.provides("signature_versions.v2")


def test_the_value_helpers_answer_only_for_what_is_provided() -> None:
    assert DEFAULT.role("images.available") == DEFAULT.data["images"]["available"]
    assert DEFAULT.role("regions.known") is None  # provided, but a list, not a role's value
    assert DEFAULT.role("accounts.unauthorized") is None  # credentials: see account()
    account = DEFAULT.account("unauthorized")
    assert account is not None and account.access_key_id == "ramid-noperm"
    assert DEFAULT.supports("dry_run") is DEFAULT.provides("supports.dry_run") is True


@pytest.mark.parametrize("need", ["images.community", "accounts.kms_not_enabled",
                                  "resource_groups.unknown", "credentials.access_key_id"])
def test_a_need_the_profile_cannot_declare_is_simply_not_provided(need: str) -> None:
    """Roles only a newer edition's rows name, and sections that are no capability."""
    assert not DEFAULT.provides(need)
    assert DEFAULT.role(need) is None


@pytest.mark.parametrize("need", ["dry_run", "supports", "supports.", ".dry_run",
                                  "images.a.b", ""])
def test_a_malformed_need_is_a_clear_error(need: str) -> None:
    with pytest.raises(ValueError) as info:
        DEFAULT.provides(need)
    assert repr(need) in str(info.value) and "images.available" in str(info.value)


def test_every_need_the_seed_suite_names_is_a_profile_key() -> None:
    """A misspelt need would be silently never provided: every need the seed edition's rows,
    examples and rules name, and every one the suite defines, is a key the schema allows."""
    spec = load_spec()
    schema = load_schema("profile.schema.json")["properties"]
    named = {row.role for row in spec.error_rows if row.role}
    named |= {r for case in load_examples(spec) for r in case.roles}
    named |= {n for rule in violable_rules(spec) for n in needs_roles(spec, rule)}
    named |= {v for k, v in vars(needs).items() if k.isupper()}
    named |= {needs.scheme_need(s.id) for s in spec.signature_schemes}
    assert len(named) > 20
    operations = {n.split(".")[1] for n in named if n.startswith("operations.")}
    assert operations <= {c.action for c in spec.companions}
    schemes = {n.split(".")[1] for n in named if n.startswith("signature_versions.")}
    assert schemes == set(schema["signature_versions"]["items"]["enum"])
    unknown = [n for n in named if n.split(".")[0] not in ("operations", "signature_versions")
               and n.split(".")[1] not in schema[n.split(".")[0]]["properties"]]
    assert not unknown


@pytest.mark.parametrize("edition", ["seed", "current"])
def test_every_row_role_of_every_edition_is_a_need_provides_answers(edition: str) -> None:
    """The current edition names roles no profile section holds (resource_groups.unknown):
    provides answers for them (not provided) instead of raising in the middle of a run."""
    spec = load_spec(edition=edition)
    answers = {row.role: DEFAULT.provides(row.role) for row in spec.error_rows if row.role}
    assert answers["images.unavailable"] is True
    if edition == "current":
        assert answers["resource_groups.unknown"] is False
