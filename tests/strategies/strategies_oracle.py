"""The spec's own verdict on a request, for the strategies' tests (named uniquely so that it
cannot clash with other test directories' helpers)."""

from __future__ import annotations

from ecs_conformance.spec import Profile, Spec
from ecs_conformance.spec.predicates import holds
from ecs_conformance.strategies import ProfileLookup


def broken_rules(spec: Spec, profile: Profile, params: dict[str, str]) -> set[str]:
    """Every rule ``params`` breaks, judged by spec.predicates (look-ups answered by the
    profile: regions in regions.known, images in images.*, KMS keys in kms_keys.*)."""
    lookup = ProfileLookup.of(profile)
    return {r.id for r in spec.rules if not holds(r, params, spec.char_classes, lookup)}
