"""Target profiles: validated, with errors naming the file and the path; secrets redacted."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from ecs_conformance.spec import InputFileError, load_profile
from ecs_conformance.spec.profile import DEFAULT_PROFILE


def _write(tmp_path: Path, change) -> Path:
    data = yaml.safe_load(DEFAULT_PROFILE.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "profile.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


@pytest.mark.parametrize(("change", "where", "expected"), [
    (lambda d: d.pop("credentials"), "$", "'credentials' (missing)"),
    (lambda d: d["regions"].pop("destination"), "$.regions", "'destination' (missing)"),
    (lambda d: d["images"].update(availble="m-x"), "$.images", "expected only"),
    (lambda d: d.update(signature_versions=["v2"]), "$.signature_versions[0]", "expected one of"),
    (lambda d: d["limits"].update(concurrent_copies_per_region=0),
     "$.limits.concurrent_copies_per_region", "minimum"),
    (lambda d: d["regions"].update(destination=d["regions"]["source"]), "$.regions.destination",
     "other than regions.source"),
    (lambda d: d["regions"].update(destination="mars-1"), "$.regions.destination",
     "regions.known"),
])
def test_bad_profile_is_rejected_clearly(tmp_path: Path, change, where: str, expected: str) -> None:
    path = _write(tmp_path, change)
    with pytest.raises(InputFileError) as info:
        load_profile(path)
    assert str(path) in str(info.value)
    assert any(p.path == where and expected in p.message for p in info.value.problems), \
        str(info.value)


def test_minimal_profile_has_optional_roles_absent(tmp_path: Path) -> None:
    path = tmp_path / "min.yaml"
    path.write_text(
        "credentials: {access_key_id: a, access_key_secret: s3cr3t}\n"
        "regions: {source: cn-hangzhou, destination: cn-shanghai}\n"
        "images: {available: m-abc}\n", encoding="utf-8")
    profile = load_profile(path)
    assert profile.role("images.unavailable") is None
    assert profile.role("images.available") == "m-abc"
    assert profile.signature_versions == ("v1", "v3")
    assert profile.concurrent_copies == 1


def test_redacted_profile_holds_no_secret() -> None:
    profile = load_profile()
    text = repr(profile.redacted()) + repr(profile) + repr(profile.credentials)
    for secret in profile.secrets:
        assert secret not in text
