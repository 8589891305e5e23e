"""One definition of the wire (#13): one Transport, one request record, one parsed answer.

The transport and the request record live in spec/wire.py and every layer uses them; a second
``class Transport`` or a second record with a request's fields (method, body and a path or
query) anywhere in the packages fails here. And an exchange's answer is parsed once, however
many checks, blame rules and session bookkeeping read it.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from ecs_conformance.reference import create_app
from ecs_conformance.spec import load_spec
from ecs_conformance.spec.profile import load_profile
from ecs_conformance.spec.wire import Request, Transport, decode_params
from ecs_conformance.suites import checks, parse
from ecs_conformance.suites.defects import BadSignature
from ecs_conformance.suites.findings import describe
from ecs_conformance.suites.pacing import throttled
from ecs_conformance.suites.session import Session
from ecs_conformance.suites.targets import AsgiTarget

ROOT = Path(__file__).parents[2]
LAYERS = ("spec", "strategies", "suites", "reference", "reports", "adapters")
REQUEST_FIELDS = {"method", "body"}
WHERE_FIELDS = {"path", "query", "raw_query", "url"}
# the report's *evidence* of a request: redacted, clipped text in the layer that imports
# nothing (reports/), which is what a report shows rather than a request anyone sends
EVIDENCE = {"reports/evidence.py::HttpRequest"}


def _classes() -> Iterator[tuple[str, ast.ClassDef]]:
    for layer in LAYERS:
        for path in sorted((ROOT / layer).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.ClassDef):
                    yield str(path.relative_to(ROOT)), node


def _members(node: ast.ClassDef) -> set[str]:
    """A class's record fields: annotated attributes, and a Protocol's properties too."""
    names = {item.target.id for item in node.body
             if isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name)}
    if any(ast.unparse(base).endswith("Protocol") for base in node.bases):
        names |= {item.name for item in node.body if isinstance(item, ast.FunctionDef)}
    return names


def test_there_is_one_transport_class() -> None:
    found = [path for path, node in _classes() if node.name == "Transport"]
    assert found == ["spec/wire.py"], found


def test_there_is_one_request_record() -> None:
    found = [f"{path}::{node.name}" for path, node in _classes()
             if REQUEST_FIELDS <= (members := _members(node)) and members & WHERE_FIELDS]
    assert [name for name in found if name not in EVIDENCE] == ["spec/wire.py::Request"], found


def test_the_request_check_sees_a_second_record() -> None:
    """The AST rule fires on the shapes it forbids: a dataclass and a Protocol."""
    source = ("class Recorded:\n    method: str\n    raw_query: bytes\n    body: bytes\n"
              "class Seen(Protocol):\n    @property\n    def method(self) -> str: ...\n"
              "    @property\n    def query(self) -> str: ...\n"
              "    @property\n    def body(self) -> bytes: ...\n")
    classes = [n for n in ast.walk(ast.parse(source)) if isinstance(n, ast.ClassDef)]
    assert all(REQUEST_FIELDS <= _members(c) and _members(c) & WHERE_FIELDS for c in classes)


def test_one_parser_decodes_query_and_form_alike() -> None:
    """Percent-decoding, '+' as a space, repeated keys kept in order; the body only when typed
    as a form — the same for the emulator, the client mock and the suite."""
    request = Request("POST", "/", b"A=1&B=x%20y&A=2",
                      (("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"),),
                      b"C=%E6%B5%8B+z&A=3")
    params = decode_params(request)
    assert params.query == (("A", "1"), ("B", "x y"), ("A", "2"))
    assert params.form == (("C", "测 z"), ("A", "3"))
    assert params.values("A") == ["1", "2", "3"] and params.merged()["A"] == "1"
    untyped = Request("POST", "/", b"", (), b"C=1")
    assert decode_params(untyped).form == ()


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[bytes]:
    """Every body the answer parser parses."""
    seen: list[bytes] = []

    def counting(real: Callable[[bytes], Any]) -> Callable[[bytes], Any]:
        def parse_one(body: bytes) -> Any:
            seen.append(body)
            return real(body)
        return parse_one

    monkeypatch.setattr(parse, "_json", counting(parse._json))
    monkeypatch.setattr(parse, "_xml", counting(parse._xml))
    return seen


@pytest.mark.parametrize("transport", [Transport("v3"), Transport("v1", fmt="XML")],
                         ids=["v3-json", "v1-xml"])
def test_an_exchange_parses_its_answer_once(parses: list[bytes], transport: Transport) -> None:
    """A copy and a refused copy each go through the session (throttling, copy bookkeeping)
    and every check reading the answer (format, schema, blame, finding text): one parse each."""
    spec = load_spec()
    session = Session(spec, load_profile(None), AsgiTarget(create_app(spec=spec)), "asgi")
    params = session.base_request()
    accepted = session.call(params, transport)
    checks.success(spec, accepted, accept_requirement="response.success-schema",
                   scheme=transport.scheme, fmt=transport.fmt)
    describe(accepted)
    assert accepted.status == 200 and len(parses) == 1

    refused = session.send(session.signer.sign({**params, "DestinationImageName": "other"},
                                               transport, defects=(BadSignature(),)))
    result = checks.success(spec, refused, accept_requirement="response.success-schema",
                            scheme=transport.scheme, fmt=transport.fmt)
    throttled(refused)
    describe(refused)
    assert refused.status is not None and refused.status >= 400 and result.findings
    assert parse.parse_body(refused).fields.get("Code")  # the parse the checks all read
    assert len(parses) == 2, parses
