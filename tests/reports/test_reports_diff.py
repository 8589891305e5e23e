"""diff_reports: newly failing, fixed, still failing, added, removed — and render_diff."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from ecs_conformance.reports import Diff, StatusChange, diff_reports, render_diff

Req = Callable[..., dict[str, Any]]
Make = Callable[..., dict[str, Any]]


@pytest.mark.parametrize(("old", "new", "bucket"), [
    ("passed", "failed", "newly_failing"),
    ("not_assessed", "failed", "newly_failing"),
    ("errored", "failed", "newly_failing"),
    ("failed", "passed", "fixed"),
    ("failed", "failed", "still_failing"),
    ("failed", "errored", None),
    ("failed", "not_assessed", None),
    ("passed", "errored", None),
    ("passed", "passed", None),
])
def test_status_pairs_land_in_one_bucket(req: Req, make_report: Make, old: str, new: str,
                                         bucket: str | None) -> None:
    diff = diff_reports(make_report([req("A.x", old)]), make_report([req("A.x", new)]))
    buckets = {name: getattr(diff, name)
               for name in ("newly_failing", "fixed", "still_failing", "added", "removed")}
    assert {name for name, ids in buckets.items() if ids} == ({bucket} if bucket else set())
    if bucket:
        assert buckets[bucket] == ("A.x",)
    assert diff.changed == ((StatusChange("A.x", old, new),) if old != new else ())
    worse = (old, new) in {("passed", "failed"), ("passed", "errored"),
                           ("errored", "failed"), ("not_assessed", "failed")}
    assert diff.regressed is (bucket == "newly_failing" or worse)


def test_added_and_removed_whatever_their_status(req: Req, make_report: Make) -> None:
    old = make_report([req("Kept.a"), req("Gone.b", "failed")])
    new = make_report([req("Kept.a"), req("New.c", "failed"), req("New.d")])
    diff = diff_reports(old, new)
    assert diff.added == ("New.c", "New.d")
    assert diff.removed == ("Gone.b",)
    assert diff.newly_failing == () and not diff.regressed


def test_ids_keep_the_new_report_order(req: Req, make_report: Make) -> None:
    ids = ["Z.z", "A.a", "M.m"]
    old = make_report([req(i) for i in ids])
    new = make_report([req(i, "failed") for i in reversed(ids)])
    assert diff_reports(old, new).newly_failing == tuple(reversed(ids))


def test_identical_reports_have_no_diff(sample_report: dict[str, Any]) -> None:
    diff = diff_reports(sample_report, sample_report)
    assert diff.still_failing == ("DestinationImageName.length",
                                  "DestinationDescription.length",
                                  "error.IncorrectDestinationRegion")
    assert (diff.newly_failing, diff.fixed, diff.added, diff.removed, diff.changed) == (
        (), (), (), (), ())
    text = render_diff(diff)
    assert "No requirement changed its outcome." in text
    assert "✅ No regression" in text
    assert "<summary>🔁 Still failing (3)</summary>" in text


def test_render_diff_escapes_titles(req: Req, make_report: Make) -> None:
    old = make_report([req("A.x")])
    new = make_report([req("A.x", "failed", title="<script>alert(1)</script> | *bold*")])
    text = render_diff(diff_reports(old, new))
    assert "\\<script\\>alert(1)\\</script\\> \\| \\*bold\\*" in text
    assert "passed → failed" in text


def test_empty_diff_renders() -> None:
    assert "No requirement changed its outcome." in render_diff(Diff())
