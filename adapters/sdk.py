"""What the shipped SDK adapters share: the error naming the extra that installs a missing SDK,
and which of the spec's operations an SDK can be asked for (the call's ``action``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ecs_conformance.spec.loader import load_spec

EXTRA = "pip install 'ecs-conformance[sdks]'"


def missing_sdk(exc: ImportError, package: str) -> ModuleNotFoundError:
    """A ModuleNotFoundError naming the missing module, the SDK package and the extra."""
    return ModuleNotFoundError(f"{exc} — the official SDK {package} is not installed; "
                               f"install the SDKs of the shipped adapters with {EXTRA}",
                               name=exc.name)


def action_of(call: dict[str, Any]) -> str:
    """The operation the call asks for: its ``action``, else the spec's primary operation."""
    action = call.get("action")
    return action if isinstance(action, str) and action else load_spec().operation.action


def companions(has: Callable[[str], bool]) -> list[str]:
    """The spec's other operations (handshake ``capabilities.operations``) the SDK has a
    request for (``has(action)``), in the spec's order."""
    return [c.action for c in load_spec().companions if has(c.action)]
