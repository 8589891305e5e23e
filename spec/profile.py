"""Target profiles: what a target holds (regions, images, KMS keys, accounts) and supports.

The same file seeds the reference emulator and tells the server suite which roles it may use.
:meth:`Profile.provides` is the one capability query ("does the target provide
``kms_keys.enabled`` / ``supports.dry_run``?"); a need the profile does not provide makes the
requirements that need it *not assessed*, with the need named, never failed.
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
#: The sections of a profile that :meth:`Profile.provides` answers for.
NEED_GROUPS = ("regions", "images", "kms_keys", "accounts", "limits", "supports", "operations",
               "signature_versions")


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

    def provides(self, need: str) -> bool:
        """Whether the target provides ``need`` — the one capability query of the project.

        ``need`` is ``group.key``: a role naming something the target holds
        (``images.available``, ``regions.copy_unsupported``, ``kms_keys.enabled``), an account
        (``accounts.unauthorized``), a declared limit (``limits.concurrent_copies_per_region``),
        the list ``regions.known``, a feature (``supports.dry_run``: only ``true`` provides
        it), another operation of the spec the target serves (``operations.DescribeImages``:
        named in the profile's ``operations`` list, else its ``supports.describe_images``
        flag), or a signature scheme it accepts (``signature_versions.v1``: listed in
        ``signature_versions``; both when the list is absent). A need that is not
        ``group.key`` is a programming error (ValueError); a well-formed need the profile
        does not declare — including one outside :data:`NEED_GROUPS`, such as
        the roles only a newer edition's rows name (``resource_groups.unknown``) — is simply
        not provided."""
        group, key = _split_need(need)
        if group not in NEED_GROUPS:
            return False
        if group == "signature_versions":
            return key in self.signature_versions
        if group == "operations":
            listed = self.data.get("operations")
            if isinstance(listed, list):
                return key in listed
            return self.provides(f"supports.{_snake(key)}")
        section = self.data.get(group)
        value = section.get(key) if isinstance(section, Mapping) else None
        if group == "supports":
            return value is True
        return value is not None and value != "" and value != [] and value != {}

    def declared_in(self, need: str) -> str:
        """The profile key that declares ``need``: the need itself, except an operation the
        profile lists no ``operations`` for, declared by its ``supports.<snake_case>`` flag."""
        group, key = _split_need(need)
        if group == "operations" and not isinstance(self.data.get("operations"), list):
            return f"supports.{_snake(key)}"
        return need

    def supports(self, feature: str) -> bool:
        """``provides(f"supports.{feature}")``; kept for callers outside the suites."""
        return self.provides(f"supports.{feature}")

    def role(self, need: str) -> str | None:
        """The value a string role names (``images.available`` → an image ID); None when the
        profile does not :meth:`provide <provides>` it."""
        if not self.provides(need):
            return None
        group, key = _split_need(need)
        value = self.data[group][key]
        return value if isinstance(value, str) else None

    def account(self, name: str) -> Credentials | None:
        """The credentials of ``accounts.<name>``; None when the profile does not provide it."""
        if not self.provides(f"accounts.{name}"):
            return None
        return _credentials(self.data["accounts"][name])

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


def _split_need(need: str) -> tuple[str, str]:
    group, dot, key = need.partition(".")
    if not group or not dot or not key or "." in key:
        raise ValueError(f"expected a need group.key such as images.available or "
                         f"supports.dry_run, got {need!r}")
    return group, key


def _snake(action: str) -> str:
    """``DescribeImages`` → ``describe_images`` (an operation's supports flag)."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", action).lower()


def _credentials(raw: Mapping[str, str]) -> Credentials:
    return Credentials(raw["access_key_id"], raw["access_key_secret"])


def _redact(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: ("***" if k == "access_key_secret" else _redact(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [_redact(v) for v in value]
    return value
