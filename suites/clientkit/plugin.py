"""The client suite's pytest plugin: an instance carries one :class:`ClientSession` to the
suite's tests through the ``client`` fixture (``pytest.main([...], plugins=[ClientPlugin(s)])``).
The CLI builds the session (so configuration errors exit 2 before pytest starts), runs the
suite, then writes the report."""

from __future__ import annotations

import pytest

from suites.clientkit.session import ClientSession


class ClientPlugin:
    def __init__(self, session: ClientSession) -> None:
        self.session = session

    @pytest.fixture(scope="session")
    def client(self) -> ClientSession:
        return self.session
