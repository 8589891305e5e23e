"""The command adapter: any language, JSON lines over stdin/stdout.

The adapter prints a handshake line first, then answers each call line with one result line.
Every read has a deadline; an adapter that hangs is killed with its whole process group, one
that exits early, prints garbage or breaks the schema is reported with evidence (the first
error line of its stderr — where a crash says what went wrong — and its last stderr lines).
After the first such failure the driver is dead: later calls fail at once.
"""

from __future__ import annotations

import io
import json
import os
import queue
import re
import shlex
import signal
import subprocess
import threading
from typing import Any

from ecs_conformance.spec.problems import UsageError
from ecs_conformance.suites.clientkit import contract
from ecs_conformance.suites.clientkit.contract import AdapterError

STDERR_DRAIN_S = 2.0  # how long a dead adapter's stderr is read to its end
STDERR_TAIL = 2000
STDERR_HEAD = 16384
MAX_LINE = 1 << 20
# The line a crash names its error on: "ModuleNotFoundError: ...", "Error: Cannot find module",
# "panic: ...", "error: ...", "Exception in thread ...".
ERROR_LINE = re.compile(r"^\s*(?:[\w.$]*(?:Error|Exception|panic|fatal|FATAL)\b|error\b|"
                        r"Traceback \(most recent call last\))", re.I)


def first_error_line(text: str) -> str | None:
    """The first line of ``text`` that names an error (for a Python traceback: its last line,
    the exception; the traceback header itself says nothing)."""
    lines = text.splitlines()
    for index, line in enumerate(lines):
        if not ERROR_LINE.match(line):
            continue
        if line.lstrip().startswith("Traceback"):
            rest = [ln for ln in lines[index + 1:] if ln and not ln.startswith((" ", "\t"))]
            return rest[0].strip() if rest else line.strip()
        return line.strip()
    return None


class CommandDriver:
    kind = "command-adapter"

    def __init__(self, command: str, *, handshake_timeout_s: float = 30.0) -> None:
        self.command = command
        argv = shlex.split(command)
        try:
            self.process = subprocess.Popen(
                argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                start_new_session=True)
        except OSError as exc:
            raise UsageError(f"--adapter cmd:{command}: cannot start: {exc}") from None
        self._lines: queue.Queue[bytes | None] = queue.Queue()
        self._stderr = bytearray()
        self._stderr_head = bytearray()
        self.dead: str | None = None
        threading.Thread(target=self._read_stdout, daemon=True).start()
        self._stderr_reader = threading.Thread(target=self._read_stderr, daemon=True)
        self._stderr_reader.start()
        try:
            first = self._read("the handshake", handshake_timeout_s)
            self.handshake = contract.handshake(first)
        except AdapterError as exc:
            self.close()
            raise UsageError(f"--adapter cmd:{command}: {exc}") from None
        self.description = f"{self.handshake.name} {self.handshake.version} (cmd:{command})"

    def _read_stdout(self) -> None:
        assert self.process.stdout is not None
        for line in iter(lambda: self.process.stdout.readline(MAX_LINE), b""):  # type: ignore[union-attr]
            self._lines.put(line)
        self._lines.put(None)

    def _read_stderr(self) -> None:
        stderr = self.process.stderr
        assert isinstance(stderr, io.BufferedReader), "stderr is a pipe read in binary mode"
        for chunk in iter(lambda: stderr.read1(4096), b""):
            if len(self._stderr_head) < STDERR_HEAD:
                self._stderr_head += chunk[:STDERR_HEAD - len(self._stderr_head)]
            self._stderr += chunk
            del self._stderr[:-STDERR_TAIL]

    def _evidence(self) -> str:
        tail = self._stderr.decode("utf-8", "replace").strip()
        if not tail:
            return ""
        first = first_error_line(self._stderr_head.decode("utf-8", "replace"))
        if first and first == tail:
            return f"; stderr: {first[:600]!r}"
        shown = f"; first error on stderr: {first[:300]!r}" if first else ""
        return f"{shown}; stderr: {tail[-600:]!r}"

    def _fail(self, reason: str) -> AdapterError:
        self.dead = reason
        self._kill()
        # the process is gone: let the reader take what stderr still holds (bounded, since a
        # grandchild may keep the pipe open), so the evidence shows the first error line
        self._stderr_reader.join(timeout=STDERR_DRAIN_S)
        return AdapterError(reason + self._evidence())

    def _read(self, what: str, timeout_s: float) -> Any:
        try:
            line = self._lines.get(timeout=timeout_s)
        except queue.Empty:
            raise self._fail(f"no {what} within {timeout_s:g}s; the adapter was killed") from None
        if line is None:
            code = self.process.wait(timeout=5)
            raise self._fail(f"the adapter exited (status {code}) before sending {what}")
        try:
            return json.loads(line)
        except ValueError:
            raise self._fail(f"{what} is not a JSON line: {line[:200]!r}") from None

    def call(self, call: dict[str, Any], deadline_s: float) -> dict[str, Any]:
        if self.dead:
            raise AdapterError(f"the adapter is gone ({self.dead})")
        assert self.process.stdin is not None
        try:
            self.process.stdin.write(json.dumps(call, ensure_ascii=False).encode() + b"\n")
            self.process.stdin.flush()
        except OSError as exc:
            raise self._fail(f"cannot write the call to the adapter: {exc}") from None
        result = self._read("a result", deadline_s)
        try:
            contract.check("result", result, "the adapter's result")
        except AdapterError as exc:
            raise self._fail(str(exc)) from None
        return dict(result)

    def _kill(self) -> None:
        try:  # the whole group: a wrapper's children (npm → node) must not survive
            os.killpg(self.process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            if self.process.poll() is None:
                self.process.kill()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass

    def close(self) -> None:
        if self.process.poll() is None and self.process.stdin is not None:
            try:
                self.process.stdin.close()
                self.process.wait(timeout=3)
            except (OSError, subprocess.TimeoutExpired):
                pass
        self._kill()
