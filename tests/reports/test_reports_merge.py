"""merge_reports: partial reports of one run (xdist workers) become one report."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from ecs_conformance.reports import ReportFormatError, merge_reports, validate_report

Req = Callable[..., dict[str, Any]]
Make = Callable[..., dict[str, Any]]
Ev = Callable[[str], dict[str, Any]]


@pytest.mark.parametrize(("statuses", "winner"), [
    (["passed", "failed"], "failed"),
    (["failed", "errored"], "failed"),
    (["errored", "passed"], "errored"),
    (["not_assessed", "errored"], "errored"),
    (["passed", "not_assessed"], "passed"),
    (["not_assessed", "not_assessed"], "not_assessed"),
    (["passed", "errored", "not_assessed", "failed"], "failed"),
])
def test_worst_status_wins(req: Req, make_report: Make, statuses: list[str],
                           winner: str) -> None:
    parts = [make_report([req("A.x", s)]) for s in statuses]
    merged = merge_reports(parts)
    assert [r["status"] for r in merged["requirements"]] == [winner]
    expected_reason = "reason for A.x" if winner in ("errored", "not_assessed") else None
    assert merged["requirements"][0]["reason"] == expected_reason


def test_distinct_reasons_of_the_winning_status_are_joined(req: Req, make_report: Make) -> None:
    parts = [make_report([req("A.x", "errored", reason=text)])
             for text in ("timeout", "reset", "timeout")]
    assert merge_reports(parts)["requirements"][0]["reason"] == "timeout; reset"


def test_checks_durations_and_requirements_are_combined(req: Req, make_report: Make) -> None:
    a = make_report([req("A.x", checks=3, duration_s=0.25), req("B.y", "failed")])
    b = make_report([req("A.x", checks=4, duration_s=0.5), req("C.z", "not_assessed")])
    merged = merge_reports([a, b])
    assert [r["id"] for r in merged["requirements"]] == ["A.x", "B.y", "C.z"]
    first = merged["requirements"][0]
    assert (first["checks"], first["duration_s"]) == (7, 0.75)
    assert merged["summary"] == {"passed": 1, "failed": 1, "not_assessed": 1, "errored": 0,
                                 "must_failed": 1, "should_failed": 0,
                                 "verdict": "fails"}
    validate_report(merged)


def test_evidence_is_deduplicated_capped_and_failures_first(
        req: Req, make_report: Make, evidence: Ev) -> None:
    shared = evidence("same")
    passed = make_report([req("A.x", "passed", evidence=[shared] + [evidence(f"p{i}")
                                                                     for i in range(4)])])
    failed = make_report([req("A.x", "failed", evidence=[evidence("f1"), shared,
                                                           evidence("f2")])])
    merged = merge_reports([passed, failed])
    titles = [e["title"] for e in merged["requirements"][0]["evidence"]]
    assert titles == ["f1", "same", "f2", "p0", "p1"]


def test_run_spans_all_parts(make_report: Make, req: Req) -> None:
    a = make_report([req("A.x")], started_at="2026-05-27T10:00:05+00:00",
                    finished_at="2026-05-27T10:00:20+00:00", duration_s=15.0, requests=10)
    b = make_report([req("A.x")], started_at="2026-05-27T11:00:00+01:00",  # 10:00:00 UTC
                    finished_at="2026-05-27T10:00:30Z", duration_s=29.0, requests=32)
    run = merge_reports([a, b])["run"]
    assert run["started_at"] == "2026-05-27T11:00:00+01:00"
    assert run["finished_at"] == "2026-05-27T10:00:30Z"
    assert run["duration_s"] == 30.0
    assert run["requests"] == 42


def test_single_part_is_returned_unchanged(sample_report: dict[str, Any]) -> None:
    assert merge_reports([sample_report]) == sample_report


def test_inputs_are_not_modified(sample_report: dict[str, Any]) -> None:
    before = copy.deepcopy(sample_report)
    merged = merge_reports([sample_report, sample_report])
    merged["requirements"][0]["evidence"].clear()
    assert sample_report == before


@pytest.mark.parametrize(("path", "value", "message"), [
    (("suite",), "client", "suite differs"),
    (("spec", "digest"), "sha256:" + "0" * 64, "spec differs"),
    (("target", "name"), "other", "target differs"),
    (("run", "seed"), 1, "run.seed differs"),
    (("operation", "action"), "DeleteImage", "operation differs"),
])
def test_parts_of_other_runs_are_refused(sample_report: dict[str, Any], path: tuple[str, ...],
                                         value: Any, message: str) -> None:
    other = copy.deepcopy(sample_report)
    node = other
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    with pytest.raises(ValueError, match=f"part 1 is not from the same run.*{message}"):
        merge_reports([sample_report, other])


def test_invalid_parts_and_empty_input_are_refused(sample_report: dict[str, Any]) -> None:
    broken = copy.deepcopy(sample_report)
    broken["summary"]["passed"] = 0
    with pytest.raises(ReportFormatError, match=r"^\$\.summary\.passed: .*\(in part 1\)"):
        merge_reports([sample_report, broken])
    with pytest.raises(ValueError, match="at least one"):
        merge_reports([])
