"""Re-checking a labelled request before judging the target's answer to it.

A "must reject" verdict is only fair when the request really breaks the rule it is labelled
with; each (possibly shrunk) input is re-evaluated with the spec's own predicates.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict

from ecs_conformance.spec.model import Spec
from ecs_conformance.spec.predicates import holds
from ecs_conformance.spec.profile import Profile
from ecs_conformance.strategies import LabelledRequest, ProfileLookup
from ecs_conformance.strategies import Transport as DrawnTransport
from ecs_conformance.suites.signer import Transport

Drawn = tuple[LabelledRequest, DrawnTransport]  # what the properties draw: request, transport


class LabelError(Exception):
    """A generated request does not break what its label says: our bug, not the target's."""


def broken_rules(spec: Spec, profile: Profile, params: Mapping[str, str]) -> set[str]:
    lookup = ProfileLookup.of(profile)
    return {r.id for r in spec.rules if not holds(r, params, spec.char_classes, lookup)}


def recheck(spec: Spec, profile: Profile, labelled: LabelledRequest) -> None:
    """Raise LabelError unless ``labelled`` breaks exactly the rules its label declares."""
    broken = broken_rules(spec, profile, labelled.params)
    declared = set(labelled.broken)
    primaries = {v.requirement for v in labelled.violations}
    if not primaries <= broken or not broken <= declared:
        raise LabelError(f"label {sorted(declared)} but the request breaks {sorted(broken)}")


def transport(drawn: DrawnTransport) -> Transport:
    return Transport(**asdict(drawn))
