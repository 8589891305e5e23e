"""One count, one writer: every number about a run's requirements comes from reports.tally,
and report.json is only ever the model's serialisation (issue 13)."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from typing import Any

import pytest

from ecs_conformance.reports import (
    ProbeResult,
    ReadingResult,
    Report,
    ReportFormatError,
    RequirementResult,
    diff_reports,
    level_scores,
    merge_reports,
    read_report,
    render_json,
    report_summary,
    report_verdict,
    summarize,
    tally,
    validate_report,
    verdict_reason,
    write_report,
)

Req = Callable[..., dict[str, Any]]
Make = Callable[..., dict[str, Any]]


def test_tally_counts_per_level_and_status(sample_model: Report) -> None:
    counts = tally(sample_model.requirements)
    assert (counts.must.passed, counts.must.failed, counts.must.errored,
            counts.must.not_assessed) == (6, 2, 1, 1)
    assert (counts.should.passed, counts.should.failed, counts.should.not_assessed) == (3, 1, 1)
    assert counts.status("passed") == 9 and counts.must.decided == 8
    assert tally(r.to_dict() for r in sample_model.requirements) == counts


@pytest.mark.parametrize(("level", "status", "message"), [
    ("MAY", "passed", "level must be one of"),
    ("MUST", "skipped", "status must be one of"),
])
def test_tally_refuses_what_it_cannot_count(level: str, status: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        tally([{"level": level, "status": status}])


def test_summary_scores_and_verdict_agree(sample_report: dict[str, Any]) -> None:
    summary, scores = report_summary(sample_report), level_scores(sample_report)
    assert summary.to_dict() == sample_report["summary"]
    assert summary.must_failed == scores["MUST"].failed
    assert summary.should_failed == scores["SHOULD"].failed
    assert summary.total == sum(score.total for score in scores.values())
    assert summary.verdict == report_verdict(sample_report) == "fails"


def _crashed(report: dict[str, Any]) -> dict[str, Any]:
    """``report`` with every requirement passed and one crashed check of ours."""
    data = json.loads(json.dumps(report))
    for requirement in data["requirements"]:
        requirement.update(status="passed", reason=None, evidence=[])
    data["run"]["crashes"] = ["the suite's own check crashed (t): KeyError: 'x'"]
    data["summary"] = report_summary(data).to_dict()
    return data


def test_a_crashed_check_makes_the_models_summary_inconclusive(
        sample_report: dict[str, Any]) -> None:
    data = _crashed(sample_report)
    model = Report.from_dict(data)
    assert model.run.crashes and model.summary.verdict == "inconclusive"
    assert summarize(model.requirements).verdict == "conforms"  # without the crash
    assert model.to_dict() == data
    assert "crashed before naming a requirement" in verdict_reason(data)


def test_run_crashes_are_capped_and_clipped_by_the_model(sample_model: Report) -> None:
    run = dataclasses.replace(sample_model.run, crashes=("x" * 9000,) * 150)
    assert len(run.crashes) == 100 and len(run.crashes[0].encode()) <= 4096
    validate_report(dataclasses.replace(sample_model, run=run).to_dict())


def test_diff_reads_the_same_verdict_as_the_report(sample_report: dict[str, Any]) -> None:
    """A crash in the new run is a worse verdict in `report diff` too (it said conforms)."""
    old = _crashed(sample_report)
    old["run"].pop("crashes")
    old["summary"] = report_summary(old).to_dict()
    diff = diff_reports(old, _crashed(sample_report))
    assert (diff.old_verdict, diff.new_verdict) == ("conforms", "inconclusive")
    assert diff.regressed


def test_merge_keeps_crashes_and_derives_the_summary(sample_report: dict[str, Any]) -> None:
    crashed, clean = _crashed(sample_report), _crashed(sample_report)
    clean["run"].pop("crashes")
    clean["summary"] = report_summary(clean).to_dict()
    merged = merge_reports([clean, crashed])
    assert merged["run"]["crashes"] == crashed["run"]["crashes"]
    assert merged["summary"]["verdict"] == "inconclusive"


def test_to_json_is_the_one_serialisation(sample_model: Report) -> None:
    text = sample_model.to_json()
    assert text == render_json(sample_model) == render_json(sample_model.to_dict())
    assert text.endswith("}\n") and json.loads(text) == sample_model.to_dict()


def test_to_json_refuses_what_the_schema_refuses(sample_model: Report) -> None:
    bad = dataclasses.replace(sample_model.requirements[0], id="not an id!")
    report = dataclasses.replace(sample_model, requirements=(bad,))
    with pytest.raises(ReportFormatError, match=r"^\$\.requirements\[0\]\.id"):
        report.to_json()


def test_a_written_dict_is_rebuilt_as_the_model(sample_report: dict[str, Any],
                                                tmp_path: Any) -> None:
    """A stale reading ``follows`` is derived again from its probes on the way out."""
    entry = ReadingResult("reading.x", "t", "words", "a", (("a", "A"), ("b", "B")),
                          (ProbeResult("p1", "req", "HTTP 200", ("a",)),))
    data = {**sample_report, "readings": [{**entry.to_dict(), "follows": []}]}
    written = read_report(write_report(data, tmp_path, ["json"])["json"])
    assert written["readings"][0]["follows"] == ["a"]


def test_a_reading_entry_grows_through_the_model() -> None:
    entry = ReadingResult("reading.x", "t", "words", "a", (("a", "A"), ("b", "B")))
    entry = entry.add_probe(ProbeResult("p1", "req", "HTTP 200", ("a", "b")))
    assert entry.follows == ("a", "b")
    entry = entry.add_probe(ProbeResult("p2", "r" * 9000, "HTTP 400", ("b",)))
    assert entry.follows == ("b",) and len(entry.probes[1].request.encode()) <= 4096
    noted = entry.with_note("one").with_note("two")
    assert noted.note == "one; two" and noted.follows == ("b",)


def test_requirement_results_count_like_their_dicts(req: Req, make_report: Make) -> None:
    report = make_report([req("A.a"), req("A.b", "errored"), req("S.c", "failed", "SHOULD")])
    models = [RequirementResult.from_dict(r) for r in report["requirements"]]
    assert summarize(models) == report_summary(report)
    assert report_summary(report).verdict == "inconclusive"
