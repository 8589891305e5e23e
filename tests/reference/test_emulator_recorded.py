"""The six requests recorded from the official SDKs, replayed verbatim: all verify and copy."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import pytest

from ecs_conformance.reference import Clock, call_asgi, create_app
from ecs_conformance.spec import Profile, load_profile

DATA = Path(__file__).parents[1] / "data" / "recorded_requests.txt"
MARKER = re.compile(r"^=== (\S+) ===$", re.MULTILINE)


def records() -> dict[str, tuple[str, str, list[tuple[str, str]], bytes]]:
    out: dict[str, tuple[str, str, list[tuple[str, str]], bytes]] = {}
    parts = MARKER.split(DATA.read_text(encoding="utf-8"))
    for name, text in zip(parts[1::2], parts[2::2], strict=True):
        head, _, body = text.lstrip("\n").partition("\n\n")
        request_line, *header_lines = head.split("\n")
        method, target, _ = request_line.split(" ")
        headers = [(k, v) for k, _, v in (h.partition(": ") for h in header_lines if h)]
        length = int(next(v for k, v in headers if k.lower() == "content-length"))
        raw = body.encode("utf-8")
        assert len(raw) >= length, name
        out[name] = (method, target, headers, raw[:length])
    return out


RECORDS = records()


def test_all_six_records_are_read() -> None:
    assert sorted(RECORDS) == ["legacy-py-v1", "pop-core-v1-form", "tea-node-v1", "tea-node-v3",
                               "tea-py-v1", "tea-py-v3"]


def recorded_profile() -> Profile:
    """The default profile holding the recorded image and KMS key IDs."""
    base = load_profile()
    data = dict(base.data)
    data["images"] = {**data["images"], "available": "m-bp1h46wfpjsjastc****"}
    data["kms_keys"] = {**data["kms_keys"], "enabled": "0e478b7a-4262-4802-b8cb-00d3fb40****"}
    return Profile(base.path, data)


@pytest.mark.parametrize("name", sorted(RECORDS))
def test_recorded_request_is_accepted(name: str) -> None:
    method, target, headers, body = RECORDS[name]
    path, _, query = target.partition("?")
    app = create_app(recorded_profile(), clock=Clock.frozen("2026-11-27T01:41:00Z"))
    reply = asyncio.run(call_asgi(app, method, path, query.encode(), headers, body))
    assert reply.status == 200, reply.body
    assert reply.content_type == "application/json;charset=utf-8"
    assert str(reply.fields()["ImageId"]).startswith("m-")


@pytest.mark.parametrize("name", sorted(RECORDS))
def test_recorded_request_with_the_default_profile_fails_only_on_the_image(name: str) -> None:
    method, target, headers, body = RECORDS[name]
    path, _, query = target.partition("?")
    app = create_app(clock=Clock.frozen("2026-11-27T01:41:00Z"))
    reply = asyncio.run(call_asgi(app, method, path, query.encode(), headers, body))
    assert (reply.status, reply.code) == (404, "InvalidImageId.NotFound")


@pytest.mark.parametrize("name", sorted(RECORDS))
def test_recorded_request_replayed_is_refused(name: str) -> None:
    method, target, headers, body = RECORDS[name]
    path, _, query = target.partition("?")
    app = create_app(recorded_profile(), clock=Clock.frozen("2026-11-27T01:41:00Z"))
    asyncio.run(call_asgi(app, method, path, query.encode(), headers, body))
    reply = asyncio.run(call_asgi(app, method, path, query.encode(), headers, body))
    assert (reply.status, reply.code) == (400, "SignatureNonceUsed")


@pytest.mark.parametrize("name", ["tea-py-v3", "tea-node-v3"])
def test_recorded_v3_request_with_another_host_is_refused(name: str) -> None:
    method, target, headers, body = RECORDS[name]
    path, _, query = target.partition("?")
    moved = [(k, "127.0.0.1:1" if k.lower() == "host" else v) for k, v in headers]
    app = create_app(recorded_profile(), clock=Clock.frozen("2026-11-27T01:41:00Z"))
    reply = asyncio.run(call_asgi(app, method, path, query.encode(), moved, body))
    assert (reply.status, reply.code) == (400, "SignatureDoesNotMatch")
