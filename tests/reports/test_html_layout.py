"""The HTML report fits a 1280 px browser window: no table scrolls sideways, no cell is clipped.

Measured in headless Chromium (installed by .ci/run): a copy of each rendered page loads a small
script that lists every element wider than its box. Where Chromium is missing the test says so
and is skipped; it never passes silently.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ecs_conformance.reports import render_html
from tests.html_measure import CHROMIUM, overflow

SDK_REPORTS = Path(__file__).parents[2] / "docs" / "sdk-reports"

def _reports() -> list[tuple[str, dict[str, Any]]]:
    return [(p.stem, json.loads(p.read_text(encoding="utf-8")))
            for p in sorted(SDK_REPORTS.glob("*.json"))]


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (.ci/run "
                    "installs it); the layout cannot be measured without a browser")
@pytest.mark.parametrize(("name", "report"), _reports(), ids=[n for n, _ in _reports()])
def test_html_report_fits_1280_px_without_sideways_scrolling(
        name: str, report: dict[str, Any], tmp_path: Path) -> None:
    page = tmp_path / f"{name}.html"
    page.write_text(render_html(report), encoding="utf-8")
    assert overflow(page, tmp_path) == []


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed")
def test_sample_report_fits_1280_px(sample_report: dict[str, Any], tmp_path: Path) -> None:
    page = tmp_path / "sample.html"
    page.write_text(render_html(sample_report), encoding="utf-8")
    assert overflow(page, tmp_path) == []


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed")
def test_the_measure_sees_an_overflowing_table(tmp_path: Path) -> None:
    """The check can fail: a table wider than the window is reported."""
    page = tmp_path / "wide.html"
    cells = "".join(f"<td>{'x' * 60}</td>" for _ in range(8))
    page.write_text('<html><body><div style="overflow-x:auto"><table><tr>'
                    f"{cells}</tr></table></div></body></html>", encoding="utf-8")
    assert overflow(page, tmp_path)
