"""A slow answer gives a timeout within the call's limit; retries where the adapter declares
them, each attempt signed afresh; never more attempts than declared."""

from __future__ import annotations

import pytest

from ecs_conformance.spec.loader import load_spec
from ecs_conformance.strategies.responses import JSON_TYPE
from ecs_conformance.suites.clientkit.answers import SuccessCase
from ecs_conformance.suites.clientkit.calls import minimal_call
from ecs_conformance.suites.clientkit.cases import example
from ecs_conformance.suites.clientkit.checks_answer import check_bounded, check_retry, check_timeout
from ecs_conformance.suites.clientkit.mock import Reply
from ecs_conformance.suites.clientkit.session import ClientSession

CALL_TIMEOUT_S, SERVER_DELAY_S = 1.0, 3.0
OK = SuccessCase("473469C7-AA6F-4DC5-B3DB-A3DC0DE3C842", "m-bp1h46wfpjsjastd0005")


def _error(status: int, code: str) -> Reply:
    message = load_spec().gateway_error(code).message if code == "Throttling" else \
        "The request has failed due to a temporary failure of the server."
    return Reply(status, JSON_TYPE, f'{{"RequestId":"473469C7-AA6F-4DC5-B3DB-A3DC0DE3C843",'
                                    f'"HostId":"ecs.aliyuncs.com","Code":"{code}",'
                                    f'"Message":"{message}"}}')


def test_slow_answer_times_out(client: ClientSession) -> None:
    example(client, minimal_call(client.spec), [OK.responder(delay_s=SERVER_DELAY_S)],
            lambda attempt: check_timeout(attempt, CALL_TIMEOUT_S, SERVER_DELAY_S),
            ("client.timeout",), timeout_s=CALL_TIMEOUT_S)


def test_failing_call_is_not_sent_more_than_declared(client: ClientSession) -> None:
    unavailable = _error(503, "ServiceUnavailable")
    example(client, minimal_call(client.spec), [lambda _: unavailable], check_bounded,
            ("client.retry.bounded",))


@pytest.mark.parametrize(("status", "code", "requirement"), [
    (503, "ServiceUnavailable", "client.retry.5xx"),
    (400, "Throttling", "client.retry.throttling"),
])
def test_retry_then_success(client: ClientSession, status: int, code: str,
                            requirement: str) -> None:
    if client.handshake.retries == 0:
        return  # not assessed: the default reason names the declared capability
    first = _error(status, code)
    example(client, minimal_call(client.spec), [lambda _: first, OK.responder()],
            lambda attempt: check_retry(attempt, OK, requirement, f"{status} {code}"),
            (requirement, "client.retry.resigned"))
