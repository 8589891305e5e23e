"""The live guard covers every command that sends a request, whatever the host's spelling.

Refused without ``--live``: every spelling of a host under ``aliyuncs.com`` — case, trailing
dots, IDNA forms (full-width letters, ideographic full stops, invisible characters), userinfo,
ports, regional and hyphenated endpoints. Allowed: loopback, and hosts that merely *contain*
``aliyuncs.com`` without being under it (``aliyuncs.com.evil.example`` is a host of
``evil.example``; the guard judges where the request goes, not how the name looks).
"""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

import pytest

from ecs_conformance.spec.problems import UsageError
from ecs_conformance.suites import live_guard
from ecs_conformance.suites.cli import main
from ecs_conformance.suites.commands import serve_cmd
from ecs_conformance.suites.runner import RunOptions, build_session

REFUSED = [
    "https://ecs.aliyuncs.com",
    "https://ecs.aliyuncs.com.",
    "https://ecs.aliyuncs.com..",
    "ecs.aliyuncs.com",
    "ecs.aliyuncs.com.:443",
    "HTTPS://ECS.ALIYUNCS.COM.",
    "ECS.ALIYUNCS.COM.",
    "http://Ecs.AliyunCS.com:80/",
    "https://user@ecs.aliyuncs.com",
    "https://user:pw@ecs.aliyuncs.com:443",
    "http://127.0.0.1@ecs.aliyuncs.com",
    "http://ecs.aliyuncs.com#@127.0.0.1",
    "https://ecs.cn-hangzhou.aliyuncs.com",
    "https://ecs.cn-hangzhou.aliyuncs.com:8443",
    "ecs-cn-hangzhou.aliyuncs.com",
    "https://aliyuncs.com",
    "http://ｅｃｓ．ａｌｉｙｕｎｃｓ．ｃｏｍ",  # full-width letters and full stops
    "http://ecs.aliyuncs\u3002com",  # ideographic full stop: httpx sends it to the cloud
    "http://ecs\u200b.aliyuncs.com",  # a zero-width space, dropped by IDNA mapping
    "http://ecs%2Ealiyuncs%2Ecom",
]
ALLOWED = [
    "http://127.0.0.1:8080",
    "127.0.0.1:8080",
    "http://localhost:8080",
    "http://[::1]:8080",
    "http://user@127.0.0.1:8080",
    "http://aliyuncs.com.evil.example",  # under evil.example, not under aliyuncs.com
    "http://notaliyuncs.com",
    "http://ecs.aliyuncs.com.example",
]


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """A refused endpoint must be refused before any connection is even tried."""
    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError(f"a connection was attempted: {args}")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)


@pytest.mark.parametrize("endpoint", REFUSED)
def test_guard_refuses_every_spelling_of_the_real_cloud(endpoint: str) -> None:
    with pytest.raises(UsageError, match="real Alibaba Cloud"):
        live_guard.refuse_live(endpoint, live=False)
    live_guard.refuse_live(endpoint, live=True)  # --live lets it through


@pytest.mark.parametrize("endpoint", ALLOWED)
def test_guard_allows_hosts_not_under_aliyuncs(endpoint: str) -> None:
    live_guard.refuse_live(endpoint, live=False)


@pytest.mark.parametrize("endpoint", REFUSED)
def test_server_command_refuses_without_live(endpoint: str, tmp_path: Path, no_network: None,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["server", "--endpoint", endpoint, "--profile", "spec/profiles/default.yaml",
                 "--report-dir", str(tmp_path)])
    assert code == 2
    assert "real Alibaba Cloud" in capsys.readouterr().err
    assert not (tmp_path / "report.json").exists()


@pytest.mark.parametrize("endpoint", REFUSED)
def test_plugin_session_refuses_without_live(endpoint: str, no_network: None) -> None:
    """``pytest -p ecs_conformance.suites.plugin --ecs-endpoint …`` builds its session through
    build_session."""
    with pytest.raises(UsageError, match="real Alibaba Cloud"):
        build_session(RunOptions(endpoint=endpoint))


@pytest.mark.parametrize("endpoint", REFUSED)
def test_send_command_refuses_without_live(endpoint: str, no_network: None,
                                           monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", "testid")
    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "testsecret")
    code = main(["send", "--endpoint", endpoint, "-p", "RegionId=cn-hangzhou"])
    assert code == 2
    assert "real Alibaba Cloud" in capsys.readouterr().err


def test_send_command_with_live_goes_on(monkeypatch: pytest.MonkeyPatch) -> None:
    """With --live the guard lets ``send`` through (to a stub target here: nothing leaves)."""
    sent: list[str] = []

    class StubTarget:
        def __init__(self, endpoint: str, **kwargs: Any) -> None:
            sent.append(endpoint)
            self.host = "ecs.aliyuncs.com"

        def send(self, request: Any) -> Any:
            from ecs_conformance.suites.wire import Exchange
            return Exchange(request, None, problem="stub")

        def close(self) -> None:
            pass

    monkeypatch.setattr(serve_cmd, "HttpTarget", StubTarget)
    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", "testid")
    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "testsecret")
    assert main(["send", "--live", "--endpoint", "https://ecs.aliyuncs.com.",
                 "-p", "RegionId=cn-hangzhou"]) == 1  # "no answer" from the stub
    assert sent == ["https://ecs.aliyuncs.com."]


def test_openapi_export_names_no_billable_default_server() -> None:
    from ecs_conformance.spec import load_spec
    from ecs_conformance.spec.export import export_openapi

    doc = export_openapi(load_spec())
    for server in doc["servers"]:
        assert not any(live_guard.is_live(h) for h in live_guard.hosts(server["url"])), server
        assert live_guard.hosts(server["url"]) == {"127.0.0.1"}
    assert doc["x-alibaba-cloud-endpoints"]["central"] == "https://ecs.aliyuncs.com"


def test_reproduction_lines_of_a_live_run_carry_live() -> None:
    from ecs_conformance.suites.repro import reproduce_command
    from ecs_conformance.suites.wire import WireRequest

    request = WireRequest.of("POST", business=(("RegionId", "cn-hangzhou"),))
    assert " --live " in reproduce_command("https://ECS.aliyuncs.com.", request)
    assert "--live" not in reproduce_command("http://127.0.0.1:8080", request)


def test_userinfo_is_not_sent() -> None:
    """httpx would turn user:pw@ into a Basic Authorization header, clashing with V3's."""
    from ecs_conformance.suites.targets import HttpTarget

    target = HttpTarget("http://user:pw@127.0.0.1:8080")
    target.close()
    assert (target.base, target.host) == ("http://127.0.0.1:8080", "127.0.0.1:8080")
