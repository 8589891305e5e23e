"""Emulator objects serving edition current that outlive a run (``--app``): persistent targets
for tests/suites/test_persistent_current.py, one per test."""

from __future__ import annotations

from ecs_conformance.reference import create_app
from ecs_conformance.spec import load_profile, load_spec


def _current() -> object:
    return create_app(load_profile(None), spec=load_spec(edition="current"), seed=0)


APP = _current()
CONTROL = _current()  # for the run that shows what releasing our copies prevents
