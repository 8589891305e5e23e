"""The client suite's pytest plugin: it carries one :class:`ClientSession` to the suite's tests
through the ``client`` fixture (``pytest.main([...], plugins=[client_plugin(s)])``).
The CLI builds the session (so configuration errors exit 2 before pytest starts), runs the
suite, then writes the report."""

from __future__ import annotations

import types
from collections.abc import Generator

import pytest

from ecs_conformance.suites.clientkit.session import ClientSession
from ecs_conformance.suites.crash_guard import guarded


def client_plugin(session: ClientSession) -> types.ModuleType:
    """A plugin module whose session-scoped ``client`` fixture returns ``session``.

    A module holding a plain function, not an object with a fixture method: pytest 9.2
    deprecates session-scoped fixtures defined as instance methods (PytestRemovedIn10Warning).
    """

    @pytest.fixture(scope="session", name="client")
    def client() -> ClientSession:
        return session

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_call(item: pytest.Item) -> Generator[None, None, None]:
        """A crash of ours errors what it named (suites/crash_guard.py), never conforming."""
        with guarded(session.results, item):
            return (yield)

    plugin = types.ModuleType("ecs_conformance.suites.clientkit.session_plugin")
    plugin.client = client  # type: ignore[attr-defined]
    plugin.pytest_runtest_call = pytest_runtest_call  # type: ignore[attr-defined]
    return plugin
