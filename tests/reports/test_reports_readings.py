"""The optional readings section of report.json: schema, model round trip, Markdown, HTML and
the merge of worker parts."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from ecs_conformance.reports import (
    ReportFormatError,
    merge_reports,
    render_html,
    render_markdown,
    validate_report,
)
from ecs_conformance.reports.model import Report


def _reading(probes: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "id": "reading.cjk-range", "title": "Which characters are 中文",
        "words": "必须以大小字母或中文开头", "primary": "wide",
        "readings": [{"id": "wide", "description": "every block"},
                     {"id": "core", "description": "U+4E00-U+9FA5"}],
        "follows": ["core"] if probes else [], "note": None, "probes": probes,
    }


PROBE = {"id": "extension-a-first", "request": "DestinationImageName=㐀abc",
         "observed": "HTTP 400 InvalidImageName.Malformed", "matches": ["core"]}


def test_a_report_with_readings_validates_and_round_trips(sample_report: dict[str, Any]) -> None:
    data = {**sample_report, "readings": [_reading([PROBE])]}
    validate_report(data)
    assert Report.from_dict(data).to_dict()["readings"] == data["readings"]


def test_a_report_without_readings_stays_as_it_was(sample_report: dict[str, Any]) -> None:
    assert "readings" not in Report.from_dict(sample_report).to_dict()
    assert "Readings of the source" not in render_markdown(sample_report)
    assert 'id="readings"' not in render_html(sample_report)


def test_a_malformed_readings_entry_is_refused(sample_report: dict[str, Any]) -> None:
    entry = _reading([PROBE])
    del entry["follows"]
    with pytest.raises(ReportFormatError):
        validate_report({**sample_report, "readings": [entry]})


def test_markdown_and_html_show_the_reading_followed(sample_report: dict[str, Any]) -> None:
    data = {**sample_report, "readings": [_reading([PROBE]), {
        **_reading([]), "id": "reading.copy-queue", "note": "needs supports.describe_images"}]}
    markdown = render_markdown(data)
    assert "### Readings of the source" in markdown
    assert "| `reading.cjk-range` |" in markdown and "| core |" in markdown
    assert "not probed (needs supports" in markdown
    html = render_html(data)
    assert 'id="readings"' in html and "HTTP 400 InvalidImageName.Malformed" in html
    assert "必须以大小字母或中文开头" in html


def test_worker_parts_merge_their_probes(sample_report: dict[str, Any]) -> None:
    other = {**PROBE, "id": "compatibility-inside", "matches": ["wide"]}
    first = {**copy.deepcopy(sample_report), "readings": [_reading([PROBE])]}
    second = {**copy.deepcopy(sample_report), "readings": [_reading([other])]}
    merged = merge_reports([first, second])
    (entry,) = merged["readings"]
    assert [p["id"] for p in entry["probes"]] == ["extension-a-first", "compatibility-inside"]
    assert entry["follows"] == []  # the answers disagree: no reading fits them all
