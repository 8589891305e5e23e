"""What the mock answers, drawn by Hypothesis: successes (with and without unknown extra
fields), each documented error row, and labelled malformed answers. A success or error case
renders in the format the request asks for — XML for a V1 request with Format=XML (any case)
or without Format, JSON otherwise — as a conforming server would."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape

from hypothesis import strategies as hs

from ecs_conformance.spec import load_spec, roles
from ecs_conformance.spec.model import ErrorRow, Spec
from ecs_conformance.spec.wire import Request
from ecs_conformance.strategies.responses import image_ids, request_ids
from ecs_conformance.suites.clientkit.mock import Reply, Responder
from ecs_conformance.suites.clientkit.verify import requested_format

JSON_TYPE = "application/json;charset=utf-8"
XML_TYPE = "text/xml;charset=utf-8"
HTML = ("<html><head><title>{status} Bad Gateway</title></head><body><center><h1>{status}"
        "</h1></center><hr><center>Tengine</center></body></html>")
EXTRA_NAMES = ("HostId", "Recommend", "TaskId", "Progress", "Tags", "x-Extra", "OSName")


def wants_xml(request: Request) -> bool:
    return requested_format(request) == "xml"


@dataclass(frozen=True)
class SuccessShape:
    """The operation's success answer, from the spec: the XML answer's root element and the
    field naming what the call created (``spec.roles.created_field``; None: no such field)."""

    root: str
    created: str | None

    @classmethod
    def of(cls, spec: Spec) -> SuccessShape:
        return cls(spec.response("success-xml").root or f"{spec.operation.action}Response",
                   roles.created_field(spec))


def primary_shape() -> SuccessShape:
    """The success shape of the spec's operation (the loader caches the spec)."""
    return SuccessShape.of(load_spec())


@dataclass(frozen=True)
class SuccessCase:
    request_id: str
    created_id: str  # the value of the shape's created field
    extra: dict[str, Any] = field(default_factory=dict)
    shape: SuccessShape = field(default_factory=primary_shape)

    def expected(self) -> dict[str, str]:
        """What the client must return as served: the created ID and the request id."""
        created = {self.shape.created: self.created_id} if self.shape.created else {}
        return {**created, "RequestId": self.request_id}

    def body(self, xml: bool) -> str:
        created = {self.shape.created: self.created_id} if self.shape.created else {}
        fields: dict[str, Any] = {"RequestId": self.request_id, **created, **self.extra}
        if not xml:
            return json.dumps(fields, ensure_ascii=False)
        inner = "".join(f"<{k}>{escape(str(v))}</{k}>" for k, v in fields.items())
        root = self.shape.root
        return f'<?xml version="1.0" encoding="UTF-8"?>\n<{root}>{inner}</{root}>'

    def responder(self, delay_s: float = 0.0) -> Responder:
        def answer(request: Request) -> Reply:
            xml = wants_xml(request)
            return Reply(200, XML_TYPE if xml else JSON_TYPE, self.body(xml), delay_s)

        return answer


_JSON_VALUES = hs.recursive(
    hs.none() | hs.booleans() | hs.integers(-(2**40), 2**40) | hs.text(max_size=12),
    lambda inner: hs.lists(inner, max_size=3)
    | hs.dictionaries(hs.text("abcXYZ", min_size=1, max_size=6), inner, max_size=3),
    max_leaves=6)


def success_cases(*, extra: bool) -> hs.SearchStrategy[SuccessCase]:
    extras = hs.dictionaries(hs.sampled_from(EXTRA_NAMES), _JSON_VALUES, min_size=1,
                             max_size=4) if extra else hs.just({})
    return hs.builds(SuccessCase, request_ids(), image_ids(), extras)


@dataclass(frozen=True)
class ErrorCase:
    row: ErrorRow
    json_answer: tuple[int, str, str]
    xml_answer: tuple[int, str, str]

    def responder(self) -> Responder:
        def answer(request: Request) -> Reply:
            status, content_type, body = self.xml_answer if wants_xml(request) \
                else self.json_answer
            return Reply(status, content_type, body)

        return answer


REQUEST_IDS = ("473469C7-AA6F-4DC5-B3DB-A3DC0DE3C83E", "C8B26B44-0189-443E-9816-D951F59623A9",
               "7B4B5C1F-1F2E-4B2A-9D8C-0A1B2C3D4E5F")


def error_cases(spec: Spec, row: ErrorRow) -> hs.SearchStrategy[ErrorCase]:
    """The row's documented answer in JSON and XML (with or without Recommend, from the
    spec's response shapes); request ids from a few documented ones, so a failure shrinks in a
    handful of calls."""
    def render(args: tuple[str, bool]) -> ErrorCase:
        request_id, recommend = args
        fields = {"RequestId": request_id, "HostId": "ecs.aliyuncs.com", "Code": row.code,
                  "Message": row.message}
        if recommend:
            fields["Recommend"] = f"https://api.aliyun.com/troubleshoot?q={row.code}"
        inner = "".join(f"<{k}>{escape(v)}</{k}>" for k, v in fields.items())
        xml = f'<?xml version="1.0" encoding="UTF-8"?>\n<Error>{inner}</Error>'
        return ErrorCase(row, (row.status, spec.response("error-json").content_type,
                               json.dumps(fields, ensure_ascii=False)),
                         (row.status, spec.response("error-xml").content_type, xml))

    return hs.tuples(hs.sampled_from(REQUEST_IDS), hs.booleans()).map(render)


@dataclass(frozen=True)
class MalformedCase:
    requirement: str
    reply: Reply
    success: SuccessCase | None = None  # the success inside a wrong content type

    def responder(self) -> Responder:
        return lambda _: self.reply


KINDS = ("non-json", "empty", "truncated", "html", "content-type", "error-without-code")


def malformed_cases(kind: str) -> hs.SearchStrategy[MalformedCase]:
    """Labelled malformed answers of one kind (``client.malformed.<kind>``)."""
    ok = SuccessCase("473469C7-AA6F-4DC5-B3DB-A3DC0DE3C83E", "m-bp1h46wfpjsjastd0001")
    full = ok.body(xml=False)
    requirement = f"client.malformed.{kind}"

    def case(reply: Reply, success: SuccessCase | None = None) -> MalformedCase:
        return MalformedCase(requirement, reply, success)

    text = hs.sampled_from(("this is not JSON", "OK", "Service Unavailable", "<<>>"))
    builders = {
        "non-json": text.map(lambda t: case(Reply(200, JSON_TYPE, t))),
        "empty": hs.just(case(Reply(200, JSON_TYPE, ""))),
        "truncated": hs.integers(1, len(full) - 1).map(
            lambda n: case(Reply(200, JSON_TYPE, full[:n]))),
        "html": hs.sampled_from((502, 503, 504)).map(
            lambda s: case(Reply(s, "text/html", HTML.format(status=s)))),
        "content-type": hs.sampled_from(("text/plain", XML_TYPE, "application/octet-stream")).map(
            lambda ct: case(Reply(200, ct, full), ok)),
        "error-without-code": hs.sampled_from((500, 503)).map(lambda s: case(Reply(
            s, JSON_TYPE, json.dumps({"RequestId": ok.request_id,
                                      "Message": "The request processing has failed."})))),
    }
    assert set(builders) == set(KINDS), "one builder per malformed kind"
    return builders[kind]
