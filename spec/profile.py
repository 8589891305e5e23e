"""Target profiles: what a target holds (regions, images, KMS keys, accounts) and supports.

The same file seeds the reference emulator and tells the server suite which roles it may use;
an absent optional role makes the requirements that need it *not assessed*, never failed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from ecs_conformance.spec.problems import InputFileError, Problem
from ecs_conformance.spec.yamlio import load_schema, read_yaml, schema_problems

DEFAULT_PROFILE = Path(__file__).parent / "profiles" / "default.yaml"


@dataclass(frozen=True)
class Credentials:
    access_key_id: str
    access_key_secret: str = field(repr=False)


@dataclass(frozen=True)
class Profile:
    """A validated target profile. ``data`` is the raw mapping (read-only by convention)."""

    path: str
    data: Mapping[str, Any] = field(repr=False)

    @property
    def name(self) -> str:
        return str(self.data.get("name", Path(self.path).stem))

    @property
    def credentials(self) -> Credentials:
        return _credentials(self.data["credentials"])

    @property
    def signature_versions(self) -> tuple[str, ...]:
        return tuple(self.data.get("signature_versions", ["v1", "v3"]))

    @property
    def source_region(self) -> str:
        return str(self.data["regions"]["source"])

    @property
    def destination_region(self) -> str:
        return str(self.data["regions"]["destination"])

    @property
    def concurrent_copies(self) -> int:
        return int(self.data.get("limits", {}).get("concurrent_copies_per_region", 1))

    @property
    def copy_seconds(self) -> int:
        return int(self.data.get("limits", {}).get("copy_seconds", 120))

    def supports(self, feature: str) -> bool:
        return bool(self.data.get("supports", {}).get(feature, False))

    def serves(self, action: str) -> bool:
        """Does the target serve the spec's operation ``action`` (besides the primary one)?
        The profile's ``operations`` list, else its ``supports.<snake_case action>`` flag."""
        listed = self.data.get("operations")
        if isinstance(listed, list):
            return action in listed
        return self.supports(re.sub(r"(?<!^)(?=[A-Z])", "_", action).lower())

    def role(self, path: str) -> str | None:
        """A string role such as ``images.available``; None when the profile lacks it."""
        group, _, key = path.partition(".")
        value = self.data.get(group, {}).get(key) if isinstance(self.data.get(group), dict) \
            else None
        return value if isinstance(value, str) else None

    def account(self, name: str) -> Credentials | None:
        found = self.data.get("accounts", {}).get(name)
        return _credentials(found) if found else None

    def has_role(self, path: str) -> bool:
        group, _, key = path.partition(".")
        section = self.data.get(group)
        return isinstance(section, dict) and key in section

    @cached_property
    def secrets(self) -> tuple[str, ...]:
        """Every access-key secret in the profile, for redaction."""
        found = [self.credentials.access_key_secret]
        found += [a["access_key_secret"] for a in self.data.get("accounts", {}).values()]
        return tuple(s for s in found if s)

    def redacted(self) -> dict[str, Any]:
        """The profile as plain data with every secret replaced by ``***``."""
        return _redact(dict(self.data))


def load_profile(path: str | Path | None = None) -> Profile:
    """Read and validate a profile; problems name the file and the path inside it."""
    file = Path(path) if path else DEFAULT_PROFILE
    data, problems = read_yaml(file)
    if not problems:
        problems = schema_problems(data, load_schema("profile.schema.json"), str(file))
    if not problems:
        problems = _consistency(data, str(file))
    if problems:
        raise InputFileError("target profile", problems)
    return Profile(str(file), data)


def _consistency(data: dict[str, Any], file: str) -> list[Problem]:
    regions = data["regions"]
    problems = []
    if regions["source"] == regions["destination"]:
        problems.append(Problem(file, "$.regions.destination",
                                "expected a region other than regions.source"))
    known = regions.get("known")
    if known:
        for key, value in regions.items():
            if key != "known" and value not in known:
                problems.append(Problem(file, f"$.regions.{key}",
                                        f"expected one of regions.known, got {value!r}"))
    return problems


def _credentials(raw: Mapping[str, str]) -> Credentials:
    return Credentials(raw["access_key_id"], raw["access_key_secret"])


def _redact(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: ("***" if k == "access_key_secret" else _redact(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [_redact(v) for v in value]
    return value
