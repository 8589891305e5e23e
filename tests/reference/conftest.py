"""Fixtures for the emulator tests: a frozen clock, a fresh emulator and its in-process client."""

from __future__ import annotations

import pytest

from ecs_conformance.reference import App, Clock, EmulatorClient, create_app
from ecs_conformance.spec import Profile, Spec, load_profile, load_spec

START = "2026-11-27T01:40:00Z"


@pytest.fixture(scope="session")
def spec() -> Spec:
    return load_spec()


@pytest.fixture(scope="session")
def profile() -> Profile:
    return load_profile()


@pytest.fixture
def clock() -> Clock:
    return Clock.frozen(START)


@pytest.fixture
def app(profile: Profile, clock: Clock) -> App:
    return create_app(profile, clock=clock, seed=7)


@pytest.fixture
def client(app: App) -> EmulatorClient:
    return EmulatorClient(app)
