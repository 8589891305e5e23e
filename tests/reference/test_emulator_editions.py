"""The emulator serves either contract edition: it reads the edition's model."""

from __future__ import annotations

import json

import pytest

from ecs_conformance.reference import Call, Clock, EmulatorClient, create_app
from ecs_conformance.reference.serve import banner
from ecs_conformance.spec import load_spec

START = "2026-11-27T01:40:00Z"
DEST = "${regions.destination}"


def client(edition: str) -> EmulatorClient:
    spec = load_spec(edition=edition)
    return EmulatorClient(create_app(clock=Clock.frozen(START), seed=3, spec=spec))


def answer(reply_body: bytes) -> dict[str, str]:
    data: dict[str, str] = json.loads(reply_body)
    return data


@pytest.mark.parametrize(("edition", "message"), [("seed", "The source region not found"),
                                                  ("current", "The source region not found.")])
def test_messages_follow_the_edition(edition: str, message: str) -> None:
    (reply,) = client(edition).run([Call({"RegionId": "xx-nowhere-1"})])
    assert reply.status == 400 and answer(reply.body)["Message"] == message


@pytest.mark.parametrize(("edition", "status", "code"), [
    ("seed", 200, None), ("current", 400, "OperationDenied.ImageCopyConflict")])
def test_second_copy_of_the_same_image(edition: str, status: int, code: str | None) -> None:
    first, second = client(edition).run([Call({"DestinationImageName": "one"}),
                                         Call({"DestinationImageName": "two"})])
    assert first.status == 200
    assert second.status == status and answer(second.body).get("Code") == code


@pytest.mark.parametrize(("edition", "status", "message"), [
    ("seed", 403, "The specified image is being copied."),
    ("current", 403, "The image is being copied. Please use the CancelCopyImage API.")])
def test_delete_while_copying(edition: str, status: int, message: str) -> None:
    """DeleteImage's own page (seed) and the 2025 metadata (current) agree on the code."""
    _, deleted = client(edition).run([
        Call(), Call({"RegionId": DEST, "ImageId": "${copy}"}, action="DeleteImage")])
    body = answer(deleted.body)
    assert deleted.status == status and body["Code"] == "OperationDenied.ImageCopying"
    assert body["Message"] == message


def test_kms_key_without_encrypted_keeps_the_seed_code_in_both() -> None:
    for edition in ("seed", "current"):
        (reply,) = client(edition).run([Call({"KMSKeyId": "${kms_keys.enabled}"})])
        assert answer(reply.body)["Code"] == "InvalidParameter.EncryptedIllegal"


def test_banner_names_the_edition() -> None:
    spec = load_spec(edition="current")
    text = banner(create_app(spec=spec), "127.0.0.1", 8080)
    assert f"contract edition:  current ({spec.digest})" in text
