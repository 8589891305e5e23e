"""Server answers for the client suite follow the spec's response shapes."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings

from ecs_conformance.spec import load_spec
from ecs_conformance.strategies import error_answer, malformed_answer, success_answer, success_body

SPEC = load_spec()
FAST = settings(derandomize=True, database=None, deadline=None, max_examples=30,
                suppress_health_check=list(HealthCheck))


def parse(body: str, fmt: str) -> dict[str, str]:
    if fmt == "json":
        return json.loads(body)
    root = ET.fromstring(body)
    return {child.tag: child.text or "" for child in root}


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_success_bodies_match_the_schema(fmt: str) -> None:
    shape = SPEC.response(f"success-{fmt}")

    @FAST
    @given(success_answer(SPEC, fmt), success_body(SPEC, fmt.upper()))
    def check(answer: tuple[int, str, str], body: str) -> None:
        status, content_type, text = answer
        assert (status, content_type) == (200, shape.content_type)
        for doc in (text, body):
            fields = parse(doc, fmt)
            jsonschema.validate(fields, shape.schema)
            assert re.match(SPEC.patterns["request_id"], fields["RequestId"])
            assert re.match(SPEC.patterns["image_id"], fields["ImageId"])
            if fmt == "xml":
                assert ET.fromstring(doc).tag == shape.root

    check()


@pytest.mark.parametrize("row", SPEC.error_rows, ids=lambda r: r.id)
def test_error_answers_carry_the_documented_row(row) -> None:
    @settings(FAST, max_examples=6)
    @given(error_answer(SPEC, row))
    def check(answer: tuple[int, str, str]) -> None:
        status, content_type, body = answer
        fmt = "json" if "json" in content_type else "xml"
        shape = SPEC.response(f"error-{fmt}")
        fields = parse(body, fmt)
        assert (status, content_type) == (row.status, shape.content_type)
        jsonschema.validate(fields, shape.schema)
        assert (fields["Code"], fields["Message"]) == (row.code, row.message)

    check()


def _acceptable(answer: tuple[int, str, str]) -> bool:
    status, content_type, body = answer
    fmt = "json" if content_type.startswith("application/json") else (
        "xml" if content_type.startswith("text/xml") else None)
    if fmt is None:
        return False
    try:
        fields = parse(body, fmt)
        kind = "success" if status == 200 else "error"
        jsonschema.validate(fields, SPEC.response(f"{kind}-{fmt}").schema)
    except (ValueError, ET.ParseError, jsonschema.ValidationError):
        return False
    return True


@FAST
@given(malformed_answer())
def test_malformed_answers_fail_content_type_parse_or_schema(answer: tuple[int, str, str]) -> None:
    assert not _acceptable(answer)
