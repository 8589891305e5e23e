"""One reference emulator object that outlives a run: ``--app tests.suites.persistent_app:APP``
is a persistent target, as a ``serve`` process is (tests/suites/test_persistent_target.py)."""

from __future__ import annotations

from ecs_conformance.reference import create_app
from ecs_conformance.spec import load_profile

APP = create_app(load_profile(None))
CONTROL = create_app(load_profile(None))  # for the run that shows what stamps prevent
