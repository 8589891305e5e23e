"""Every generated violation is checked over every path through the target, and only once
against the real cloud."""

from __future__ import annotations

import pytest

from ecs_conformance.spec import load_spec
from ecs_conformance.suites.runner import RunOptions, build_session
from ecs_conformance.suites.scenarios import reject_everywhere
from ecs_conformance.suites.signer import Transport

SPEC = load_spec()
RULE = SPEC.rule("DestinationImageName.length")
DRAWN = Transport("v1", "POST", "query", "json", "+")  # a spelling the rotation lacks


def _params(session, length: int) -> dict[str, str]:
    return {**session.base_request(), "DestinationImageName": "n" * length}


@pytest.fixture
def record(monkeypatch: pytest.MonkeyPatch):
    def make(options: RunOptions):
        session = build_session(options)
        paths: list[tuple[str, str, str, str | None, str]] = []
        original = session.signer.sign

        def sign(params, transport, **kwargs):
            paths.append((transport.scheme, transport.method, transport.placement,
                          transport.fmt, transport.space_style))
            return original(params, transport, **kwargs)

        monkeypatch.setattr(session, "signer", _Signer(session.signer, sign))
        return session, paths
    return make


class _Signer:
    """The session's signer, with ``sign`` observed."""

    def __init__(self, inner, sign) -> None:
        self._inner, self.sign = inner, sign

    def __getattr__(self, name: str):
        return getattr(self._inner, name)


def test_a_violation_travels_every_path_once(record) -> None:
    session, paths = record(RunOptions())
    assert RULE.reject is not None
    result = reject_everywhere(session, _params(session, 129), DRAWN, RULE.reject, RULE.id)
    session.target.close()
    assert result.findings == []
    assert paths[0] == ("v1", "POST", "query", "json", "+")
    rotation = {(t.scheme, t.method, t.placement, t.fmt, t.space_style)
                for t in session.transports()}
    assert set(paths[1:]) == rotation and len(paths) == len(rotation) + 1
    # every method and placement, with JSON and XML answers, for each declared scheme
    assert {(p[0], p[1], p[2]) for p in paths} == {
        (s, m, pl) for s in ("v1", "v3") for m, pl in
        (("POST", "query"), ("GET", "query"), ("POST", "form"))}
    assert {p[3].lower() for p in paths if p[0] == "v1" and p[3]} == {"json", "xml"}


def test_the_drawn_path_is_not_sent_twice(record) -> None:
    session, paths = record(RunOptions())
    first = session.transports()[0]
    assert RULE.reject is not None
    reject_everywhere(session, _params(session, 129), first, RULE.reject, RULE.id)
    session.target.close()
    assert len(paths) == len(session.transports())


def test_the_first_must_finding_ends_the_fan_out(record) -> None:
    session, paths = record(RunOptions(fault="name-max-129"))
    assert RULE.reject is not None
    result = reject_everywhere(session, _params(session, 129), DRAWN, RULE.reject, RULE.id)
    session.target.close()
    assert len(paths) == 1
    assert RULE.id in {f.requirement for f in result.findings}


def test_a_live_run_sends_each_violation_once(record) -> None:
    session, paths = record(RunOptions())
    session.live = True
    assert RULE.reject is not None
    reject_everywhere(session, _params(session, 129), DRAWN, RULE.reject, RULE.id)
    session.target.close()
    assert paths == [("v1", "POST", "query", "json", "+")]


@pytest.mark.parametrize(("transport", "route"), [
    (Transport("v1", "POST", "form", "JSON", "+"), "V1 POST form body, Format=JSON, spaces as +"),
    (Transport("v1", "GET", "query", None), "V1 GET query, no Format"),
    (Transport("v3", "POST", "query"), "V3 POST query"),
    (Transport("v3", "POST", "form"), "V3 POST form body"),
])
def test_a_failure_names_the_path_it_took(transport: Transport, route: str) -> None:
    """The failure text says how the request travelled: with fan-out, a failure may belong to
    one path only."""
    session = build_session(RunOptions())
    request = session.signer.sign(session.base_request(), transport)
    session.target.close()
    assert request.route() == route


def test_a_finding_on_the_shape_of_answers_does_not_end_the_fan_out(record) -> None:
    """The rule properties explore past answer-shape findings, so the paths after a wrongly
    shaped one must still check the rule."""
    from ecs_conformance.suites.property import answer_shape

    session, paths = record(RunOptions(fault="form-format-ignored"))
    assert RULE.reject is not None
    result = reject_everywhere(session, _params(session, 129), DRAWN, RULE.reject, RULE.id,
                               record_only=answer_shape(session))
    session.target.close()
    assert len(paths) == len(session.transports()) + 1
    assert {f.requirement for f in result.findings} == {"format.v1-format-json"}
