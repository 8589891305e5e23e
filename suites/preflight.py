"""Checks of the command line made before the first request: each bad value becomes a
:class:`UsageError` (exit 2) whose message names the option and says what to do.

``argparse`` types (``port``, ``positive_float`` …) reject a malformed value while parsing;
the ``check_*`` functions look at the world (a directory, an installed extra, a free port).
"""

from __future__ import annotations

import argparse
import difflib
import errno
import importlib.util
import os
import socket
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from ecs_conformance.reports import FORMATS
from ecs_conformance.spec.problems import UsageError
from ecs_conformance.suites.targets import DEFAULT_ENDPOINT

SCHEMES = ("http", "https")

#: optional imports → the pip command that brings them
EXTRAS = {"xdist": "pip install 'ecs-conformance[parallel]' (pytest-xdist)"}


def port(text: str) -> int:
    """An ``argparse`` type: a TCP port 0–65535 (0: any free port)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a port number 0-65535, got {text!r}") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"port {value} is out of range 0-65535")
    return value


def positive_float(text: str) -> float:
    """An ``argparse`` type: a number of seconds greater than 0."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, got {text!r}") from None
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a positive number of seconds, got {text}")
    return value


def non_negative_int(text: str) -> int:
    """An ``argparse`` type: an integer 0 or more."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected 0 or more, got {value}")
    return value


def format_list(text: str) -> tuple[str, ...]:
    """An option type: report formats, comma-separated, each one of ``reports.FORMATS``."""
    chosen = tuple(dict.fromkeys(name.strip() for name in text.split(",") if name.strip()))
    unknown = [name for name in chosen if name not in FORMATS]
    if unknown or not chosen:
        raise argparse.ArgumentTypeError(f"expected report formats separated by commas, each "
                                         f"one of {', '.join(FORMATS)}; got {text!r}")
    return chosen


def workers(text: str) -> str | None:
    """An ``argparse`` type for ``-n``: a number of processes, or ``auto``; 0 is one process
    without pytest-xdist (as with pytest's own ``-n 0``)."""
    if text == "auto" or (text.isdigit() and int(text) >= 1):
        return text
    if text.isdigit() and int(text) == 0:
        return None
    raise argparse.ArgumentTypeError(f"expected a number of processes (0 or more) or 'auto', "
                                     f"got {text!r}")


def check_url(option: str, url: str) -> tuple[str, int]:
    """``url`` must be ``http(s)://HOST[:PORT][/PATH]``; returns (host, port)."""
    example = f"e.g. {DEFAULT_ENDPOINT}"
    if "://" not in url:
        guess = f"; did you mean http://{url}?" if ":" in url or "." in url else ""
        raise UsageError(f"{option} {url!r} is not a URL: expected scheme://host[:port] "
                         f"({example}){guess}")
    try:
        parts = urlsplit(url)
    except ValueError as exc:
        raise UsageError(f"{option} {url!r} is malformed ({exc}); {example}") from None
    if parts.scheme.lower() not in SCHEMES:
        raise UsageError(f"{option} {url!r}: scheme {parts.scheme!r} is not supported; "
                         f"use http:// or https:// ({example})")
    if not parts.hostname:
        raise UsageError(f"{option} {url!r} names no host ({example})")
    try:
        number = parts.port
    except ValueError:
        raise UsageError(f"{option} {url!r}: the port is not a number in 1-65535 "
                         f"({example})") from None
    if number == 0:
        raise UsageError(f"{option} {url!r}: port 0 cannot be connected to ({example})")
    return parts.hostname, number or (443 if parts.scheme.lower() == "https" else 80)


def check_report_dir(option: str, directory: str) -> Path:
    """The report directory exists or can be created, and we can write files in it."""
    path = Path(directory)
    if path.exists() and not path.is_dir():
        raise UsageError(f"{option} {directory}: exists and is not a directory; "
                         "name a directory (it is created if missing)")
    try:
        path.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path, prefix=".write-check-"):
            pass
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise UsageError(f"{option} {directory}: cannot write there ({reason}); "
                         "choose a writable directory") from None
    return path


def check_extra(option: str, module: str) -> None:
    """``option`` needs the optional ``module``; say how to install it when it is missing."""
    if importlib.util.find_spec(module) is None:
        raise UsageError(f"{option} needs {module}, which is not installed: {EXTRAS[module]}")


def check_port_free(host: str, number: int) -> None:
    """``serve``: the address can be bound now (else exit 2 rather than a late failure)."""
    try:
        infos = socket.getaddrinfo(host, number, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise UsageError(f"--host {host!r}: not an address of this machine ({exc})") from None
    family, _, _, _, address = infos[0]
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        if os.name != "nt":
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(address)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise UsageError(f"--port {number}: {host}:{number} is already in use; stop "
                                 "what listens there or pick another port") from None
            raise UsageError(f"--host {host} --port {number}: cannot listen there "
                             f"({exc.strerror or exc}); try --host 127.0.0.1 or another "
                             "port") from None


def check_fault(option: str, name: str) -> None:
    """``name`` is one of the emulator's faulty variants."""
    from ecs_conformance.reference import FAULTS

    if name not in FAULTS:
        near = difflib.get_close_matches(name, FAULTS, n=3)
        hint = f"did you mean {', '.join(near)}? " if near else ""
        raise UsageError(f"{option} {name!r} is not a faulty variant; {hint}"
                         "ecs-conformance run --list-faults lists them")
