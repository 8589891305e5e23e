"""Reproduction commands: the request rebuilt and re-signed afresh from the environment.

A stored signed request expires within minutes (timestamp window, nonce), so a report never
carries one; it carries ``ecs-conformance send …`` with the request's recipe instead
(:mod:`suites.recipe`): transport, action, version, headers, business parameters and every
deliberate defect. Secrets stay in the environment; the line only names the variables.
"""

from __future__ import annotations

import re
import shlex

from ecs_conformance.suites.live_guard import hosts, is_live
from ecs_conformance.suites.recipe import Recipe
from ecs_conformance.suites.wire import WireRequest

ENV_ID, ENV_SECRET = "ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET"


def account_env(account: str | None) -> tuple[str, str]:
    """The variables ``send`` reads credentials from: the main pair, or an account's."""
    if not account:
        return ENV_ID, ENV_SECRET
    suffix = re.sub(r"[^A-Z0-9]", "_", account.upper())
    return f"{ENV_ID}_{suffix}", f"{ENV_SECRET}_{suffix}"


def reproduce_command(endpoint: str, request: WireRequest) -> str:
    recipe = request.recipe or Recipe(request.scheme, request.method,
                                      business=request.business)
    parts = ["ecs-conformance", "send", "--endpoint", endpoint, *recipe.argv()]
    if any(is_live(host) for host in hosts(endpoint)):
        parts.append("--live")  # send refuses the real cloud without it (suites.live_guard)
    line = " ".join(shlex.quote(p) for p in parts)
    if any(d.flag == "--unknown-access-key" for d in recipe.defects):
        return line + "  # signs with a made-up key: no credentials needed"
    key_id, secret = account_env(recipe.account)
    return line + f"  # reads ${key_id} and ${secret}"
