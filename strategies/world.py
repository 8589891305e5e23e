"""What a profile says exists: the look-up the self-test evaluates look-up rules with, the roles
each parameter's existing values come from, and values that obviously cannot exist."""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from ecs_conformance.spec.profile import Profile

# The profile role that names an existing value of each look-up parameter (used in valid
# requests and by rules that need such a value, e.g. KMSKeyId.requires-encrypted).
EXISTING_ROLE = {
    "ImageId": "images.available",
    "RegionId": "regions.source",
    "DestinationRegionId": "regions.destination",
    "KMSKeyId": "kms_keys.enabled",
}
# Roles every valid profile has (profile.schema.json requires them).
BASE_ROLES = ("images.available", "regions.source", "regions.destination")


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
