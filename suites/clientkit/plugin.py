"""The client suite's pytest plugin: it carries one :class:`ClientSession` to the suite's tests
through the ``client`` fixture (``pytest.main([...], plugins=[client_plugin(s)])``).
The CLI builds the session (so configuration errors exit 2 before pytest starts), runs the
suite, then writes the report."""

from __future__ import annotations

import types

import pytest

from suites.clientkit.session import ClientSession


def client_plugin(session: ClientSession) -> types.ModuleType:
    """A plugin module whose session-scoped ``client`` fixture returns ``session``.

    A module holding a plain function, not an object with a fixture method: pytest 9.2
    deprecates session-scoped fixtures defined as instance methods (PytestRemovedIn10Warning).
    """

    @pytest.fixture(scope="session", name="client")
    def client() -> ClientSession:
        return session

    plugin = types.ModuleType("suites.clientkit.session_plugin")
    plugin.client = client  # type: ignore[attr-defined]
    return plugin
