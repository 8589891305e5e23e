"""What a shipped SDK adapter says when its SDK is not installed: the extra that installs it."""

from __future__ import annotations

EXTRA = "pip install 'ecs-conformance[sdks]'"


def missing_sdk(exc: ImportError, package: str) -> ModuleNotFoundError:
    """A ModuleNotFoundError naming the missing module, the SDK package and the extra."""
    return ModuleNotFoundError(f"{exc} — the official SDK {package} is not installed; "
                               f"install the SDKs of the shipped adapters with {EXTRA}",
                               name=exc.name)
