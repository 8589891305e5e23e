"""Several machines: xdist remote workers on test hosts of our own.

Two network namespaces, each with its own address on a bridge, stand for two machines; each
runs execnet's socket server, and the suite is distributed to them with
``--tx socket=HOST:PORT`` (the same gateways ``--tx ssh=…`` opens on real hosts). The emulator
listens on the bridge address. Parts of the report come back over xdist's channel and are
merged by the controller. Needs root and iproute2; otherwise the test says so and is skipped.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench._common import served_emulator_on

ROOT = Path(__file__).parents[2]
TAG = f"e{os.getpid() % 10000}"
BRIDGE, SUBNET = f"{TAG}br", "10.231.0"
HOSTS = (2, 3)


def _ip(*args: str) -> None:
    subprocess.run(["ip", *args], check=True, capture_output=True, timeout=20)


def _teardown() -> None:
    for n in HOSTS:
        subprocess.run(["ip", "netns", "del", f"{TAG}w{n}"], capture_output=True, check=False)
    subprocess.run(["ip", "link", "del", BRIDGE], capture_output=True, check=False)


@pytest.fixture(scope="module")
def worker_hosts(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[str]]:
    if shutil.which("ip") is None or os.geteuid() != 0:
        pytest.skip("needs root and iproute2 to make network namespaces")
    servers: list[subprocess.Popen[bytes]] = []
    try:
        _ip("link", "add", BRIDGE, "type", "bridge")
        _ip("addr", "add", f"{SUBNET}.1/24", "dev", BRIDGE)
        _ip("link", "set", BRIDGE, "up")
        for n in HOSTS:
            ns, host_end, ns_end = f"{TAG}w{n}", f"{TAG}h{n}", f"{TAG}n{n}"
            _ip("netns", "add", ns)
            _ip("link", "add", host_end, "type", "veth", "peer", "name", ns_end)
            _ip("link", "set", ns_end, "netns", ns)
            _ip("link", "set", host_end, "master", BRIDGE)
            _ip("link", "set", host_end, "up")
            _ip("netns", "exec", ns, "ip", "addr", "add", f"{SUBNET}.{n}/24", "dev", ns_end)
            _ip("netns", "exec", ns, "ip", "link", "set", ns_end, "up")
            servers.append(subprocess.Popen(
                ["ip", "netns", "exec", ns, sys.executable, "-m", "execnet.script.socketserver",
                 f"{SUBNET}.{n}:8888"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    except (subprocess.CalledProcessError, OSError) as exc:
        _teardown()
        pytest.skip(f"cannot make network namespaces here: {exc}")
    hosts = []
    for n in HOSTS:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection((f"{SUBNET}.{n}", 8888), timeout=1).close()
                break
            except OSError:
                time.sleep(0.05)  # polling for readiness, bounded by the deadline
        hosts.append(f"{SUBNET}.{n}")
    try:
        yield hosts
    finally:
        for server in servers:
            server.kill()
            server.wait(10)
        _teardown()


def test_suite_runs_on_remote_workers_and_merges_one_report(worker_hosts: list[str],
                                                            tmp_path: Path) -> None:
    txs = []
    for host in worker_hosts:
        chdir = tmp_path / f"worker-{host}"
        chdir.mkdir()
        txs += ["--tx", f"socket={host}:8888//chdir={chdir}"]
    with served_emulator_on(f"{SUBNET}.1") as endpoint:
        code = pytest_run(endpoint, tmp_path / "report", txs)
    assert code == 0
    data = json.loads((tmp_path / "report" / "report.json").read_text(encoding="utf-8"))
    assert data["summary"]["failed"] == 0 and data["summary"]["passed"] > 80
    assert data["run"]["requests"] > 300


def pytest_run(endpoint: str, report_dir: Path, txs: list[str]) -> int:
    """The suite in plain pytest form, code synced to the workers with --rsyncdir."""
    suite_dir = ROOT / "suites" / "server"
    return int(pytest.main([
        str(suite_dir), "-p", "ecs_conformance.suites.plugin", "-p", "no:cacheprovider",
        f"--confcutdir={suite_dir}", "-o", "addopts=", "-q", "-W", "ignore::DeprecationWarning",
        "--ecs-endpoint", endpoint, "--ecs-profile", str(ROOT / "spec/profiles/default.yaml"),
        "--ecs-budget", "quick", "--ecs-report-dir", str(report_dir),
        "-d", *txs, "--rsyncdir", str(ROOT / "suites"), "--rsyncdir", str(ROOT / "spec")]))
