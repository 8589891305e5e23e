"""Server answers for the client suite: success bodies, documented error answers in JSON and
XML (from the spec's response shapes), and malformed answers a client must survive.

An answer is ``(status, content_type, body)``.
"""

from __future__ import annotations

import json
import re
import string
from typing import Protocol
from xml.sax.saxutils import escape

from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from ecs_conformance.spec import roles
from ecs_conformance.spec.model import Spec

Answer = tuple[int, str, str]
HOST_ID = "ecs.aliyuncs.com"
JSON_TYPE = "application/json;charset=utf-8"
PLACEHOLDER = re.compile(r"\{(\w+)\}")


class Coded(Protocol):
    """An error row, gateway error or extra code: anything with a status, code and message."""

    @property
    def status(self) -> int: ...
    @property
    def code(self) -> str: ...
    @property
    def message(self) -> str | None: ...


def request_ids() -> SearchStrategy[str]:
    """Upper-case UUIDs, the documented RequestId form."""
    return st.uuids().map(lambda u: str(u).upper())


def image_ids() -> SearchStrategy[str]:
    alnum = string.ascii_lowercase + string.digits
    return st.text(alnum, min_size=8, max_size=22).map(lambda t: "m-" + t)


def _render(fields: list[tuple[str, str]], fmt: str, root: str | None) -> str:
    if fmt == "json":
        return json.dumps(dict(fields), ensure_ascii=False)
    inner = "".join(f"<{k}>{escape(v)}</{k}>" for k, v in fields)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<{root}>{inner}</{root}>'


def _shape(spec: Spec, kind: str, fmt: str) -> tuple[str, str | None]:
    fmt = fmt.lower()
    shape = spec.response(f"{kind}-{fmt}")
    return shape.content_type, shape.root


def success_body(spec: Spec, fmt: str) -> SearchStrategy[str]:
    """Success bodies (``json`` or ``xml``) with the schema's fields in either order."""
    _, root = _shape(spec, "success", fmt)
    created = roles.created_field(spec)
    assert created is not None, "the success schema names no created ID"
    fields = st.tuples(request_ids(), image_ids()).map(
        lambda ids: [("RequestId", ids[0]), (created, ids[1])])
    ordered = st.tuples(fields, st.booleans()).map(lambda f: f[0][::-1] if f[1] else f[0])
    return ordered.map(lambda f: _render(f, fmt.lower(), root))


def success_answer(spec: Spec, fmt: str) -> SearchStrategy[Answer]:
    content_type, _ = _shape(spec, "success", fmt)
    return success_body(spec, fmt).map(lambda body: (200, content_type, body))


def error_answer(spec: Spec, row: Coded, fmt: str | None = None) -> SearchStrategy[Answer]:
    """The documented answer for ``row`` in JSON or XML (drawn when ``fmt`` is None), with and
    without the optional Recommend field."""
    message = PLACEHOLDER.sub("x", row.message or "")
    formats = st.just(fmt.lower()) if fmt else st.sampled_from(("json", "xml"))

    def answer(args: tuple[str, str, bool]) -> Answer:
        chosen, request_id, recommend = args
        content_type, root = _shape(spec, "error", chosen)
        fields = [("RequestId", request_id), ("HostId", HOST_ID), ("Code", row.code),
                  ("Message", message)]
        if recommend:
            fields.append(("Recommend", "https://api.aliyun.com/troubleshoot?q="
                           f"{row.code}&product=Ecs&requestId={request_id}"))
        return row.status, content_type, _render(fields, chosen, root)

    return st.tuples(formats, request_ids(), st.booleans()).map(answer)


_SUCCESS = '{"RequestId":"473469C7-AA6F-4DC5-B3DB-A3DC0DE3C83E","ImageId":"m-bp1h46wfpjsjastd0001"}'
_HTML = ("<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway"
         "</h1></center><hr><center>Tengine</center></body></html>")


def malformed_answer() -> SearchStrategy[Answer]:
    """Answers no conformant server gives: non-JSON, empty, truncated JSON, an HTML error page,
    a wrong content type, and an error body without Code."""
    return st.one_of(
        st.just((200, JSON_TYPE, "this is not JSON")),
        st.just((200, JSON_TYPE, "")),
        st.integers(1, len(_SUCCESS) - 1).map(lambda n: (200, JSON_TYPE, _SUCCESS[:n])),
        st.sampled_from((502, 503, 504)).map(lambda s: (s, "text/html", _HTML)),
        st.just((200, "text/plain", _SUCCESS)),
        st.just((200, "text/xml;charset=utf-8", _SUCCESS)),
        st.just((500, JSON_TYPE, '{"RequestId":"473469C7-AA6F-4DC5-B3DB-A3DC0DE3C83E",'
                                 '"Message":"oops"}')),
    )
