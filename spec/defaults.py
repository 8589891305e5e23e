"""Defaults that more than one layer states, defined once here: spec is the lowest layer that
the options table (suites/options.py), the emulator's own entry point (reference/serve.py) and
the OpenAPI export (spec/export.py) may all import (tests/test_architecture.py).

The endpoint is where ``ecs-conformance serve`` listens unless told otherwise — loopback, never
the cloud: reports of runs against the embedded emulator name it in their reproduce lines,
which ``serve`` then answers, and the OpenAPI export gives it as the placeholder server.
"""

from __future__ import annotations

from typing import Final

from ecs_conformance.spec.editions import SEED

SERVE_HOST: Final = "127.0.0.1"
SERVE_PORT: Final = 8080
SERVE_ENDPOINT: Final = f"http://{SERVE_HOST}:{SERVE_PORT}"
#: the contract edition served, exported and checked unless told otherwise (``--live`` server
#: runs excepted: suites/options.py chosen_edition)
EDITION: Final = SEED
