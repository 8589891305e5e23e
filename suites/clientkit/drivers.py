"""Drivers for the client under test: ``python:module:function`` (called in a worker thread
with a deadline) and ``cmd:COMMAND`` (see :mod:`suites.clientkit.command`). Each returns a
result object that obeys result.schema.json, or raises :class:`AdapterError`."""

from __future__ import annotations

import importlib
import os
import sys
import threading
import traceback
from collections.abc import Callable
from typing import Any, Protocol

from ecs_conformance.spec.problems import UsageError
from ecs_conformance.suites.clientkit import contract
from ecs_conformance.suites.clientkit.contract import AdapterError, Handshake


class Driver(Protocol):
    description: str
    kind: str  # "python-adapter" | "command-adapter"
    handshake: Handshake

    def call(self, call: dict[str, Any], deadline_s: float) -> dict[str, Any]: ...
    def close(self) -> None: ...


def importable_from_cwd() -> None:
    """Modules in the current directory import as ``python -m`` would import them, without
    ``PYTHONPATH=.`` (the ``ecs-conformance`` console script does not put the current
    directory on ``sys.path``)."""
    cwd = os.getcwd()
    if cwd not in sys.path and "" not in sys.path:
        sys.path.insert(0, cwd)


class PythonDriver:
    kind = "python-adapter"

    def __init__(self, target: str) -> None:
        module_name, _, attr = target.partition(":")
        if not module_name or not attr:
            raise UsageError(f"--adapter python:{target}: expected python:module:function")
        importable_from_cwd()
        try:
            module = importlib.import_module(module_name)
        except ImportError as exc:
            raise UsageError(f"--adapter python:{target}: cannot import {module_name!r}: "
                             f"{exc}") from None
        function = getattr(module, attr, None)
        if not callable(function):
            raise UsageError(f"--adapter python:{target}: {module_name!r} has no function "
                             f"{attr!r}")
        self.function: Callable[[dict[str, Any]], Any] = function
        declared = getattr(function, "handshake", None) or getattr(module, "HANDSHAKE", None)
        if declared is None:
            raise UsageError(f"--adapter python:{target}: declare the handshake as "
                             f"{attr}.handshake or module-level HANDSHAKE (see "
                             "suites/clientkit/schemas/handshake.schema.json)")
        try:
            self.handshake = contract.handshake(declared, f"the handshake of {target}")
        except AdapterError as exc:
            raise UsageError(str(exc)) from None
        self.description = f"{self.handshake.name} {self.handshake.version} (python:{target})"
        self.dead: str | None = None

    def call(self, call: dict[str, Any], deadline_s: float) -> dict[str, Any]:
        if self.dead:  # a hung thread cannot be stopped; never wait on it again
            raise AdapterError(f"the adapter is gone ({self.dead})")
        box: dict[str, Any] = {}

        def run() -> None:
            try:
                box["result"] = self.function(dict(call))
            except BaseException as exc:
                box["error"] = exc
                box["trace"] = traceback.format_exc(limit=-4)

        worker = threading.Thread(target=run, name="client-adapter", daemon=True)
        worker.start()
        worker.join(deadline_s)
        if worker.is_alive():
            self.dead = f"a call did not return within {deadline_s:g}s"
            raise AdapterError(f"the adapter did not return within {deadline_s:g}s")
        if "error" in box:
            exc = box["error"]
            raise AdapterError(f"the adapter raised {type(exc).__name__}: {exc}\n"
                               f"{box['trace'][-1500:]}")
        result = box.get("result")
        contract.check("result", result, "the adapter's result")
        assert isinstance(result, dict)  # the contract check above demands an object
        return dict(result)

    def close(self) -> None:
        return


def load_driver(text: str, *, handshake_timeout_s: float = 30.0) -> Driver:
    kind, sep, target = text.partition(":")
    if kind == "python" and sep:
        return PythonDriver(target)
    if kind == "cmd" and sep and target.strip():
        from ecs_conformance.suites.clientkit.command import CommandDriver

        return CommandDriver(target, handshake_timeout_s=handshake_timeout_s)
    raise UsageError(f"--adapter {text!r}: expected python:module:function or 'cmd:COMMAND ...'")
