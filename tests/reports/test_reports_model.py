"""The frozen results model: round trips, derived summary, refusal of inconsistent input."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from ecs_conformance.reports import (
    Evidence,
    HttpExchange,
    HttpRequest,
    HttpResponse,
    Report,
    RequirementResult,
    RunInfo,
    Summary,
    TargetInfo,
    clip_text,
    summarize,
)


def test_round_trip_through_dict(sample_model: Report) -> None:
    data = sample_model.to_dict()
    again = Report.from_dict(data)
    assert again == sample_model
    assert again.to_dict() == data


def test_summary_is_derived_from_requirements(sample_model: Report) -> None:
    assert sample_model.summary == Summary(passed=9, failed=3, not_assessed=2, errored=1,
                                           must_failed=2, should_failed=1, verdict="fails")
    assert sample_model.summary.total == len(sample_model.requirements)
    assert sample_model.to_dict()["summary"] == sample_model.summary.to_dict()


def test_summarize_accepts_objects_and_dicts(sample_model: Report) -> None:
    dicts = [r.to_dict() for r in sample_model.requirements]
    assert summarize(sample_model.requirements) == summarize(dicts)
    assert summarize([]) == Summary()


def test_from_dict_refuses_an_inconsistent_summary(sample_report: dict[str, Any]) -> None:
    sample_report["summary"]["passed"] += 1
    with pytest.raises(ValueError, match=r"\$\.summary\.passed: expected 9"):
        Report.from_dict(sample_report)


@pytest.mark.parametrize(("changes", "message"), [
    ({"status": "not_assessed"}, "a reason is required when status is not_assessed"),
    ({"status": "errored", "reason": ""}, "a reason is required when status is errored"),
    ({"level": "MAY"}, "level must be one of"),
    ({"category": "misc"}, "category must be one of"),
    ({"status": "skipped"}, "status must be one of"),
    ({"checks": -1}, "checks must be a finite number not below 0"),
    ({"duration_s": float("nan")}, "duration_s must be a finite number"),
])
def test_requirement_refuses_bad_values(changes: dict[str, Any], message: str) -> None:
    fields = {"id": "X.y", "level": "MUST", "title": "t", "category": "rule",
              "status": "passed", **changes}
    with pytest.raises(ValueError, match=message):
        RequirementResult(**fields)


def test_report_refuses_duplicate_ids(sample_model: Report) -> None:
    twice = sample_model.requirements + sample_model.requirements[:1]
    with pytest.raises(ValueError, match="duplicate requirement id"):
        dataclasses.replace(sample_model, requirements=twice)


@pytest.mark.parametrize(("cls", "changes", "message"), [
    (TargetInfo, {"kind": "grpc", "name": "n"}, "target kind must be one of"),
    (RunInfo, {"budget": "huge"}, "budget must be one of"),
    (RunInfo, {"started_at": "yesterday"}, "ISO-8601"),
])
def test_other_parts_refuse_bad_values(cls: type, changes: dict[str, Any],
                                       message: str) -> None:
    run = {"seed": 1, "budget": "quick", "started_at": "2026-01-01T00:00:00Z",
           "finished_at": "2026-01-01T00:00:01Z", "duration_s": 1.0, "requests": 3}
    fields = {**run, **changes} if cls is RunInfo else changes
    with pytest.raises(ValueError, match=message):
        cls(**fields)


def test_models_are_frozen(sample_model: Report) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        sample_model.suite = "client"  # type: ignore[misc]
    assert isinstance(sample_model.requirements, tuple)


def test_run_info_timed_uses_aware_datetimes() -> None:
    start = datetime(2026, 5, 27, 9, 30, tzinfo=UTC)
    run = RunInfo.timed(7, "thorough", start, start + timedelta(seconds=2.5), 10)
    assert run.duration_s == 2.5
    assert run.started_at == "2026-05-27T09:30:00+00:00"


def test_clip_text_keeps_4_kib_and_says_how_long_it_was() -> None:
    short = "é" * 100
    assert clip_text(short) == short
    long = "测" * 3000  # 9000 bytes of UTF-8
    clipped = clip_text(long)
    assert len(clipped.encode()) <= 4096
    assert clipped.endswith("[truncated: 9000 bytes in total]")
    assert clip_text(clipped) == clipped  # idempotent
    assert "\ufffd" not in clipped  # no character cut in half


def test_bodies_and_texts_are_clipped_on_construction() -> None:
    response = HttpResponse(200, {}, "x" * 10_000)
    request = HttpRequest("POST", "http://h/", {}, "y" * 10_000)
    evidence = Evidence("t", "e" * 10_000, "r" * 10_000, HttpExchange(request, response))
    for text in (response.body, request.body, evidence.expected, evidence.received):
        assert len(text.encode()) <= 4096


def test_capture_accepts_bytes_and_header_pairs() -> None:
    response = HttpResponse.capture(
        400, [(b"content-type", b"application/json"), (b"set-cookie", b"a=1"),
              (b"set-cookie", b"b=2")], '{"Code":"测试"}'.encode())
    assert response.headers == {"content-type": "application/json", "set-cookie": "a=1, b=2"}
    assert response.body == '{"Code":"测试"}'
    request = HttpRequest.capture("GET", "http://h/?a=1", {"host": "h"}, b"\xff")
    assert request.body == "\ufffd"


def test_evidence_flattens_its_exchange() -> None:
    evidence = Evidence("t", "e", "r", HttpExchange(response=HttpResponse(None)))
    data = evidence.to_dict()
    assert data["request"] is None
    assert data["response"] == {"status": None, "headers": {}, "body": ""}
    assert evidence.response is not None and evidence.request is None
    assert Evidence.from_dict(data) == evidence
    assert Evidence("t", "e", "r", None).to_dict()["response"] is None  # type: ignore[arg-type]


def test_optional_source_is_written_only_when_set() -> None:
    plain = RequirementResult("A.b", "MUST", "t", "rule", "passed")
    assert "source" not in plain.to_dict()
    cited = dataclasses.replace(plain, source="seed row 4")
    assert cited.to_dict()["source"] == "seed row 4"
    assert RequirementResult.from_dict(cited.to_dict()) == cited


def test_target_profile_becomes_plain_json_data() -> None:
    profile: dict[str, Any] = {"command": Path("/usr/bin/adapter"), "args": ("--x",)}
    target = TargetInfo("command-adapter", "cli", profile)
    assert target.profile == {"command": "/usr/bin/adapter", "args": ["--x"]}
    profile["args"] = ()
    assert target.to_dict()["profile"] == {"command": "/usr/bin/adapter", "args": ["--x"]}


def test_a_reason_quoting_a_lone_surrogate_renders_as_utf8() -> None:
    """An errored reason may quote a target's answer (``Code="\\ud800x"``): the model keeps
    every text it renders encodable (the surrogate target's run crashed writing report.json)."""
    result = RequirementResult(id="state.copy-visible", level="MUST", title="t",
                               category="state", status="errored",
                               reason="no copy to observe (HTTP 400, Code=\ud800x)")
    assert result.reason is not None
    result.reason.encode("utf-8")
    assert "\ufffdx" in result.reason
