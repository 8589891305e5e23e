"""Throttling is not a failure; the rate limit spaces requests. Time is faked throughout:
the pacer's clock and sleep are injected, so no test sleeps or reads the wall clock."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import pairwise

import pytest

from ecs_conformance.spec import load_spec
from ecs_conformance.spec.profile import load_profile
from ecs_conformance.suites.pacing import LIVE_RATE_LIMIT, Pacer, retry_after, throttled
from ecs_conformance.suites.runner import RunOptions, build_session
from ecs_conformance.suites.server import test_formats, test_gateway, test_rules
from ecs_conformance.suites.session import Session
from ecs_conformance.suites.signer import Transport
from ecs_conformance.suites.targets import AsgiTarget
from ecs_conformance.suites.wire import Exchange, WireRequest
from tests.asgi_beds import Throttling, throttling_body

SPEC = load_spec()


@dataclass
class FakeTime:
    now: float = 0.0
    slept: list[float] = field(default_factory=list)

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def _session(app: Throttling, time: FakeTime, rate: float | None = None) -> Session:
    session = Session(SPEC, load_profile(None), AsgiTarget(app), "asgi")
    session.pacer = Pacer(rate, clock=time.clock, sleep=time.sleep)
    return session


def _run(test: Callable[[], None]) -> str | None:
    """Run one of the suite's tests; return pytest.fail's message, or None if it passed."""
    try:
        test()
    except pytest.fail.Exception as exc:
        return str(exc)
    return None


@pytest.mark.parametrize(("status", "code", "body_code"), [
    (400, "Throttling", True), (400, "Throttling.User", True), (503, "ServiceUnavailable", True),
    (429, None, False), (503, None, False)])
def test_throttled_answers_are_recognised(status: int, code: str | None, body_code: bool) -> None:
    body = throttling_body(code) if body_code and code else b"slow down"
    exchange = Exchange(WireRequest.of("POST"), status,
                        (("content-type", "application/json"),), body)
    assert throttled(exchange) is not None


def test_other_errors_are_not_throttling() -> None:
    for status, code in ((400, "InvalidImageName.Malformed"), (500, "InternalError"),
                         (404, "InvalidImageId.NotFound")):
        exchange = Exchange(WireRequest.of("POST"), status, (("content-type", "application/json"),),
                            throttling_body(code))
        assert throttled(exchange) is None


def test_retry_after_headers_are_read() -> None:
    ms = Exchange(WireRequest.of("POST"), 400, (("x-acs-retry-after", "1500"),))
    seconds = Exchange(WireRequest.of("POST"), 429, (("Retry-After", "3"),))
    assert retry_after(ms) == 1.5 and retry_after(seconds) == 3.0
    assert retry_after(Exchange(WireRequest.of("POST"), 429, (("Retry-After", "soon"),))) is None


def test_backoff_is_exponential_and_bounded_in_count_and_time() -> None:
    pacer = Pacer(max_retries=4, first_backoff_s=1.0, max_backoff_s=30.0)
    delays, waited = [], 0.0
    for attempt in range(1, 10):
        delay = pacer.backoff(attempt, waited, None)
        if delay is None:
            break
        delays.append(delay)
        waited += delay
    assert delays == [1.0, 2.0, 4.0, 8.0]
    assert pacer.backoff(1, 29.5, 1.0) is None  # the time bound
    assert pacer.backoff(1, 0.0, 40.0) is None  # a Retry-After past the bound is not obeyed


def test_a_target_throttling_its_first_answers_passes_after_retries() -> None:
    time, app = FakeTime(), Throttling(first=3)
    session = _session(app, time)
    assert _run(lambda: test_formats.test_v1_success_format(
        session, "JSON", "format.v1-format-json")) is None
    assert session.results.status("format.v1-format-json") == "passed"
    assert session.results.status("response.success-schema") == "passed"
    assert time.slept == [1.0, 2.0, 4.0]  # exponential backoff, on the fake clock
    assert app.throttled == 3 and app.passed == 1
    assert len(set(app.nonces)) == len(app.nonces) == 4  # each retry signed afresh


def test_a_target_that_always_throttles_is_errored_not_failed() -> None:
    time, app = FakeTime(), Throttling(first=None)
    session = _session(app, time)
    message = _run(lambda: test_formats.test_v1_success_format(
        session, "JSON", "format.v1-format-json"))
    assert message is not None and "inconclusive" in message
    for requirement in ("format.v1-format-json", "response.success-schema"):
        assert session.results.status(requirement) == "errored"
        reason = session.results.requirement_dicts()
        row = next(r for r in reason if r["id"] == requirement)
        assert str(row["reason"]).startswith("throttled"), row
    assert session.results.must_failed() == []
    assert sum(time.slept) <= 30.0 and len(time.slept) <= 4  # bounded


def test_an_always_throttled_property_is_errored_not_failed() -> None:
    """A generated violation answered only by throttling: the rule is errored (throttled),
    not failed — a 400 Throttling would otherwise pass for "any 4xx"."""
    time, app = FakeTime(), Throttling(first=None)
    session = _session(app, time)
    session.budget = "quick"
    rule = SPEC.rule("DestinationImageName.length")
    _run(lambda: test_rules.test_violation_is_refused(session, rule))
    assert session.results.status(rule.id) == "errored"
    assert session.results.must_failed() == []


def test_a_throttled_gateway_probe_is_errored_not_passed() -> None:
    """Tampered requests cannot be signed afresh; a throttled answer to one (a 400, which a
    "4xx" gateway clause would accept) errors the clause rather than passing it."""
    time, app = FakeTime(), Throttling(first=None)
    session = _session(app, time)
    _run(lambda: test_gateway.test_wrong_signature_is_refused(session, "v3"))
    assert session.results.status("gateway.signature-mismatch") == "errored"
    assert time.slept == [1.0]  # nothing to retry with; one backoff before going on


def test_the_rate_limit_spaces_requests() -> None:
    time = FakeTime()
    starts: list[float] = []
    pacer = Pacer(4.0, clock=time.clock, sleep=time.sleep)
    for _ in range(5):
        pacer.wait_turn()
        starts.append(time.now)
        time.now += 0.01  # the request itself takes a little time
    gaps = [b - a for a, b in pairwise(starts)]
    assert all(gap == pytest.approx(0.25) for gap in gaps), gaps


def test_no_rate_limit_never_sleeps() -> None:
    time = FakeTime()
    pacer = Pacer(None, clock=time.clock, sleep=time.sleep)
    for _ in range(100):
        pacer.wait_turn()
    assert time.slept == []


def test_a_session_paces_through_its_rate_limit() -> None:
    time, app = FakeTime(), Throttling(first=0)
    session = _session(app, time, rate=2.0)
    for _ in range(3):
        session.call({"RegionId": "cn-hangzhou"}, Transport("v3"))
    assert time.slept == [pytest.approx(0.5), pytest.approx(0.5)]


def test_rate_limit_defaults() -> None:
    local = build_session(RunOptions())
    assert local.pacer.rate is None
    live = build_session(RunOptions(live=True))
    assert live.pacer.rate == LIVE_RATE_LIMIT
    assert LIVE_RATE_LIMIT * 60 < 1000  # under the documented 1,000 CopyImage calls per 60 s
    chosen = build_session(RunOptions(rate_limit=2.5))
    assert chosen.pacer.rate == 2.5


def test_a_non_positive_rate_limit_is_a_usage_error() -> None:
    from ecs_conformance.spec.problems import UsageError

    with pytest.raises(UsageError, match="--rate-limit"):
        build_session(RunOptions(rate_limit=0))


def test_the_cli_passes_the_rate_limit_to_the_plugin() -> None:
    from ecs_conformance.suites.cli import build_parser
    from ecs_conformance.suites.commands.server_cmd import run_options

    args = build_parser().parse_args(["server", "--endpoint", "http://127.0.0.1:1",
                                      "--profile", "p.yaml", "--rate-limit", "3"])
    assert run_options(args).rate_limit == 3.0  # the object the plugin runs with


def test_requests_with_extra_headers_are_retried_too() -> None:
    """The wire tests sign with SDK headers of their own; a retry re-signs those as well."""
    from ecs_conformance.suites.server import test_wire

    time, app = FakeTime(), Throttling(first=2)
    session = _session(app, time)
    assert _run(lambda: test_wire.test_v3_signed_header_set_of_tea_python(session)) is None
    assert session.results.status("signature.v3-accepted") == "passed"
    assert time.slept == [1.0, 2.0] and len(set(app.nonces)) == 3


def test_a_throttled_state_machine_is_errored_not_failed() -> None:
    from ecs_conformance.suites.server import test_stateful

    time, app = FakeTime(), Throttling(first=None)
    session = _session(app, time)
    session.budget = "quick"
    _run(lambda: test_stateful.test_copy_state_machine(session))
    assert session.results.must_failed() == []
    statuses = {r: session.results.status(r) for r in test_stateful.REQUIREMENTS}
    assert "passed" not in statuses.values(), statuses
    assert "errored" in statuses.values(), statuses
