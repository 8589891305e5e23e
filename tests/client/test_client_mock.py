"""The mock ECS server: records requests byte for byte, verifies V1 and V3 signatures with the
shared secret (via spec.signing), answers as scripted, over loopback HTTP and respx."""

from __future__ import annotations

import time

import httpx

from ecs_conformance.spec.signing import percent_encode, v1_sign, v3_sign
from ecs_conformance.suites.clientkit.loopback import LoopbackServer
from ecs_conformance.suites.clientkit.mock import MockCore, Reply, request_evidence
from ecs_conformance.suites.clientkit.respx_mock import RespxServer

KEY, SECRET = "testid", "testsecret"
PARAMS = [("ImageId", "m-1"), ("RegionId", "cn-hangzhou"), ("DestinationImageName", "测试 1")]
OK = Reply(200, "application/json", '{"RequestId":"R","ImageId":"m-2"}')


def _query(pairs: list[tuple[str, str]]) -> str:
    return "&".join(f"{percent_encode(k)}={percent_encode(v)}" for k, v in pairs)


def test_loopback_records_and_verifies_v1_and_v3() -> None:
    core = MockCore(KEY, SECRET)
    core.program([lambda _: OK])
    with LoopbackServer(core) as server, httpx.Client() as http:
        signed = v1_sign("POST", PARAMS, KEY, SECRET, nonce="n1", timestamp="2026-01-01T00:00:00Z")
        assert http.post(f"{server.endpoint}/?{_query(signed)}").json()["ImageId"] == "m-2"
        host = server.endpoint.removeprefix("http://")
        date = "2026-01-01T00:00:00Z"
        headers = v3_sign("POST", host, PARAMS, KEY, SECRET, nonce="n2", date=date)
        http.post(f"{server.endpoint}/?{_query(PARAMS)}", headers=headers)
        bad = v3_sign("POST", host, PARAMS, KEY, "wrong", nonce="n3", date=date)
        http.post(f"{server.endpoint}/?{_query(PARAMS)}", headers=bad)
    first, second, third = core.log
    assert first.request.method == "POST" and b"%E6%B5%8B" in first.request.raw_query
    assert first.signature_problems == () and second.signature_problems == ()
    assert any("does not verify" in p for p in third.signature_problems)
    # the signature never reaches a report
    assert "***" in str(request_evidence(first.request)["url"])


def test_unscripted_requests_get_a_strict_500() -> None:
    core = MockCore(KEY, SECRET)
    with LoopbackServer(core) as server:
        answer = httpx.post(f"{server.endpoint}/")
    assert answer.status_code == 500 and "Mock.Unscripted" in answer.text
    assert core.log[0].signature_problems  # and it is unsigned


def test_the_last_script_entry_repeats_per_call() -> None:
    core = MockCore(KEY, SECRET)
    core.program([lambda _: Reply(503, "text/plain", "busy"), lambda _: OK])
    with LoopbackServer(core) as server:
        statuses = [httpx.post(f"{server.endpoint}/").status_code for _ in range(3)]
    assert statuses == [503, 200, 200] and len(core.since_program()) == 3


def test_a_delay_longer_than_the_read_timeout_times_out_on_both_transports() -> None:
    core = MockCore(KEY, SECRET)
    core.program([lambda _: Reply(200, "application/json", "{}", delay_s=3.0)])
    with LoopbackServer(core) as server:
        begun = time.monotonic()
        try:
            httpx.post(f"{server.endpoint}/", timeout=0.3)
            raise AssertionError("no timeout")
        except httpx.ReadTimeout:
            assert time.monotonic() - begun < 2.0
    respx_server = RespxServer(core)
    try:
        try:
            httpx.post(f"{respx_server.endpoint}/", timeout=0.3)
            raise AssertionError("no timeout")
        except httpx.ReadTimeout:
            pass
    finally:
        respx_server.close()
    assert len(core.log) == 2


def test_respx_answers_in_process_without_a_socket() -> None:
    core = MockCore(KEY, SECRET)
    core.program([lambda _: OK])
    server = RespxServer(core)
    try:
        answer = httpx.post(f"{server.endpoint}/?a=1", headers={"x-test": "1"})
    finally:
        server.close()
    assert answer.json()["RequestId"] == "R"
    assert core.log[0].request.raw_query == b"a=1" and core.log[0].request.header("x-test") == "1"


def test_the_client_suite_never_imports_the_emulator() -> None:
    import ast
    from pathlib import Path

    root = Path(__file__).parents[2]
    for folder in ("suites/client", "suites/clientkit", "adapters"):
        for path in (root / folder).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            names = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
            names |= {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
            assert not {m for m in names if m.split(".")[0] == "reference"}, path
