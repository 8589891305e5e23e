"""Running a suite under a contract edition.

The suites' test modules parametrize over ``load_spec()`` at import time, so the edition is
chosen (:func:`spec.editions.activate`) before pytest collects them, and modules that an earlier
in-process run imported under another edition are imported afresh.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

from ecs_conformance.spec import editions

#: Per test package, the edition its modules now in sys.modules were imported under.
_imported_under: dict[str, str] = {}


def enter(name: str, package: str) -> str:
    """Activate edition ``name`` for the test modules of ``package``; return the previous."""
    previous = editions.active()
    editions.activate(name)
    if _imported_under.get(package, editions.SEED) != name:
        for module in [m for m in sys.modules if m.startswith(f"{package}.test_")]:
            del sys.modules[module]
        _imported_under[package] = name
    return previous


@contextmanager
def edition_scope(name: str, package: str) -> Iterator[None]:
    previous = enter(name, package)
    try:
        yield
    finally:
        editions.activate(previous)
