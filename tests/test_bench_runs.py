"""The benchmark scripts keep working: run in their short form, they print their figures.

Nothing here asserts a speed (that is what the printed ratios are for); it only keeps
bench/ from rotting unnoticed.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]


def test_bench_server_prints_rates_and_overhead() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "bench_server.py"), "--skip-faults",
         "--skip-xdist", "--budget", "quick"],
        capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    out = result.stdout
    assert "in-process (ASGI, embedded)" in out and "loopback (uvicorn, HTTP/1.1)" in out
    assert "raw loop" in out and "overhead" in out and "server suite, quick budget" in out


def test_bench_schemathesis_explains_its_extra_when_missing() -> None:
    """Without the optional [bench] extra it says how to install it and exits 2."""
    if importlib.util.find_spec("schemathesis") is not None:
        pytest.skip("schemathesis is installed here: the bench is meant to be run by hand")
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "bench_schemathesis.py"), "--variants",
         "name-max-129"], capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 2
    assert "pip install -e '.[bench]'" in result.stdout + result.stderr
