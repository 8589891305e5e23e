"""Benchmark of the server suite: wall time, requests per second and the suite's overhead over a
raw request loop, in-process and over loopback; then the detection rate over every faulty
variant with the time each took. Prints figures and ratios; asserts nothing.

The raw loop replays the very requests the run sent (recorded as they left the suite, already
signed) back-to-back through the same kind of target against a fresh emulator: the ratio is then
what the suite itself costs (generation, signing, checks, pytest), not a difference between
request mixes. A loop of minimal valid copies is printed beside it for reference.

    python bench/bench_server.py [--skip-faults] [--skip-xdist] [--budget quick]

(``--budget`` sets the in-process and loopback runs' budget, default ``default``; the 60 s
target is stated for the default budget, so another budget prints no target line.)
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._common import served_emulator, timed_run
from ecs_conformance.reference import FAULTS, create_app
from ecs_conformance.spec import load_profile
from ecs_conformance.suites.signer import Signer, Transport
from ecs_conformance.suites.targets import AsgiTarget, HttpTarget, Target
from ecs_conformance.suites.wire import Exchange, WireRequest

TARGET_WALL_S, TARGET_OVERHEAD = 60.0, 3.0


@contextmanager
def recording(kind: type[AsgiTarget] | type[HttpTarget]) -> Iterator[list[WireRequest]]:
    """Every request a target of ``kind`` sends while the block runs, in order."""
    sent: list[WireRequest] = []
    original = kind.send

    def send(self: Any, request: WireRequest) -> Exchange:
        sent.append(request)
        return original(self, request)

    kind.send = send  # type: ignore[method-assign]
    try:
        yield sent
    finally:
        kind.send = original  # type: ignore[method-assign]


def replay(target: Target, requests: list[WireRequest]) -> float:
    """Requests/second of sending ``requests`` (already signed) and reading the answers."""
    started = time.perf_counter()
    for request in requests:
        target.send(request)
    return len(requests) / (time.perf_counter() - started)


def raw_loop(target: Target, count: int) -> float:
    """Requests/second of a loop that only sends pre-signed minimal valid copies."""
    creds = load_profile().credentials
    signer = Signer(creds.access_key_id, creds.access_key_secret, target.host,
                    action="CopyImage", version="2014-05-26")
    base = {"ImageId": "m-bp1h46wfpjsjastc0001", "RegionId": "cn-hangzhou",
            "DestinationRegionId": "cn-shanghai"}
    return replay(target, [signer.sign({**base, "DestinationImageName": f"raw-{i:08d}"},
                                       Transport("v3", "POST", "query", None))
                           for i in range(count)])


def row(label: str, wall: float, requests: int, raw_rps: float, copy_rps: float) -> float:
    """Print one target's figures; return the overhead over the replay of the same requests."""
    rps = requests / wall
    print(f"{label:<30} {wall:6.2f} s {requests:6d} req {rps:7.0f} req/s")
    print(f"    raw loop, the same requests replayed {raw_rps:7.0f} req/s"
          f"   overhead {raw_rps / rps:4.1f}x")
    print(f"    raw loop, minimal valid copies       {copy_rps:7.0f} req/s"
          f"   ({copy_rps / rps:.1f}x)")
    return raw_rps / rps


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--skip-faults", action="store_true")
    parser.add_argument("--skip-xdist", action="store_true")
    parser.add_argument("--budget", default="default", choices=("quick", "default", "thorough"))
    args = parser.parse_args()
    print(f"server suite, {args.budget} budget, seed 0")
    with recording(AsgiTarget) as sent:
        wall, report, _ = timed_run("run", "--budget", args.budget)
    requests = report["run"]["requests"]
    overheads = [row("in-process (ASGI, embedded)", wall, requests,
                     replay(AsgiTarget(create_app()), sent),
                     raw_loop(AsgiTarget(create_app()), min(requests, 2000)))]
    profile = str(load_profile().path)
    with served_emulator() as endpoint, recording(HttpTarget) as sent:
        http_wall, http_report, _ = timed_run("server", "--endpoint", endpoint, "--profile",
                                              profile, "--budget", args.budget)
    http_requests = http_report["run"]["requests"]
    with served_emulator() as endpoint:
        raw_http = replay(HttpTarget(endpoint), sent)
        copy_http = raw_loop(HttpTarget(endpoint), min(http_requests, 2000))
    overheads.append(row("loopback (uvicorn, HTTP/1.1)", http_wall, http_requests, raw_http,
                         copy_http))
    worst = max(overheads)
    for budget in () if args.skip_xdist else ("default", "thorough"):
        walls = []
        for workers in ("0", "2"):
            with served_emulator() as endpoint:
                seconds, rep, _ = timed_run("server", "--endpoint", endpoint, "--profile",
                                            profile, "--budget", budget, "--workers", workers)
                walls.append((seconds, rep["run"]["requests"]))
        print(f"pytest-xdist, {budget:<8} budget: 1 process {walls[0][0]:6.1f} s "
              f"({walls[0][1]} req), 2 workers {walls[1][0]:6.1f} s ({walls[1][1]} req): "
              f"speed-up {walls[0][0] / walls[1][0]:.2f}x")
    if args.budget == "default":
        print(f"target: default run <= {TARGET_WALL_S:.0f} s -> {wall:.1f} s "
              f"({'met' if wall <= TARGET_WALL_S else 'MISSED'}); overhead <= "
              f"{TARGET_OVERHEAD:.0f}x -> {worst:.1f}x "
              f"({'met' if worst <= TARGET_OVERHEAD else 'MISSED'})")
    else:
        print(f"overhead {worst:.1f}x (targets are stated for the default budget)")
    if args.skip_faults:
        return 0
    print(f"\ndetection over {len(FAULTS)} faulty variants (default budget)")
    caught = 0
    for name, fault in sorted(FAULTS.items()):
        wall, report, _ = timed_run("run", "--fault", name)
        failed = {r["id"] for r in report["requirements"] if r["status"] == "failed"}
        hit = sorted(failed & set(fault.requirements))
        caught += bool(hit)
        print(f"  {'caught' if hit else 'MISSED':<7} {name:<34} {wall:6.2f} s  "
              f"{', '.join(hit) or '-'}")
    print(f"detection rate: {caught}/{len(FAULTS)} = {caught / len(FAULTS):.0%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
