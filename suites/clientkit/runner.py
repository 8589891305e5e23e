"""Run the client suite against one adapter and write its report (the CLI's engine)."""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

import ecs_conformance.suites.client as client_suite
from ecs_conformance.reports import DEFAULT_FORMATS, TargetInfo, write_report
from ecs_conformance.spec.problems import UsageError
from ecs_conformance.suites.clientkit.drivers import load_driver
from ecs_conformance.suites.clientkit.plugin import client_plugin
from ecs_conformance.suites.clientkit.session import ClientSession
from ecs_conformance.suites.edition_scope import edition_scope
from ecs_conformance.suites.isolation import isolated_plugins
from ecs_conformance.suites.option_parsers import suite_pytest_args
from ecs_conformance.suites.options import default
from ecs_conformance.suites.runner import assemble_report

SUITE_DIR = Path(client_suite.__file__).parent


@dataclass(frozen=True)
class ClientOptions:
    """The client suite's options; each default is the ``client`` command's
    (suites/options.py)."""

    adapter: str
    report_dir: str = default("report_dir", "client")
    seed: int = default("seed", "client")
    budget: str = default("budget", "client")
    timeout_s: float = default("timeout", "client")
    call_deadline_s: float = default("call_deadline", "client")
    handshake_timeout_s: float = default("handshake_timeout", "client")
    verbose: bool = default("verbose", "client")
    formats: tuple[str, ...] = DEFAULT_FORMATS
    edition: str = default("edition", "client")
    plugins: tuple[object, ...] = ()  # more pytest plugins (the CLI's progress display)
    pytest_flags: tuple[str, ...] = ()  # more pytest options (the CLI's warning filters)


def pytest_args(options: ClientOptions) -> list[str]:
    return [*suite_pytest_args(SUITE_DIR, verbose=options.verbose), *options.pytest_flags]


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
