"""Our own pytest sessions run without the plugins that happen to be installed beside us."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

AUTOLOAD = "PYTEST_DISABLE_PLUGIN_AUTOLOAD"


@contextmanager
def isolated_plugins() -> Iterator[None]:
    """Disable pytest's entry-point plugin loading for the sessions started in the block.

    Installed plugins would reorder, time or randomise the suite (pytest-randomly,
    pytest-benchmark...), and loading them costs most of a second of every run. The plugins a
    run needs are named with ``-p`` (``suites.plugin``, and ``xdist.plugin`` when workers are
    asked for); xdist's worker processes inherit the setting.
    """
    before = os.environ.get(AUTOLOAD)
    os.environ[AUTOLOAD] = "1"
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(AUTOLOAD, None)
        else:
            os.environ[AUTOLOAD] = before
