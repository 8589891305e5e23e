"""Pacing: the rate limit on our requests, and the backoff when a target throttles.

A throttled answer (``Throttling*`` codes, ``ServiceUnavailable``, HTTP 429 or 503) says
nothing about conformance: the request is retried, signed afresh (new nonce and timestamp),
after a bounded exponential backoff — at most ``MAX_RETRIES`` retries and ``MAX_BACKOFF_S``
seconds of waiting per request. If it stays throttled, the example is inconclusive and its
requirements are *errored* with the reason "throttled", never failed.

The rate limit spaces the starts of our requests at least ``1 / rate`` seconds apart. The
official API metadata of ECS 2014-05-26 gives CopyImage a flow control of 1,000 calls per 60 s
(figure as cited in issue 11; the metadata extract in ``../shared/sources/`` omits the
flow-control entry), about 16.7 per second; a live run defaults to
``LIVE_RATE_LIMIT`` (under a third of that, leaving room for other callers of the same account
and for the companion calls — DescribeImages, CancelCopyImage — that share other quotas).
Local targets have no limit unless one is given.

Time is injected (``clock`` and ``sleep``), so the project's tests run without real sleeps.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from ecs_conformance.suites.parse import parse_body
from ecs_conformance.suites.wire import Exchange

LIVE_RATE_LIMIT = 5.0  # requests per second for --live runs (quota: 1,000 per 60 s)
MAX_RETRIES = 4
FIRST_BACKOFF_S = 1.0
MAX_BACKOFF_S = 30.0  # total waiting for one request's retries
THROTTLED_STATUSES = (429, 503)
THROTTLED_CODES = ("ServiceUnavailable",)
RETRY_AFTER_HEADERS = (("x-acs-retry-after", 0.001), ("retry-after", 1.0))  # (name, seconds)


def throttled(exchange: Exchange) -> str | None:
    """Why an answer is throttling (``"HTTP 400 Throttling.User"``), or None."""
    if exchange.status is None:
        return None
    code = None
    if exchange.status >= 400:
        found = parse_body(exchange).fields.get("Code")
        code = found if isinstance(found, str) else None
    if exchange.status in THROTTLED_STATUSES or (
            code is not None and (code.startswith("Throttling") or code in THROTTLED_CODES)):
        return f"HTTP {exchange.status}" + (f" {code}" if code else "")
    return None


def retry_after(exchange: Exchange) -> float | None:
    """The wait the target asked for, in seconds (``x-acs-retry-after`` is milliseconds)."""
    for name, unit in RETRY_AFTER_HEADERS:
        value = exchange.header(name)
        try:
            seconds = float(value) * unit if value is not None else None
        except ValueError:
            seconds = None
        if seconds is not None and seconds >= 0:
            return seconds
    return None


@dataclass
class Pacer:
    """Spaces requests (``rate`` per second, None for no limit) and times the backoff."""

    rate: float | None = None
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    max_retries: int = MAX_RETRIES
    first_backoff_s: float = FIRST_BACKOFF_S
    max_backoff_s: float = MAX_BACKOFF_S
    _next_start: float | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        if self.rate is not None and self.rate <= 0:
            raise ValueError(f"the rate limit must be a positive number of requests per "
                             f"second, got {self.rate}")

    def wait_turn(self) -> None:
        """Block until the next request may start under the rate limit."""
        if self.rate is None:
            return
        now = self.clock()
        if self._next_start is not None and now < self._next_start:
            self.sleep(self._next_start - now)
            now = self._next_start
        self._next_start = now + 1.0 / self.rate

    def backoff(self, attempt: int, waited: float, asked: float | None) -> float | None:
        """Seconds to wait before retry number ``attempt`` (1-based), or None when the
        retries are spent: exponential from ``first_backoff_s``, or what the target asked
        for, never past ``max_backoff_s`` of waiting in all."""
        if attempt > self.max_retries:
            return None
        delay = asked if asked is not None else self.first_backoff_s * 2 ** (attempt - 1)
        if waited + delay > self.max_backoff_s:
            return None
        return delay
