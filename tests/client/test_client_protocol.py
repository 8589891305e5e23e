"""The adapter contract: hanging, crashing, garbage-printing and early-exiting adapters end
as errored (never failed, never a hang of ours); results that break the schema name the path."""

from __future__ import annotations

import json
import sys
import textwrap
import time
from pathlib import Path

import pytest

from ecs_conformance.spec.problems import UsageError
from ecs_conformance.suites.clientkit import AdapterError, ClientOptions, load_driver, run_client
from ecs_conformance.suites.clientkit.contract import problems

HELLO = json.dumps({"name": "probe", "version": "1",
                    "capabilities": {"retries": 0, "signature": "v3"}})
CALL = {"endpoint": "http://127.0.0.1:9", "access_key_id": "a", "access_key_secret": "s",
        "region_id": "cn-hangzhou", "parameters": {}, "timeout_s": 1}


def _adapter(tmp_path: Path, body: str) -> str:
    script = tmp_path / "adapter.py"
    script.write_text(textwrap.dedent(f"""\
        import json, sys, time
        print({HELLO!r}, flush=True)
        for line in sys.stdin:
        {textwrap.indent(textwrap.dedent(body), '    ')}
        """), encoding="utf-8")
    return f"cmd:{sys.executable} {script}"


@pytest.mark.parametrize(("body", "expected"), [
    ("time.sleep(60)", "no a result within 1s; the adapter was killed"),
    ("sys.exit(3)", "exited (status 3)"),
    ("print('garbage', flush=True)", "is not a JSON line"),
    ("print(json.dumps({'outcome': 'error', 'code': 5}), flush=True)", "at $.code"),
    ("raise RuntimeError('boom')", "RuntimeError: boom"),
])
def test_broken_command_adapters_raise_adapter_errors_in_time(tmp_path: Path, body: str,
                                                              expected: str) -> None:
    driver = load_driver(_adapter(tmp_path, body), handshake_timeout_s=10)
    begun = time.monotonic()
    with pytest.raises(AdapterError) as info:
        driver.call(CALL, deadline_s=1.0)
    assert time.monotonic() - begun < 6
    assert expected in str(info.value), str(info.value)
    with pytest.raises(AdapterError, match="gone"):
        driver.call(CALL, deadline_s=1.0)  # a dead adapter fails at once
    driver.close()
    assert driver.process.poll() is not None


def test_an_adapter_without_handshake_is_a_usage_error(tmp_path: Path) -> None:
    script = tmp_path / "silent.py"
    script.write_text("import time\ntime.sleep(60)\n", encoding="utf-8")
    begun = time.monotonic()
    with pytest.raises(UsageError, match="no the handshake within 1s"):
        load_driver(f"cmd:{sys.executable} {script}", handshake_timeout_s=1)
    assert time.monotonic() - begun < 5


def test_result_schema_errors_name_the_path() -> None:
    found = problems("result", {"outcome": "error", "code": "X", "message": None,
                                "http_status": "400", "request_id": None})
    assert any("$.http_status" in p for p in found), found
    assert problems("result", {"outcome": "ok", "ImageId": "m", "RequestId": "r"}) == []
    assert problems("result", {"outcome": "maybe"})


def raising(call: dict) -> dict:
    raise ValueError("the SDK exploded")


raising.handshake = {"name": "raising", "version": "1",  # type: ignore[attr-defined]
                     "capabilities": {"retries": 0, "signature": "v3", "transport": "httpx"}}


def bad_shape(call: dict) -> dict:
    return {"outcome": "ok", "ImageId": 7, "RequestId": "r"}


bad_shape.handshake = raising.handshake  # type: ignore[attr-defined]


@pytest.mark.parametrize(("function", "reason"), [
    ("raising", "ValueError: the SDK exploded"),
    ("bad_shape", "at $.ImageId"),
])
def test_a_python_adapter_that_fails_leaves_errored_not_failed(tmp_path: Path, function: str,
                                                               reason: str) -> None:
    data = run_client(ClientOptions(adapter=f"python:test_client_protocol:{function}",
                                    report_dir=str(tmp_path), budget="quick"))
    statuses = {r["status"] for r in data["requirements"]}
    assert "failed" not in statuses and "errored" in statuses
    errored = [r for r in data["requirements"] if r["status"] == "errored"]
    assert all(reason in r["reason"] for r in errored[:3]), errored[0]["reason"]


def test_a_hanging_command_adapter_ends_the_run_errored_in_time(tmp_path: Path) -> None:
    begun = time.monotonic()
    data = run_client(ClientOptions(adapter=_adapter(tmp_path, "time.sleep(60)"),
                                    report_dir=str(tmp_path), budget="quick",
                                    call_deadline_s=1.0))
    assert time.monotonic() - begun < 30
    assert data["summary"]["failed"] == 0 and data["summary"]["errored"] > 0
