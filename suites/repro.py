"""Reproduction commands: re-sign the request afresh from credentials in the environment.

A stored signed request expires within minutes (timestamp window, nonce), so a report never
carries one; it carries ``ecs-conformance send …`` with the business parameters instead.
"""

from __future__ import annotations

import shlex

from suites.live_guard import hosts, is_live
from suites.wire import WireRequest

ENV_ID, ENV_SECRET = "ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET"


def reproduce_command(endpoint: str, request: WireRequest) -> str:
    parts = ["ecs-conformance", "send", "--endpoint", endpoint, "--scheme", request.scheme,
             "--method", request.method]
    if any(is_live(host) for host in hosts(endpoint)):
        parts.append("--live")  # send refuses the real cloud without it (suites.live_guard)
    for name, value in request.business:
        parts += ["-p", f"{name}={value}"]
    return " ".join(shlex.quote(p) for p in parts) + f"  # reads ${ENV_ID} and ${ENV_SECRET}"
