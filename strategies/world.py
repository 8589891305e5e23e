"""What a profile says exists: the look-up the self-test evaluates look-up rules with, the roles
each parameter's existing values come from, and values that obviously cannot exist."""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from ecs_conformance.spec import roles
from ecs_conformance.spec.model import Rule
from ecs_conformance.spec.profile import Profile
from ecs_conformance.strategies.book import Book

# The profile role that names an existing value of a parameter of each spec role (used in
# valid requests and by rules that need such a value, e.g. a ``requires`` rule's parameter).
PROFILE_ROLE = {
    roles.IMAGE: "images.available",
    roles.REGION_SOURCE: "regions.source",
    roles.REGION_DESTINATION: "regions.destination",
    roles.KMS_KEY: "kms_keys.enabled",
}
# Roles every valid profile has (profile.schema.json requires them).
BASE_ROLES = ("images.available", "regions.source", "regions.destination")


def existing_roles(spec: Book) -> dict[str, str]:
    """Each look-up parameter (one whose valid values are existing things) -> the profile role
    naming such a value, from the parameters' spec roles."""
    return {p.name: PROFILE_ROLE[role] for p in spec.parameters
            for role in p.roles if role in PROFILE_ROLE}


def existing_role(spec: Book, parameter: str) -> str:
    """The profile role naming an existing value of ``parameter``."""
    found = existing_roles(spec).get(parameter)
    if found is None:
        raise KeyError(f"{parameter}: operation.yaml gives it no role naming an existing value "
                       f"(one of {', '.join(PROFILE_ROLE)})")
    return found


def conditions(spec: Book, parameter: str) -> tuple[Rule, ...]:
    """The ``requires`` rules that allow ``parameter`` only when another one has a value."""
    return tuple(r for r in spec.rules
                 if r.check.kind == "requires" and r.check.when_present == parameter)


def unconditional_existing(spec: Book) -> dict[str, str]:
    """The look-up parameters every valid request carries (no rule makes them conditional),
    each with the profile role naming its value."""
    return {name: role for name, role in existing_roles(spec).items()
            if not conditions(spec, name)}


def _values(profile: Profile, group: str) -> frozenset[str]:
    section = profile.data.get(group) or {}
    return frozenset(v for v in section.values() if isinstance(v, str))


def known_regions(profile: Profile) -> frozenset[str]:
    if profile.provides("regions.known"):
        return frozenset(profile.data["regions"]["known"])
    return _values(profile, "regions")


def known_images(profile: Profile) -> frozenset[str]:
    return _values(profile, "images")


def known_kms_keys(profile: Profile) -> frozenset[str]:
    return _values(profile, "kms_keys")


@dataclass(frozen=True)
class ProfileLookup:
    """A :class:`spec.predicates.Lookup` answering from the profile: regions in regions.known
    (or every region role), images in images.* (in any region), KMS keys in kms_keys.*."""

    regions: frozenset[str]
    images: frozenset[str]
    kms_keys: frozenset[str]

    @classmethod
    def of(cls, profile: Profile) -> ProfileLookup:
        return cls(known_regions(profile), known_images(profile), known_kms_keys(profile))

    def region_exists(self, region_id: str) -> bool:
        return region_id in self.regions

    def image_exists(self, image_id: str, region_id: str) -> bool:
        return image_id in self.images

    def kms_key_exists(self, key_id: str) -> bool:
        return key_id in self.kms_keys


def _outside(taken: frozenset[str], value: str) -> str:
    while value in taken:  # terminates: each round makes the value longer than before
        value += "z"
    return value


def missing_region(profile: Profile) -> SearchStrategy[str]:
    """``zz-nowhere-<n>``: no region is named so."""
    taken = known_regions(profile)
    return st.integers(0, 10**6).map(lambda n: _outside(taken, f"zz-nowhere-{n}"))


def missing_image(profile: Profile) -> SearchStrategy[str]:
    """``m-zz…``: a well-formed image ID that is none of the profile's images."""
    taken = known_images(profile)
    tail = st.text("0123456789abcdefghijklmnopqrstuvwxyz", min_size=8, max_size=20)
    return tail.map(lambda t: _outside(taken, f"m-zz{t}"))


def missing_kms_key(profile: Profile) -> SearchStrategy[str]:
    """A UUID that is none of the profile's KMS keys."""
    taken = known_kms_keys(profile)
    return st.uuids().map(lambda u: _outside(taken, str(u)))
