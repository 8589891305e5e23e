"""Golden files: each rendering of the sample report is compared with tests/reports/golden/.

Volatile values (timestamps, durations) are randomised before rendering and masked after,
so the goldens only change when a renderer does. Regenerate with ``UPDATE_GOLDEN=1``.
"""

from __future__ import annotations

import copy
import os
import random
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from ecs_conformance.reports import (
    diff_reports,
    matrix,
    render_badge,
    render_diff,
    render_html,
    render_json,
    render_junit,
    render_markdown,
    summarize,
)

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"

MASKS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})"),
     "<TIMESTAMP>"),
    (re.compile(r'("duration_s": )[0-9.eE+-]+'), r"\1<DURATION>"),
    (re.compile(r'( time=")[0-9.]+(")'), r"\1<DURATION>\2"),
    (re.compile(r"\b\d+\.\d{2} s\b"), "<DURATION>"),
]


def mask(text: str) -> str:
    for pattern, replacement in MASKS:
        text = pattern.sub(replacement, text)
    return text


def with_volatile_values(report: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """A copy whose timestamps and durations differ on every run, as real ones do."""
    data = copy.deepcopy(report)
    start = datetime.now(UTC) - timedelta(seconds=rng.uniform(0, 10_000))
    seconds = rng.uniform(0.5, 900)
    data["run"].update(started_at=start.isoformat(),
                       finished_at=(start + timedelta(seconds=seconds)).isoformat(),
                       duration_s=round(seconds, 6))
    for requirement in data["requirements"]:
        requirement["duration_s"] = round(rng.uniform(0, 60), 6)
    return data


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    masked = mask(text)
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(masked, encoding="utf-8", newline="\n")
        return
    if not path.exists():
        pytest.fail(f"missing golden {path}; run UPDATE_GOLDEN=1 python -m pytest tests/reports")
    expected = path.read_text(encoding="utf-8")
    assert masked == expected, f"{name} differs from its golden; if intended, UPDATE_GOLDEN=1"


RENDERERS: dict[str, Callable[[dict[str, Any]], str]] = {
    "report.json": render_json,
    "junit.xml": render_junit,
    "report.md": render_markdown,
    "report.html": render_html,
    "badge.svg": render_badge,
}


@pytest.mark.parametrize("name", list(RENDERERS))
def test_format_matches_golden(name: str, sample_report: dict[str, Any]) -> None:
    noisy = with_volatile_values(sample_report, random.Random())
    check_golden(name, RENDERERS[name](noisy))


def test_masking_hides_every_volatile_value(sample_report: dict[str, Any]) -> None:
    first = with_volatile_values(sample_report, random.Random(1))
    second = with_volatile_values(sample_report, random.Random(2))
    for render in RENDERERS.values():
        assert render(first) != render(second) or render is render_badge
        assert mask(render(first)) == mask(render(second))


def _changed(report: dict[str, Any]) -> dict[str, Any]:
    new = copy.deepcopy(report)
    by_id = {r["id"]: r for r in new["requirements"]}
    by_id["DestinationImageName.length"].update(status="passed", evidence=[])
    by_id["Tag.count"].update(status="failed")
    by_id["signature.v1"].update(status="failed", reason=None)
    new["requirements"] = [r for r in new["requirements"] if r["id"] != "format.xml-default"]
    new["requirements"].append({**by_id["signature.v3"], "id": "signature.v3-lowercase-host"})
    return new


def test_diff_matches_golden(sample_report: dict[str, Any]) -> None:
    check_golden("diff.md", render_diff(diff_reports(sample_report, _changed(sample_report))))


def test_matrix_matches_golden(sample_report: dict[str, Any]) -> None:
    other = _changed(sample_report)
    other["target"]["name"] = "aliyun | prod"
    third = copy.deepcopy(sample_report)
    check_golden("matrix.md", matrix([sample_report, other, third]))


def _inconclusive(report: dict[str, Any]) -> dict[str, Any]:
    """The sample with its failures fixed: one MUST requirement (signature.v1) errored."""
    new = copy.deepcopy(report)
    for requirement in new["requirements"]:
        if requirement["status"] == "failed":
            requirement.update(status="passed", evidence=[])
    new["summary"] = summarize(new["requirements"]).to_dict()
    return new


@pytest.mark.parametrize(("name", "render"), [("inconclusive.md", render_markdown),
                                              ("inconclusive-badge.svg", render_badge)])
def test_inconclusive_renderings_match_golden(name: str,
                                              render: Callable[[dict[str, Any]], str],
                                              sample_report: dict[str, Any]) -> None:
    check_golden(name, render(_inconclusive(sample_report)))
