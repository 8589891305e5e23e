"""Building a run from options, and turning its results into the report files."""

from __future__ import annotations

import importlib
import socket
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ecs_conformance.reports import (
    EditionInfo,
    OperationInfo,
    Report,
    RunInfo,
    SpecInfo,
    TargetInfo,
    ToolInfo,
    redact,
    write_report,
)
from ecs_conformance.spec.editions import SEED
from ecs_conformance.spec.loader import load_spec
from ecs_conformance.spec.model import Spec
from ecs_conformance.spec.problems import UsageError
from ecs_conformance.spec.profile import load_profile
from ecs_conformance.suites.companions import cancel_started_copies
from ecs_conformance.suites.live_guard import refuse_live
from ecs_conformance.suites.options import PLUGIN, default
from ecs_conformance.suites.pacing import LIVE_RATE_LIMIT, Pacer
from ecs_conformance.suites.probe import check_asgi_app
from ecs_conformance.suites.results import Results
from ecs_conformance.suites.session import Session
from ecs_conformance.suites.targets import DEFAULT_ENDPOINT, AsgiTarget, HttpTarget, Target

TOOL_NAME = "ecs-conformance"
TOOL_VERSION = "0.1.0"


@dataclass(frozen=True)
class RunOptions:
    """The server suite's options; each default is the plugin's (suites/options.py)."""

    endpoint: str | None = default("endpoint", PLUGIN)
    app: str | None = default("app", PLUGIN)
    fault: str | None = default("fault", PLUGIN)
    profile: str | None = default("profile", PLUGIN)
    report_dir: str = default("report_dir", PLUGIN)
    seed: int = default("seed", PLUGIN)
    budget: str = default("budget", PLUGIN)
    timeout_s: float = default("timeout", PLUGIN)
    live: bool = default("live", PLUGIN)
    max_copies: int = default("max_copies", PLUGIN)
    rate_limit: float | None = default("rate_limit", PLUGIN)  # None: LIVE_RATE_LIMIT if live
    formats: tuple[str, ...] = default("formats", PLUGIN)
    edition: str = SEED  # resolved: --edition, else by --live (options.chosen_edition)
    probe: bool = default("probe", PLUGIN)  # send the start-up probe to an endpoint or app


def check_endpoint(endpoint: str, *, live: bool, timeout_s: float = 5.0) -> None:
    """Refuse the real cloud unless --live (:mod:`suites.live_guard`); refuse an endpoint
    nobody listens on."""
    refuse_live(endpoint, live=live, hint=" (successful copies are capped by --max-copies and "
                                          "cancelled afterwards)")
    parts = urlsplit(endpoint if "://" in endpoint else f"http://{endpoint}")
    host = parts.hostname or ""
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise UsageError(f"endpoint {endpoint}: {exc}; expected e.g. {DEFAULT_ENDPOINT}") \
            from None
    try:
        with socket.create_connection((host, port), timeout=timeout_s):
            pass
    except OSError as exc:
        raise UsageError(f"endpoint {endpoint} is unreachable: {exc}") from None


def load_app(spec: str) -> Any:
    module_name, _, attr = spec.partition(":")
    if not attr:
        raise UsageError(f"--app expects module:attr, got {spec!r}")
    if str(Path.cwd()) not in sys.path and "" not in sys.path:
        sys.path.insert(0, str(Path.cwd()))  # --app modules in the current directory import
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise UsageError(f"--app {spec}: cannot import {module_name!r}: {exc}") from None
    try:
        app = getattr(module, attr)
    except AttributeError:
        raise UsageError(f"--app {spec}: module {module_name!r} has no {attr!r}") from None
    check_asgi_app(app, spec)
    return app


def build_session(options: RunOptions) -> Session:
    spec = load_spec(edition=options.edition)
    profile = load_profile(options.profile)
    target: Target
    if options.endpoint:
        check_endpoint(options.endpoint, live=options.live)
        target, kind, fresh = HttpTarget(options.endpoint, timeout_s=options.timeout_s), \
            "endpoint", False
    elif options.app:
        target, kind, fresh = AsgiTarget(load_app(options.app), timeout_s=options.timeout_s), \
            "asgi", False
        target.description = f"asgi:{options.app}"
    else:
        from ecs_conformance.reference import create_app  # the embedded default target

        try:
            app = create_app(profile, fault=options.fault, seed=options.seed, spec=spec)
        except ValueError as exc:
            raise UsageError(str(exc)) from None
        target = AsgiTarget(app, timeout_s=options.timeout_s)
        target.description = "embedded reference emulator" + (
            f" (fault {options.fault})" if options.fault else "") + (
            f" serving edition {spec.edition.name}" if spec.edition.name != SEED else "")
        kind, fresh = "asgi", True
    session = Session(spec, profile, target, kind, seed=options.seed, budget=options.budget,
                      fresh_state=fresh)
    session.results.endpoint = options.endpoint or DEFAULT_ENDPOINT
    session.live, session.max_copies = options.live, options.max_copies
    rate = options.rate_limit if options.rate_limit is not None else (
        LIVE_RATE_LIMIT if options.live else None)
    try:
        session.pacer = Pacer(rate)
    except ValueError as exc:
        raise UsageError(f"--rate-limit: {exc}") from None
    return session


def build_report(session: Session) -> Report:
    """The report model of a server-suite run."""
    target = TargetInfo(session.target_kind, session.target.description,
                        session.profile.redacted())
    return assemble_report(session.spec, session.results, suite="server", target=target,
                           seed=session.seed, budget=session.budget, started=session.started,
                           requests=getattr(session.target, "requests", 0))


def assemble_report(spec: Spec, results: Results, *, suite: str, target: TargetInfo,
                    seed: int, budget: str, started: float, requests: int) -> Report:
    """The report of a run of either suite (``suite`` is "server" or "client"): the model,
    which derives the summary and verdict and is the only writer of report.json."""
    finished = time.time()
    return Report(
        tool=ToolInfo(TOOL_NAME, TOOL_VERSION),
        spec=SpecInfo(spec.operation.version, spec.digest),
        edition=EditionInfo(spec.edition.name, spec.digest),
        operation=OperationInfo(spec.operation.action, spec.operation.version),
        suite=suite,
        target=target,
        run=RunInfo(seed, budget, _iso(started), _iso(finished),
                    max(0.0, round(finished - started, 3)), requests,
                    crashes=tuple(results.crashes)),
        requirements=results.requirement_results(),
        readings=results.reading_results(),
    )


def finish_session(session: Session, options: RunOptions, *, worker: str | None = None
                   ) -> dict[str, Any]:
    """End the run: cancel live copies, then write the report — or, on a pytest-xdist worker,
    return it (redacted) as a part for the controller to merge (suites/xdist_merge.py)."""
    if session.live:
        cancel_started_copies(session)
    elif not session.fresh_state:  # a persistent target: free the profile's images for the next
        session.release_all()
    report = build_report(session)
    session.target.close()
    if worker:
        part: dict[str, Any] = redact(report, session.profile.secrets).to_dict()
        return part
    write_report(report, Path(options.report_dir), options.formats,
                 secrets=session.profile.secrets)
    return report.to_dict()


def _iso(stamp: float) -> str:
    return datetime.fromtimestamp(stamp, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
