"""Run the client suite against one adapter and write its report (the CLI's engine)."""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

import ecs_conformance.suites.client as client_suite
from ecs_conformance.reports import TargetInfo, write_report
from ecs_conformance.spec.problems import UsageError
from ecs_conformance.suites.clientkit.drivers import load_driver
from ecs_conformance.suites.clientkit.plugin import client_plugin
from ecs_conformance.suites.clientkit.session import ClientSession
from ecs_conformance.suites.edition_scope import edition_scope
from ecs_conformance.suites.isolation import isolated_plugins
from ecs_conformance.suites.runner import assemble_report

SUITE_DIR = Path(client_suite.__file__).parent
FORMATS = ("json", "junit", "markdown", "html", "badge")


@dataclass(frozen=True)
class ClientOptions:
    adapter: str
    report_dir: str = "conformance-report"
    seed: int = 0
    budget: str = "default"
    timeout_s: float = 5.0
    call_deadline_s: float = 20.0
    handshake_timeout_s: float = 30.0
    verbose: bool = False
    formats: tuple[str, ...] = FORMATS
    edition: str = "seed"
    plugins: tuple[object, ...] = ()  # more pytest plugins (the CLI's progress display)
    pytest_flags: tuple[str, ...] = ()  # more pytest options (the CLI's warning filters)


def pytest_args(options: ClientOptions) -> list[str]:
    return [str(SUITE_DIR), "-p", "no:cacheprovider", f"--confcutdir={SUITE_DIR}",
            "-o", "addopts=", "--no-header", "-p", "no:randomly",
            "-W", "ignore::pytest.PytestAssertRewriteWarning",
            *options.pytest_flags, *(["-v"] if options.verbose else ["-q", "-rN"])]


def run_client(options: ClientOptions) -> dict[str, Any]:
    """The client suite through pytest; returns the report data (also written to disk).
    Raises :class:`UsageError` for an adapter that cannot start or a suite that cannot run."""
    driver = load_driver(options.adapter, handshake_timeout_s=options.handshake_timeout_s)
    session = ClientSession(driver, seed=options.seed, budget=options.budget,
                            timeout_s=options.timeout_s, call_deadline_s=options.call_deadline_s,
                            edition=options.edition)
    session.results.reproduce_prefix = (f"ecs-conformance client --adapter "
                                        f"{shlex.quote(options.adapter)} --seed {options.seed}")
    try:
        with isolated_plugins(), edition_scope(options.edition, "ecs_conformance.suites.client"):
            code = pytest.main(pytest_args(options),
                               plugins=[client_plugin(session), *options.plugins])
    finally:
        session.close()
    if code in (pytest.ExitCode.INTERNAL_ERROR, pytest.ExitCode.USAGE_ERROR,
                pytest.ExitCode.NO_TESTS_COLLECTED):
        raise UsageError(f"the client suite did not complete (pytest exit {int(code)})")
    target = TargetInfo(driver.kind, driver.description, None, session.coverage())
    report = assemble_report(session.spec, session.results, suite="client", target=target,
                             seed=options.seed, budget=options.budget,
                             started=session.started, requests=session.requests)
    write_report(report, options.report_dir, options.formats,
                 secrets=session.profile.secrets)
    return report.to_dict()
