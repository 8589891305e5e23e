"""Partial clients: a declared parameter subset (capabilities.parameters), GET, every format a
client may choose (explicit Format=XML / xml / JSON, none, V3) judged under the requirement
that fits what was served, and client defaults (reported; a MUST finding when they break a
documented rule)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import given, settings

from ecs_conformance.adapters.reference_client import PRIMARY, ReferenceClient
from ecs_conformance.reports import validate_report
from ecs_conformance.spec import load_spec
from ecs_conformance.spec.profile import load_profile
from ecs_conformance.spec.signing import v1_sign
from ecs_conformance.suites.clientkit import ClientOptions, run_client
from ecs_conformance.suites.clientkit.calls import generated_calls, probe_call, within
from ecs_conformance.suites.clientkit.contract import problems

SPEC = load_spec()
FIVE = frozenset({"ImageId", "RegionId", "DestinationRegionId", "DestinationImageName",
                  "DestinationDescription"})


def _run(adapter: str, directory: Path) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    data = run_client(ClientOptions(adapter=adapter, report_dir=str(directory), budget="quick",
                                    formats=("json", "markdown", "html")))
    validate_report(data)
    assert json.loads((directory / "report.json").read_text("utf-8")) == data
    return data, {r["id"]: r for r in data["requirements"]}


def test_the_worked_example_is_judged_within_what_it_sends(tmp_path: Path) -> None:
    data, got = _run("python:ecs_conformance.adapters.partial_example:call", tmp_path)
    coverage = data["target"]["coverage"]
    assert set(coverage["parameters"]) == FIVE and coverage["of"] == 12 and coverage["declared"]
    assert coverage["defaults"] == {"DestinationDescription": "copied by example-tool"}
    assert data["summary"]["must_failed"] == 0 and data["summary"]["errored"] == 0
    # requirements that need a parameter it does not send: not assessed, the parameter named
    for requirement, names in (("client.wire.tag-encoding", "Tag"),
                               ("client.wire.boolean", "Encrypted or DryRun"),
                               ("client.wire.boolean-canonical", "Encrypted or DryRun")):
        assert got[requirement]["status"] == "not_assessed"
        assert f"does not send {names} " in got[requirement]["reason"]
        assert "5 of 12 parameters" in got[requirement]["reason"]
    assert got["client.wire.utf8"]["status"] == "passed"  # DestinationImageName carries CJK
    # explicit Format=XML over GET: answered and judged in XML
    assert got["client.success.xml"]["status"] == "passed"
    assert got["client.success.json"]["status"] == "not_assessed"
    assert "ask for XML (Format=XML" in got["client.success.json"]["reason"]
    # its own default: reported with the value sent, SHOULD (no rule is broken)
    unset = got["client.wire.unset-absent"]
    assert unset["status"] == "failed" and unset["level"] == "SHOULD"
    evidence = unset["evidence"][0]
    assert evidence["received"] == "DestinationDescription='copied by example-tool'"
    assert evidence["request"]["method"] == "GET" and "Format=XML" in evidence["request"]["url"]
    assert got["client.defaults.valid"]["status"] == "passed"
    # every rendering shows the coverage
    assert "sends 5 of 12 parameters" in (tmp_path / "report.md").read_text("utf-8")
    assert "sends 5 of 12 parameters" in (tmp_path / "report.html").read_text("utf-8")


def test_a_default_that_breaks_a_documented_rule_is_a_must_finding(tmp_path: Path) -> None:
    data, got = _run("python:ecs_conformance.adapters.partial_example:call_same_region_default",
                     tmp_path)
    found = got["client.defaults.valid"]
    assert found["status"] == "failed" and found["level"] == "MUST"
    evidence = found["evidence"][0]
    assert "DestinationRegionId.differs" in evidence["title"]
    assert "403 IncorrectDestinationRegion (seed row 19)" in evidence["received"]
    assert data["target"]["coverage"]["defaults"]["DestinationRegionId"] == "cn-hangzhou"
    assert data["summary"]["errored"] == 0


# ------------------------------------------------------------------ formats and methods
class GetClient(ReferenceClient):
    """The reference client over GET, V1 with the given Format (None: none sent)."""

    signature, retries = "v1", 0

    def sign(self, call: dict[str, Any], params: list[tuple[str, str]]) -> httpx.Request:
        signed = v1_sign("GET", params, call["access_key_id"], call["access_key_secret"],
                         nonce=self.nonce(), timestamp=self.timestamp(), fmt=self.fmt,
                         action=call.get("action") or PRIMARY)
        return httpx.Request("GET", f"{call['endpoint']}/?{self.encode(signed)}")


def _variant(fmt: str | None, declared: str | None, parameters: list[str] | None = None
             ) -> Any:
    client = type("Variant", (GetClient,), {"fmt": fmt})()
    adapter = client.adapter()
    caps = adapter.handshake["capabilities"]
    caps.pop("format", None)
    if declared is not None:
        caps["format"] = declared
    if parameters is not None:
        caps["parameters"] = parameters
    return adapter


get_xml_lower = _variant("xml", "xml")
get_json = _variant("JSON", "JSON")
get_no_format = _variant(None, None)
says_json_sends_xml = _variant("XML", "JSON")


@pytest.mark.parametrize(("adapter", "served", "other"), [
    ("get_xml_lower", "client.success.xml", "client.success.json"),
    ("get_json", "client.success.json", "client.success.xml"),
    ("get_no_format", "client.success.xml", "client.success.json"),
])
def test_each_format_is_judged_under_what_was_served(tmp_path: Path, adapter: str, served: str,
                                                     other: str) -> None:
    _, got = _run(f"python:test_client_partial:{adapter}", tmp_path)
    assert got[served]["status"] == "passed"
    assert got[other]["status"] == "not_assessed"
    assert got["client.signature.v1"]["status"] == "passed"  # verified over GET
    assert not [k for k, r in got.items() if r["status"] in ("failed", "errored")]


def test_a_format_other_than_declared_is_an_adapter_error(tmp_path: Path) -> None:
    _, got = _run("python:test_client_partial:says_json_sends_xml", tmp_path)
    errored = [r for r in got.values() if r["status"] == "errored"]
    assert errored and not [r for r in got.values() if r["status"] == "failed"]
    assert "asks for XML (V1 GET, Format=XML), but the handshake declares a client answered " \
           "in JSON" in errored[0]["reason"]


# ------------------------------------------------------------------ refusing a declared call
class RefusesEncrypted(ReferenceClient):
    """Declares Encrypted but refuses every call that carries it."""

    def call(self, call: dict[str, Any]) -> dict[str, Any]:
        if "Encrypted" in call["parameters"]:
            return {"outcome": "rejected", "reason": "encryption is not supported"}
        return super().call(call)


refuses_encrypted = RefusesEncrypted().adapter()
refuses_encrypted.handshake["capabilities"]["parameters"] = [
    "ImageId", "RegionId", "Encrypted"]


def test_refusing_a_call_within_the_declared_parameters_is_a_finding(tmp_path: Path) -> None:
    _, got = _run("python:test_client_partial:refuses_encrypted", tmp_path)
    titles = {e["title"] for r in got.values() for e in r["evidence"]}
    assert "the client refuses a valid call within its declared parameters" in titles
    assert got["client.success.json"]["status"] == "failed"
    assert got["client.wire.tag-encoding"]["status"] == "not_assessed"


# ------------------------------------------------------------------ calls and contract
@settings(max_examples=40, derandomize=True, database=None)
@given(generated_calls(SPEC, load_profile(None), FIVE | {"KMSKeyId"}))
def test_generated_calls_stay_within_the_declared_parameters(call: dict[str, Any]) -> None:
    assert set(call) <= FIVE | {"KMSKeyId"}
    assert "KMSKeyId" not in call  # it requires Encrypted, which is not declared
    assert {"ImageId", "RegionId"} <= set(call)


def test_within_keeps_everything_when_nothing_is_declared() -> None:
    probe = probe_call(SPEC)
    assert within(SPEC, probe, None) == probe
    assert set(within(SPEC, probe, FIVE)) == FIVE


def test_handshake_parameters_are_the_spec_parameters_and_include_the_required() -> None:
    caps = {"retries": 0, "signature": "v1"}
    hello = {"name": "x", "version": "1", "capabilities": caps}
    names = [p.name for p in SPEC.parameters if p.name != "Action"]
    assert problems("handshake", {**hello, "capabilities": {**caps, "parameters": names}}) == []
    found = problems("handshake", {**hello, "capabilities": {**caps,
                                                            "parameters": ["ImageId", "Tags"]}})
    assert any("$.capabilities.parameters[1]" in p and "'Tags'" in p for p in found), found
    assert any("contains" in p for p in found)  # RegionId is missing


def test_the_requirement_parameters_exist_in_the_spec() -> None:
    names = {p.name for p in SPEC.parameters}
    needing = {r.id: r.parameters for r in SPEC.client_requirements if r.parameters}
    assert needing["client.wire.tag-encoding"] == ("Tag",)
    for requirement, parameters in needing.items():
        assert set(parameters) <= names, requirement


# ------------------------------------------------------------------ levels trace to sources
def test_every_client_requirement_traces_its_level_to_a_source() -> None:
    """Each client.* requirement cites the wire facts, the seed rows or operation.yaml's rules;
    a behaviour no source sentence states is at most SHOULD."""
    for requirement in SPEC.client_requirements:
        assert any(cite in requirement.source for cite in ("facts §", "seed row", "operation.yaml")
                   ), (requirement.id, requirement.source)
    levels = {r.id: r.level for r in SPEC.client_requirements}
    assert levels["client.wire.unset-absent"] == "SHOULD"  # no source forbids a default
    assert levels["client.defaults.valid"] == "MUST"  # the service refuses it (seed row 19)
    assert "seed row 19" in next(r.source for r in SPEC.client_requirements
                                 if r.id == "client.defaults.valid")
