"""One limit for evidence, owned by the report model (reports.vocab.TEXT_LIMIT_BYTES).

The suites clip through reports.clip_text and the report schema states the same number, so
evidence the suites capture always validates — an answer of 1 MiB with a problem note was
once clipped by one limit and validated against another, and ended the run in a traceback.
"""

from __future__ import annotations

import json
from typing import Any

from ecs_conformance.reports import TargetInfo, load_schema, validate_report
from ecs_conformance.reports.vocab import TEXT_LIMIT_BYTES
from ecs_conformance.spec import load_spec
from ecs_conformance.suites.findings import Finding
from ecs_conformance.suites.results import Results
from ecs_conformance.suites.runner import assemble_report
from ecs_conformance.suites.signer import Signer, Transport
from ecs_conformance.suites.wire import MAX_BODY_BYTES, Exchange


def _max_lengths(node: Any) -> list[int]:
    if isinstance(node, dict):
        found = [node["maxLength"]] if "maxLength" in node else []
        return found + [n for v in node.values() for n in _max_lengths(v)]
    if isinstance(node, list):
        return [n for v in node for n in _max_lengths(v)]
    return []


def test_the_schema_states_the_report_models_limit() -> None:
    lengths = _max_lengths(load_schema())
    assert lengths and set(lengths) == {TEXT_LIMIT_BYTES}


def test_suite_evidence_of_a_hostile_answer_validates() -> None:
    spec = load_spec()
    request = Signer("testid", "testsecret", "h", action="CopyImage", version="2014-05-26").sign(
        {"RegionId": "cn-hangzhou", "DestinationDescription": "é" * 5000}, Transport("v1"))
    answer = Exchange(request, 200, (("x-big", "v" * 10_000), ("x-big", "w")),
                      b"\xff\x00[" * (MAX_BODY_BYTES // 3), "body larger than 1048576 bytes")
    results = Results(spec)
    results.add([Finding("response.success-schema", "t", "e" * 9000, "\u00e9" * 9000, answer)])
    data = assemble_report(spec, results, suite="server", target=TargetInfo("endpoint", "x", {}),
                           seed=0, budget="quick", started=0.0, requests=1).to_dict()
    validate_report(json.loads(json.dumps(data)))
    (evidence,) = next(r for r in data["requirements"]
                       if r["id"] == "response.success-schema")["evidence"]
    body = evidence["response"]["body"]
    assert body.startswith("[body larger than 1048576 bytes]")
    assert "[truncated:" in body and "[truncated:" in evidence["response"]["headers"]["x-big"]
    assert "[truncated:" in evidence["expected"] and "[truncated:" in evidence["received"]


def test_lone_surrogates_in_an_answer_do_not_break_the_report(tmp_path) -> None:
    """json.loads turns "\\ud800" into a lone surrogate, which no UTF-8 file can hold."""
    from ecs_conformance.reports import write_report
    from ecs_conformance.suites.findings import describe

    spec = load_spec()
    signer = Signer("testid", "testsecret", "h", action="CopyImage", version="2014-05-26")
    request = signer.sign({"RegionId": "x"}, Transport("v3"))
    answer = Exchange(request, 400, (("content-type", "application/json"),),
                      b'{"RequestId": "A", "HostId": "h", "Code": "\\ud800", "Message": "x"}')
    results = Results(spec)
    results.add([Finding("response.error-schema", "t", "e", describe(answer), answer)])
    data = assemble_report(spec, results, suite="server", target=TargetInfo("endpoint", "x", {}),
                           seed=0, budget="quick", started=0.0, requests=1).to_dict()
    paths = write_report(data, tmp_path)
    assert "\ufffd" in paths["markdown"].read_text(encoding="utf-8")
