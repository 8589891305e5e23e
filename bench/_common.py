"""Shared pieces of the benchmarks: a served emulator on loopback and timing helpers."""

from __future__ import annotations

import json
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import uvicorn

from ecs_conformance.reference import create_app
from ecs_conformance.spec import load_profile
from ecs_conformance.suites.cli import main


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def served_emulator(fault: str | None = None, profile: str | None = None) -> Iterator[str]:
    """The reference emulator under uvicorn on a free loopback port, for the bench's lifetime."""
    with served_emulator_on("127.0.0.1", fault, profile) as endpoint:
        yield endpoint


@contextmanager
def served_emulator_on(host: str, fault: str | None = None, profile: str | None = None
                       ) -> Iterator[str]:
    """The emulator on ``host`` (loopback, or a test host's bridge address of our own)."""
    port = free_port()
    app = create_app(load_profile(profile) if profile else None, fault=fault)
    config = uvicorn.Config(app, host=host, port=port,
                            log_level="error", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.01)
    try:
        yield f"http://{host}:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


def timed_run(*args: str) -> tuple[float, dict[str, Any], int]:
    """Run the CLI quietly; return wall seconds, report.json and the exit code."""
    with tempfile.TemporaryDirectory() as tmp:
        import contextlib
        import io

        started = time.perf_counter()
        with contextlib.redirect_stdout(io.StringIO()):
            code = main([*args, "--report-dir", tmp])
        wall = time.perf_counter() - started
        report = json.loads((Path(tmp) / "report.json").read_text(encoding="utf-8"))
    return wall, report, code
