"""The client suite's success answer follows the spec: the created field (roles.created_field)
and the XML root (the success-xml shape), so another operation's answer needs no code."""

from __future__ import annotations

import json

from ecs_conformance.spec import load_spec, roles
from ecs_conformance.suites.clientkit.answers import SuccessCase, SuccessShape, primary_shape

SPEC = load_spec()


def test_the_default_shape_is_the_specs_operation() -> None:
    shape = primary_shape()
    assert shape == SuccessShape(SPEC.response("success-xml").root or "",
                                 roles.created_field(SPEC))
    case = SuccessCase("RID", "m-1")
    assert json.loads(case.body(xml=False)) == {"RequestId": "RID", shape.created: "m-1"}
    assert case.expected() == {shape.created: "m-1", "RequestId": "RID"}


def test_another_operations_shape_is_rendered_from_its_data() -> None:
    case = SuccessCase("RID", "x-9", {"Extra": 1}, SuccessShape("MadeUpResponse", "ThingId"))
    assert case.body(xml=True).endswith(
        "<MadeUpResponse><RequestId>RID</RequestId><ThingId>x-9</ThingId><Extra>1</Extra>"
        "</MadeUpResponse>")
    assert json.loads(case.body(xml=False)) == {"RequestId": "RID", "ThingId": "x-9",
                                                "Extra": 1}
    assert case.expected() == {"ThingId": "x-9", "RequestId": "RID"}


def test_an_operation_creating_nothing_answers_only_its_request_id() -> None:
    case = SuccessCase("RID", "unused", shape=SuccessShape("NothingResponse", None))
    assert json.loads(case.body(xml=False)) == {"RequestId": "RID"}
    assert case.expected() == {"RequestId": "RID"}
