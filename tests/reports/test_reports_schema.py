"""report.schema.json accepts generated reports and rejects broken ones, naming the path."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from ecs_conformance.reports import (
    Report,
    ReportFormatError,
    load_schema,
    parse_report,
    validate_report,
    vocab,
)

Mutation = Callable[[dict[str, Any]], None]


def test_schema_is_valid_draft_2020_12() -> None:
    schema = load_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


def test_vocabularies_match_the_schema() -> None:
    schema = load_schema()
    requirement = schema["$defs"]["requirement"]["properties"]
    assert tuple(requirement["level"]["enum"]) == vocab.LEVELS
    assert tuple(requirement["status"]["enum"]) == vocab.STATUSES
    assert tuple(requirement["category"]["enum"]) == vocab.CATEGORIES
    assert tuple(schema["properties"]["suite"]["enum"]) == vocab.SUITES
    assert tuple(schema["properties"]["target"]["properties"]["kind"]["enum"]) == (
        vocab.TARGET_KINDS)
    assert tuple(schema["properties"]["run"]["properties"]["budget"]["enum"]) == vocab.BUDGETS
    assert schema["properties"]["schema_version"]["const"] == vocab.SCHEMA_VERSION
    assert set(vocab.STATUS_RANK) == set(vocab.STATUSES)


def test_generated_report_is_valid(sample_report: dict[str, Any]) -> None:
    validate_report(sample_report)
    assert Report.from_dict(sample_report).to_dict() == sample_report


def test_the_documented_top_level_names_are_kept(sample_report: dict[str, Any]) -> None:
    assert list(sample_report) == ["schema_version", "tool", "spec", "operation", "suite",
                                   "target", "run", "summary", "requirements"]
    assert list(sample_report["requirements"][0])[:11] == [
        "id", "level", "title", "category", "parameter", "error", "status", "reason",
        "checks", "duration_s", "evidence"]


def _set(*path: str | int, value: Any) -> Mutation:
    def mutate(d: dict[str, Any]) -> None:
        node: Any = d
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value
    return mutate


def _delete(*path: str | int) -> Mutation:
    def mutate(d: dict[str, Any]) -> None:
        node: Any = d
        for key in path[:-1]:
            node = node[key]
        del node[path[-1]]
    return mutate


def _duplicate_first_id(d: dict[str, Any]) -> None:
    d["requirements"][1]["id"] = d["requirements"][0]["id"]


EV0 = ("requirements", 0, "evidence", 0)

BROKEN: list[tuple[str, Mutation, str, str]] = [
    ("missing tool", _delete("tool"), "$", "'tool' is a required property"),
    ("unknown suite", _set("suite", value="both"), "$.suite", "is not one of"),
    ("wrong schema version", _set("schema_version", value="2.0"), "$.schema_version",
     "'1.0' was expected"),
    ("unknown status", _set("requirements", 0, "status", value="bogus"),
     "$.requirements[0].status", "is not one of"),
    ("unknown level", _set("requirements", 2, "level", value="MAY"),
     "$.requirements[2].level", "is not one of"),
    ("unknown category", _set("requirements", 2, "category", value="misc"),
     "$.requirements[2].category", "is not one of"),
    ("not_assessed without reason", _set("requirements", 6, "reason", value=None),
     "$.requirements[6].reason", "None is not of type 'string'"),
    ("errored with an empty reason", _set("requirements", 11, "reason", value=""),
     "$.requirements[11].reason", "should be non-empty"),
    ("unexpected requirement field", _set("requirements", 1, "colour", value="red"),
     "$.requirements[1]", "Additional properties are not allowed ('colour'"),
    ("response status as text", _set(*EV0, "response", "status", value="200"),
     "$.requirements[0].evidence[0].response.status", "is not of type 'integer', 'null'"),
    ("response body over 4 KiB", _set(*EV0, "response", "body", value="x" * 5000),
     "$.requirements[0].evidence[0].response.body", "is too long"),
    ("request without method", _delete(*EV0, "request", "method"),
     "$.requirements[0].evidence[0].request", "'method' is a required property"),
    ("header value not a string", _set(*EV0, "request", "headers", "x-n", value=1),
     "$.requirements[0].evidence[0].request.headers.x-n", "is not of type 'string'"),
    ("bad digest", _set("spec", "digest", value="md5:abc"), "$.spec.digest",
     "does not match"),
    ("timestamp without offset", _set("run", "started_at", value="2026-05-27 09:30"),
     "$.run.started_at", "does not match"),
    ("fractional seed", _set("run", "seed", value=1.5), "$.run.seed",
     "is not of type 'integer'"),
    ("negative duration", _set("requirements", 0, "duration_s", value=-1),
     "$.requirements[0].duration_s", "less than the minimum"),
    ("unknown target kind", _set("target", "kind", value="grpc"), "$.target.kind",
     "is not one of"),
    ("summary that does not add up", _set("summary", "failed", value=99),
     "$.summary.failed", "expected 3 (counted from requirements), got 99"),
    ("must_failed that does not add up", _set("summary", "must_failed", value=0),
     "$.summary.must_failed", "expected 2"),
    ("duplicate requirement id", _duplicate_first_id, "$.requirements[1].id",
     "duplicate requirement id 'DestinationImageName.length' (first at $.requirements[0])"),
]


@pytest.mark.parametrize(("mutate", "path", "fragment"),
                         [case[1:] for case in BROKEN], ids=[case[0] for case in BROKEN])
def test_broken_reports_are_rejected_with_their_path(
        sample_report: dict[str, Any], mutate: Mutation, path: str, fragment: str) -> None:
    broken = copy.deepcopy(sample_report)
    mutate(broken)
    with pytest.raises(ReportFormatError) as caught:
        validate_report(broken)
    assert caught.value.path == path
    assert fragment in caught.value.message
    assert str(caught.value).startswith(f"{path}: ")
    with pytest.raises(ReportFormatError, match=r"^\$"):
        Report.from_dict(broken)


def test_report_format_error_is_a_value_error_listing_every_problem(
        sample_report: dict[str, Any]) -> None:
    sample_report["suite"] = "both"
    sample_report["requirements"][0]["status"] = "bogus"
    with pytest.raises(ValueError) as caught:
        validate_report(sample_report)
    assert isinstance(caught.value, ReportFormatError)
    paths = [path for path, _ in caught.value.problems]
    assert "$.suite" in paths and "$.requirements[0].status" in paths


@pytest.mark.parametrize("data", [[], "report", None, 3])
def test_non_objects_are_rejected_at_the_root(data: Any) -> None:
    with pytest.raises(ReportFormatError) as caught:
        validate_report(data)
    assert caught.value.path == "$"


def test_parse_report_names_the_source(sample_report: dict[str, Any]) -> None:
    with pytest.raises(ReportFormatError, match=r"^\$: run.json is not JSON"):
        parse_report("{nope", "run.json")
    sample_report["suite"] = "both"
    with pytest.raises(ReportFormatError, match=r"^\$\.suite: .*\(in run\.json\)$"):
        parse_report(json.dumps(sample_report), "run.json")
