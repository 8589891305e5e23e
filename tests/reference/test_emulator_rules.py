"""Every input rule, both sides: the spec's example table, plus each rule's exact answer."""

from __future__ import annotations

import random

import pytest

from ecs_conformance.reference import BASE_COPY, Call, EmulatorClient
from ecs_conformance.reference.validation import refusal_for
from ecs_conformance.spec import Spec, load_examples, load_spec
from ecs_conformance.spec.examples import apply

SPEC = load_spec()
CASES = load_examples(SPEC)


def expected_refusal(spec: Spec, rule_id: str) -> tuple[int, str, tuple[str, ...]]:
    rule = spec.rule(rule_id)
    assert rule.reject is not None
    if rule.reject.rows:
        return rule.reject.status or 0, rule.reject.code or "", rule.reject.messages
    return 400, rule.reject.codes_seen[0], ()


@pytest.mark.parametrize("case", CASES, ids=[c.description for c in CASES])
def test_example_case(client: EmulatorClient, spec: Spec, case: object) -> None:
    from ecs_conformance.spec import ExampleCase

    assert isinstance(case, ExampleCase)
    params = apply(dict(BASE_COPY), case, lambda role: client.expand("${" + role + "}"),
                   random.Random(case.description))
    assert params is not None
    reply = client.send(Call(params, base=False))
    if case.expect == "accept":
        assert reply.status == 200, reply.body
        return
    status, code, messages = expected_refusal(spec, case.requirement)
    assert (reply.status, reply.code) == (status, code), reply.body
    if messages:
        assert reply.fields()["Message"] in messages


def test_every_rejecting_rule_has_a_reject_example() -> None:
    rejecting = {r.id for r in SPEC.rules if r.reject is not None}
    covered = {c.requirement for c in CASES if c.expect == "reject"}
    assert rejecting <= covered, sorted(rejecting - covered)


@pytest.mark.parametrize(("rule_id", "row_id"), [
    ("DestinationImageName.length", "InvalidImageName.Malformed~destination"),
    ("DestinationDescription.length", "InvalidDescription.Malformed~destination"),
    ("KMSKeyId.requires-encrypted", "InvalidParameter.EncryptedIllegal"), ("RegionId.exists",
                                                                           "SourceRegion.NotFound"),
    ("DestinationRegionId.exists", "DestinationRegion.NotFound"), ("DestinationRegionId.differs",
                                                                   "IncorrectDestinationRegion"),
    ("ImageId.exists", "InvalidImageId.NotFound"), ("KMSKeyId.exists",
                                                    "InvalidParameter.KMSKeyId.NotFound"),
])
def test_documented_rules_answer_their_first_row(client: EmulatorClient, spec: Spec,
                                                 rule_id: str, row_id: str) -> None:
    refusal = refusal_for(spec.rule(rule_id), client.app.behaviour)  # type: ignore[attr-defined]
    row = spec.row(row_id)
    assert (refusal.status, refusal.code, refusal.message) == (row.status, row.code, row.message)


def test_missing_image_id_uses_gateway_wording(client: EmulatorClient) -> None:
    reply = client.send(Call({"ImageId": None}))
    assert (reply.status, reply.code) == (400, "MissingImageId")
    assert reply.fields()["Message"] == "ImageId is mandatory for this action."


def test_value_rules_come_before_cross_and_lookup_rules(client: EmulatorClient) -> None:
    reply = client.send(Call({"DestinationImageName": "a", "KMSKeyId": "nope",
                              "ImageId": "m-unknown"}))
    assert reply.code == "InvalidImageName.Malformed"
    reply = client.send(Call({"KMSKeyId": "nope", "ImageId": "m-unknown"}))
    assert reply.code == "InvalidParameter.EncryptedIllegal"


def test_region_checks_come_before_the_image_lookup(client: EmulatorClient) -> None:
    assert client.send(Call({"RegionId": "xx-1", "ImageId": "m-x"})).code == \
        "SourceRegion.NotFound"
    assert client.send(Call({"DestinationRegionId": "xx-1", "ImageId": "m-x"})).code == \
        "DestinationRegion.NotFound"
    assert client.send(Call({"DestinationRegionId": "${regions.source}",
                             "ImageId": "m-x"})).code == "IncorrectDestinationRegion"
