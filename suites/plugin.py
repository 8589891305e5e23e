"""The pytest plugin:
``pytest -p ecs_conformance.suites.plugin --pyargs ecs_conformance.suites.server``
``--ecs-endpoint URL``.

It builds one :class:`Session` from the options, hands it to the suite's tests through the
``ecs`` fixture, and writes the report when the session ends. The CLI runs exactly this, and
hands it the options it parsed as an object (``Carried``) rather than ``--ecs-*`` strings;
both spellings come from one table (suites/options.py).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Generator
from pathlib import Path
from typing import Any

import pytest

from ecs_conformance.spec import editions
from ecs_conformance.spec.problems import UsageError
from ecs_conformance.spec.profile import load_profile
from ecs_conformance.suites import edition_scope
from ecs_conformance.suites.crash_guard import guarded
from ecs_conformance.suites.option_parsers import (
    Carried,
    add_pytest_options,
    options_object,
    plugin_values,
)
from ecs_conformance.suites.options import chosen_edition
from ecs_conformance.suites.probe import probe
from ecs_conformance.suites.runner import RunOptions, build_session, finish_session
from ecs_conformance.suites.session import Session
from ecs_conformance.suites.xdist_merge import merge_parts

SESSION_KEY = pytest.StashKey[Session]()
OPTIONS_KEY = pytest.StashKey[RunOptions]()


WORKER_KEY = "ecs_options"  # the run's options in an xdist worker's workerinput


def pytest_addoption(parser: pytest.Parser) -> None:
    add_pytest_options(parser.getgroup("ecs-conformance", "CopyImage conformance suite"))


def run_options(config: pytest.Config) -> RunOptions:
    """The run's options: carried by the caller, else sent by the xdist controller, else
    parsed from the ``--ecs-*`` options."""
    if OPTIONS_KEY not in config.stash:
        carried = [p.options for p in config.pluginmanager.get_plugins()
                   if isinstance(p, Carried) and isinstance(p.options, RunOptions)]
        sent = getattr(config, "workerinput", {}).get(WORKER_KEY)
        if carried:
            options = carried[0]
        elif sent is not None:
            options = RunOptions(**{**sent, "formats": tuple(sent["formats"])})
        else:
            values = plugin_values(config.option)
            values["edition"] = chosen_edition(values["edition"], values["live"])
            options = options_object(RunOptions, values)
        config.stash[OPTIONS_KEY] = options
    return config.stash[OPTIONS_KEY]


def edition_of(config: pytest.Config) -> str:
    """The run's edition: --ecs-edition, else current for live runs, else seed."""
    return run_options(config).edition


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: object) -> None:
    """xdist controller: each worker runs with the controller's options."""
    config = getattr(node, "config", None)
    workerinput = getattr(node, "workerinput", None)
    if config is not None and workerinput is not None:
        workerinput[WORKER_KEY] = dataclasses.asdict(run_options(config))


_previous = pytest.StashKey[str]()


def pytest_configure(config: pytest.Config) -> None:
    """Select the run's edition before the suite's modules are collected (they parametrize
    over load_spec() at import time); pytest_unconfigure restores the previous one."""
    config.stash[_previous] = edition_scope.enter(edition_of(config),
                                                  "ecs_conformance.suites.server")


def pytest_unconfigure(config: pytest.Config) -> None:
    if _previous in config.stash:
        editions.activate(config.stash[_previous])


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
        options = run_options(config)
        try:
            session = build_session(options)
            if options.probe and (options.endpoint or options.app):
                probe(session)
        except UsageError as exc:  # a configuration error ends the run, like the CLI's exit 2
            pytest.exit(f"ecs-conformance: error: {exc}", returncode=2)
        config.stash[SESSION_KEY] = session
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
        part = finish_session(config.stash[SESSION_KEY], run_options(config), worker=worker)
        if worker is not None:  # travels back over the xdist channel, even from other hosts
            config.workeroutput["ecs_report"] = part  # type: ignore[attr-defined]
    elif worker is None and config.pluginmanager.hasplugin("dsession"):
        options = run_options(config)  # the xdist controller ran no test itself: merge the parts
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
