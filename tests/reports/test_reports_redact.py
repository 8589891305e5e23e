"""Redaction: a secret given to write_report appears in no written file, in any encoding."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any
from urllib.parse import quote, quote_plus

import pytest

from ecs_conformance.reports import Report, redact, write_report

SECRET = "s3cr3t/Key+&<v>"  # characters that every format encodes differently
KEY_ONLY_SECRET = "only-known-by-its-key-name"


def _leaky(report: dict[str, Any]) -> dict[str, Any]:
    """Plant the secret wherever a careless adapter might put it."""
    report["target"]["profile"] = {
        "endpoint": "http://127.0.0.1:8080/", "access_key_id": "testid",
        "access_key_secret": KEY_ONLY_SECRET, "note": f"secret is {SECRET}",
        "AccessKeySecret": SECRET, "nested": [{"Signature": "abc"}, (SECRET,)],
    }
    requirement = report["requirements"][0]
    requirement["reason"] = None
    evidence = requirement["evidence"][0]
    evidence["received"] = f"echoed {SECRET} back"
    evidence["request"]["url"] += f"&AccessKeySecret={quote(SECRET, safe='')}"
    evidence["request"]["headers"]["x-acs-security-token"] = "sts-token"
    evidence["request"]["body"] = f"Secret={quote_plus(SECRET)}"
    evidence["response"]["body"] = f'{{"Message":"bad key {SECRET}"}}'
    evidence["reproduce"] = f"aliyun ecs CopyImage --access-key-secret '{SECRET}'"
    report["requirements"][11]["reason"] = f"auth failed for {SECRET}"
    return report


def _encodings(secret: str) -> set[str]:
    forms = {secret, quote(secret, safe=""), quote_plus(secret), html.escape(secret),
             html.escape(secret, quote=False), secret.replace("&", "\\&").replace("<", "\\<")}
    return forms | {form.replace("/", "\\/") for form in forms}  # JSON may escape "/"


def test_secret_appears_in_no_written_file(sample_report: dict[str, Any],
                                           tmp_path: Path) -> None:
    written = write_report(_leaky(sample_report), tmp_path, secrets=[SECRET, ""])
    assert set(written) == {"json", "junit", "markdown", "html", "badge"}
    files = sorted(tmp_path.rglob("*"))
    assert [f.name for f in files] == sorted(p.name for p in written.values())
    for file in files:
        text = file.read_text(encoding="utf-8")
        for form in _encodings(SECRET) | {KEY_ONLY_SECRET, "sts-token"}:
            assert form not in text, f"{form!r} leaked into {file.name}"
    assert "***" in (tmp_path / "report.json").read_text(encoding="utf-8")


def test_written_report_keeps_credential_but_not_signature(sample_report: dict[str, Any],
                                                           tmp_path: Path) -> None:
    write_report(sample_report, tmp_path, formats=["json"])
    text = (tmp_path / "report.json").read_text(encoding="utf-8")
    assert "Credential=testid" in text and "Signature=***" in text
    assert "9c1f0e7d" not in text


def test_redact_replaces_secrets_deep_without_mutating() -> None:
    data = {"a": ["x SECRET y", ("SECRET",)], "SECRET-key": 1, "n": None, "k": 3}
    out = redact(data, ["SECRET"])
    assert out == {"a": ["x *** y", ("***",)], "***-key": 1, "n": None, "k": 3}
    assert data["a"] == ["x SECRET y", ("SECRET",)]


@pytest.mark.parametrize("key", ["access_key_secret", "AccessKeySecret", "SECRET", "signature",
                                 "Signature", "access-key-secret", "X-Acs-Security-Token",
                                 "password"])
def test_sensitive_keys_are_masked(key: str) -> None:
    assert redact({key: "value", "other": "value"}) == {key: "***", "other": "value"}


def test_sensitive_keys_keep_empty_values() -> None:
    assert redact({"secret": None, "Signature": ""}) == {"secret": None, "Signature": ""}


@pytest.mark.parametrize(("value", "masked"), [
    ("ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=host;x-acs-date,Signature=06563a",
     "ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=host;x-acs-date,Signature=***"),
    ("Bearer abc.def", "***"),
])
def test_authorization_keeps_algorithm_and_credential(value: str, masked: str) -> None:
    assert redact({"headers": {"Authorization": value}}) == {"headers": {"Authorization": masked}}


def test_longer_secrets_are_replaced_first() -> None:
    assert redact("abc-abcdef", ["abc", "abcdef"]) == "***-***"


def test_redact_rebuilds_report_dataclasses(sample_model: Report) -> None:
    out = redact(sample_model, ["testid"])
    assert isinstance(out, Report)
    assert out.target.profile is not None and out.target.profile["access_key_id"] == "***"
    assert "testid" not in repr(out.to_dict())
