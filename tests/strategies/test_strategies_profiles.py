"""Profiles shape what is generated: roles a violation needs, signature versions, and the
freshness helpers; plus the kind table's exhaustiveness."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from strategies_oracle import broken_rules

from ecs_conformance.spec import Profile, load_profile, load_spec
from ecs_conformance.spec.predicates import LOOKUP_KINDS, REQUEST_KINDS, VALUE_KINDS
from ecs_conformance.strategies import (
    LabelledRequest,
    all_transports,
    needs_roles,
    refresh,
    valid_request,
    violable_rules,
    violation,
    violations,
)
from ecs_conformance.strategies.kinds import KINDS

SPEC, PROFILE = load_spec(), load_profile()
FAST = settings(derandomize=True, database=None, deadline=None, max_examples=40,
                suppress_health_check=list(HealthCheck))


def stripped(**changes: object) -> Profile:
    data = {k: v for k, v in PROFILE.data.items() if k not in ("kms_keys", "supports")}
    data.update(changes)
    return Profile("stripped.yaml", data)


BARE = stripped()
V1_ONLY = stripped(signature_versions=["v1"])


def test_kind_table_is_exhaustive() -> None:
    assert set(KINDS) == set(VALUE_KINDS) | REQUEST_KINDS | LOOKUP_KINDS
    assert {r.check.kind for r in SPEC.rules} <= set(KINDS)
    assert all(KINDS[r.check.kind].breaker for r in violable_rules(SPEC))


def test_needs_roles_names_the_optional_roles() -> None:
    needs = {r.id: needs_roles(SPEC, r) for r in violable_rules(SPEC) if needs_roles(SPEC, r)}
    assert needs == {"KMSKeyId.requires-encrypted": ("kms_keys.enabled",),
                     "DryRun.boolean": ("supports.dry_run",)}


@pytest.mark.parametrize("rule_id", ["KMSKeyId.requires-encrypted", "DryRun.boolean"])
def test_violation_needing_an_absent_role_is_nothing(rule_id: str) -> None:
    assert violation(SPEC, BARE, SPEC.rule(rule_id)).is_empty
    assert not violation(SPEC, PROFILE, SPEC.rule(rule_id)).is_empty


@FAST
@given(violations(SPEC, BARE))
def test_bare_profile_violations_skip_unassessable_rules(request: LabelledRequest) -> None:
    assert request.violations[0].requirement not in {"KMSKeyId.requires-encrypted",
                                                       "DryRun.boolean"}
    assert broken_rules(SPEC, BARE, request.params) == set(request.broken)


@FAST
@given(valid_request(SPEC, BARE))
def test_bare_profile_valid_requests_send_no_kms_key_nor_dry_run(request: LabelledRequest) -> None:
    assert "KMSKeyId" not in request.params and "DryRun" not in request.params
    assert broken_rules(SPEC, BARE, request.params) == set()


@FAST
@given(valid_request(SPEC, PROFILE))
def test_refresh_rewrites_used_names_and_tokens_validly(request: LabelledRequest) -> None:
    used = {v for k, v in request.params.items() if k in ("DestinationImageName", "ClientToken")}
    fresh = refresh(SPEC, request.params, used)
    for key in ("DestinationImageName", "ClientToken"):
        if request.params.get(key):
            assert fresh[key] not in used
            assert len(fresh[key]) == len(request.params[key])
    assert broken_rules(SPEC, PROFILE, fresh) == set()


def test_transports_follow_the_profile_and_the_rules() -> None:
    every = all_transports(SPEC, PROFILE)
    assert {t.scheme for t in every} == {"v1", "v3"}
    assert {t.scheme for t in all_transports(SPEC, V1_ONLY)} == {"v1"}
    assert all(t.method == "POST" for t in every if t.placement == "form")
    assert {t.fmt for t in every if t.scheme == "v3"} == {None}
    assert {t.fmt for t in every if t.scheme == "v1"} == {None, "JSON", "json", "XML", "xml"}
    assert {(t.method, t.placement) for t in every} == {
        ("GET", "query"), ("POST", "query"), ("POST", "form")}
    assert {t.space_style for t in every} == {"%20", "+"}
    assert [t.expects_json for t in every if t.scheme == "v1" and t.fmt is None] == [False] * 6
