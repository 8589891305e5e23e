"""The pytest plugin:
``pytest -p ecs_conformance.suites.plugin --pyargs ecs_conformance.suites.server``
``--ecs-endpoint URL``.

It builds one :class:`Session` from the options, hands it to the suite's tests through the
``ecs`` fixture, and writes the report when the session ends. The CLI runs exactly this.
"""

from __future__ import annotations

from collections.abc import Generator
from pathlib import Path
from typing import Any

import pytest

from ecs_conformance.spec import editions
from ecs_conformance.spec.editions import SEED, edition_names
from ecs_conformance.spec.problems import UsageError
from ecs_conformance.spec.profile import load_profile
from ecs_conformance.suites import edition_scope
from ecs_conformance.suites.crash_guard import guarded
from ecs_conformance.suites.probe import probe
from ecs_conformance.suites.runner import RunOptions, build_session, finish_session
from ecs_conformance.suites.session import Session
from ecs_conformance.suites.xdist_merge import merge_parts

SESSION_KEY = pytest.StashKey[Session]()
OPTIONS_KEY = pytest.StashKey[RunOptions]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("ecs-conformance", "CopyImage conformance suite")
    group.addoption("--ecs-endpoint", help="HTTP endpoint of the target, e.g. http://127.0.0.1:8080")
    group.addoption("--ecs-app", help="in-process ASGI app, module:attr (default: the emulator)")
    group.addoption("--ecs-fault", help="run the embedded emulator with this faulty variant")
    group.addoption("--ecs-profile", help="target profile YAML (default: the emulator's)")
    group.addoption("--ecs-report-dir", default="conformance-report/server")
    group.addoption("--ecs-seed", type=int, default=0)
    group.addoption("--ecs-budget", choices=["quick", "default", "thorough"], default="default")
    group.addoption("--ecs-timeout", type=float, default=10.0, help="seconds per request")
    group.addoption("--ecs-live", action="store_true", help="allow endpoints under aliyuncs.com")
    group.addoption("--ecs-max-copies", type=int, default=3)
    group.addoption("--ecs-rate-limit", type=float, default=None,
                    help="at most this many requests per second (default: 5 with --ecs-live, "
                         "the real API allows 1,000 CopyImage calls per 60 s; none otherwise)")
    group.addoption("--ecs-no-probe", action="store_true",
                    help="skip the start-up probe (the CLI has already sent it)")
    group.addoption("--ecs-formats", default="json,junit,markdown,html,badge")
    group.addoption("--ecs-edition", choices=edition_names(), default=None,
                    help="contract edition (default seed; current with --ecs-live)")


def edition_of(config: pytest.Config) -> str:
    """The run's edition: --ecs-edition, else current for live runs, else seed."""
    chosen: str | None = config.getoption("--ecs-edition")
    return chosen or ("current" if config.getoption("--ecs-live") else SEED)


_previous = pytest.StashKey[str]()


def pytest_configure(config: pytest.Config) -> None:
    """Select the run's edition before the suite's modules are collected (they parametrize
    over load_spec() at import time); pytest_unconfigure restores the previous one."""
    config.stash[_previous] = edition_scope.enter(edition_of(config),
                                                  "ecs_conformance.suites.server")


def pytest_unconfigure(config: pytest.Config) -> None:
    if _previous in config.stash:
        editions.activate(config.stash[_previous])


def _options(config: pytest.Config) -> RunOptions:
    get = config.getoption
    return RunOptions(
        endpoint=get("--ecs-endpoint"), app=get("--ecs-app"), fault=get("--ecs-fault"),
        profile=get("--ecs-profile"), report_dir=get("--ecs-report-dir"),
        seed=get("--ecs-seed"), budget=get("--ecs-budget"), timeout_s=get("--ecs-timeout"),
        live=get("--ecs-live"), max_copies=get("--ecs-max-copies"),
        rate_limit=get("--ecs-rate-limit"),
        formats=tuple(f for f in get("--ecs-formats").split(",") if f),
        edition=edition_of(config),
    )


# The order to fix things in (suites/triage.py): the transport and the gateway first, then the
# shape of answers, rules, and state last. With --fail-fast the first failure is then the most
# fundamental one: a server that checks no signature stops at gateway.*, not at a format check.
MODULE_ORDER = ("test_wire", "test_gateway", "test_formats", "test_examples", "test_rules",
                "test_valid", "test_state_rows", "test_copy_scenarios", "test_edition_state",
                "test_stateful")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> int:
        module = getattr(item, "module", None)
        name = module.__name__.rsplit(".", 1)[-1] if module else ""
        return MODULE_ORDER.index(name) if name in MODULE_ORDER else len(MODULE_ORDER)

    items.sort(key=rank)  # stable: the order inside a module is kept


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, None, None]:
    """A test of the suite that raises anything but a decided outcome is our own crash: the
    requirements it named are errored (never passed, never silently not assessed), and with
    none named the run records the crash and cannot conform (suites/crash_guard.py)."""
    session = item.config.stash.get(SESSION_KEY, None)
    if session is None:
        return (yield)
    with guarded(session.results, item):
        return (yield)


@pytest.fixture(scope="session")
def ecs(request: pytest.FixtureRequest) -> Session:
    config = request.config
    if SESSION_KEY not in config.stash:
        options = _options(config)
        try:
            session = build_session(options)
            if not config.getoption("--ecs-no-probe") and (options.endpoint or options.app):
                probe(session)
        except UsageError as exc:  # a configuration error ends the run, like the CLI's exit 2
            pytest.exit(f"ecs-conformance: error: {exc}", returncode=2)
        config.stash[OPTIONS_KEY], config.stash[SESSION_KEY] = options, session
    return config.stash[SESSION_KEY]


@pytest.fixture(autouse=True)
def _fresh_observations(request: pytest.FixtureRequest) -> None:
    """Each test judges only the answers it got itself (suites.property.settle)."""
    if "ecs" in request.fixturenames:
        request.getfixturevalue("ecs").unanswered()


PARTS_KEY = pytest.StashKey[list[dict[str, Any]]]()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    config = session.config
    worker = getattr(config, "workerinput", {}).get("workerid")
    if SESSION_KEY in config.stash:
        if session.shouldstop or session.shouldfail:
            config.stash[SESSION_KEY].results.stopped = (
                "the run stopped at its first failure (--fail-fast)")
        part = finish_session(config.stash[SESSION_KEY], config.stash[OPTIONS_KEY],
                              worker=worker)
        if worker is not None:  # travels back over the xdist channel, even from other hosts
            config.workeroutput["ecs_report"] = part  # type: ignore[attr-defined]
    elif worker is None and config.pluginmanager.hasplugin("dsession"):
        options = _options(config)  # the xdist controller ran no test itself: merge the parts
        secrets = load_profile(options.profile).secrets
        parts: list[dict[str, Any]] = config.stash.get(PARTS_KEY, [])
        merge_parts(Path(options.report_dir), parts, options.formats, secrets)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: object, error: object) -> None:
    """xdist controller: collect each worker's partial report as the worker goes down."""
    output = getattr(node, "workeroutput", {}) or {}
    config = getattr(node, "config", None)
    if "ecs_report" in output and config is not None:
        config.stash.setdefault(PARTS_KEY, []).append(output["ecs_report"])
