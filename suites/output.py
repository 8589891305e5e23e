"""What reaches the terminal during a run.

By default pytest's own output (dots, tracebacks, its FAILURES section and its test counts)
goes to ``pytest.log`` in the report directory, and a short progress display goes to stderr:
one rewritten line on a terminal, or a plain line per test module otherwise (CI logs). With
``-v``/``--pytest-output`` pytest writes to the terminal as it always does.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

import pytest

LOG_NAME = "pytest.log"

#: our own modules: a DeprecationWarning they trigger is an error in our runs
OWN_MODULES = ("suites", "spec", "strategies", "reports", "reference", "adapters")


def warning_filters() -> list[str]:
    """pytest options: a deprecated call made from our own modules fails loudly (an ini
    ``filterwarnings`` line, whose module field is a pattern, unlike ``-W``'s)."""
    modules = "|".join(OWN_MODULES)
    return ["-o", f"filterwarnings=error::DeprecationWarning:({modules})(\\..*)?"]


def module_of(nodeid: str) -> str:
    """``suites/server/test_wire.py::test_x[a/b]`` → ``test_wire``."""
    return nodeid.split("::", 1)[0].rsplit("/", 1)[-1].removesuffix(".py")


@dataclass(eq=False)  # pytest keeps plugins in sets: hashable by identity
class Progress:
    """A pytest plugin: how far the run is, on ``stream``.

    On a terminal one line is rewritten; otherwise each test module gets one line when its last
    test is done (also when pytest-xdist runs modules side by side). Counts are of tests
    (pytest items), not requirements: the requirement counts come once, in the summary."""

    stream: TextIO
    tty: bool
    total: int = 0
    done: int = 0
    failed: int = 0
    module: str = ""
    expected: dict[str, int] = field(default_factory=dict)  # module → tests collected
    counts: dict[str, list[int]] = field(default_factory=dict)  # module → [done, failed]
    printed: set[str] = field(default_factory=set)
    _width: int = 0

    def pytest_sessionstart(self) -> None:
        self.stream.write("running the suite (pytest's own output: -v, or the log file named "
                          "below)\n")
        self.stream.flush()

    def expect(self, nodeids: Iterable[str]) -> None:
        if self.expected:
            return  # every xdist worker collects the same tests
        for nodeid in nodeids:
            module = module_of(nodeid)
            self.expected[module] = self.expected.get(module, 0) + 1
        self.total = sum(self.expected.values())

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        self.expect(item.nodeid for item in session.items)

    @pytest.hookimpl(optionalhook=True)
    def pytest_xdist_node_collection_finished(self, node: object, ids: list[str]) -> None:
        self.expect(ids)

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.when != "call" and not (report.when == "setup" and not report.passed):
            return
        self.module = module_of(report.nodeid)
        count = self.counts.setdefault(self.module, [0, 0])
        self.done += 1
        count[0] += 1
        if report.failed:
            self.failed += 1
            count[1] += 1
        if self.tty:
            line = (f"  [{self.done}/{self.total}] {self.module}"
                    + (f"  {self.failed} failing" if self.failed else ""))
            self.stream.write("\r" + line.ljust(self._width))
            self._width = len(line)
            self.stream.flush()
        elif count[0] == self.expected.get(self.module):
            self._line(self.module)

    def _line(self, module: str) -> None:
        done, failed = self.counts[module]
        failing = f", {failed} failing" if failed else ""
        plural = "s" if done != 1 else ""
        self.stream.write(f"  {module}: {done} test{plural}{failing}\n")
        self.stream.flush()
        self.printed.add(module)

    def pytest_sessionfinish(self) -> None:
        if self.tty:
            if self._width:
                self.stream.write("\r" + " " * self._width + "\r")
                self.stream.flush()
            return
        for module in self.counts:  # modules cut short (--fail-fast, an interrupted run)
            if module not in self.printed:
                self._line(module)


@contextlib.contextmanager
def pytest_output(report_dir: Path, *, verbose: bool, secrets: Iterable[str] = (),
                  stream: TextIO | None = None) -> Iterator[tuple[list[object], Path | None]]:
    """Around ``pytest.main``: yields (extra plugins, log file or None). Not verbose, pytest's
    stdout goes to ``report_dir/pytest.log`` and :class:`Progress` reports on ``stream``; the
    log is then scrubbed of ``secrets`` like every other file of the report directory."""
    if verbose:
        yield [], None
        return
    err = stream or sys.stderr
    progress = Progress(err, tty=_isatty(err))
    log = report_dir / LOG_NAME
    try:
        with open(log, "w", encoding="utf-8") as file, contextlib.redirect_stdout(file):
            yield [progress], log
    finally:
        scrub(log, secrets)


def scrub(log: Path, secrets: Iterable[str]) -> None:
    """Replace every secret in ``log`` by ``***``."""
    chosen = sorted({s for s in secrets if s}, key=len, reverse=True)
    if not chosen or not log.exists():
        return
    text = log.read_text(encoding="utf-8", errors="replace")
    for secret in chosen:
        text = text.replace(secret, "***")
    log.write_text(text, encoding="utf-8")


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
