"""In-process targets that misbehave on purpose, for ``--app tests.asgi_beds:NAME``.

Not ASGI apps (``NOT_CALLABLE``, ``one_argument``, ``SomeApp``, ``sync_app``), a target that
answers the start-up probe and then falls silent (``probe_then_silent``), and throttling
wrappers around the reference emulator (:class:`Throttling`).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from ecs_conformance.reference import create_app

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]

NOT_CALLABLE = {"routes": ["/"]}


def one_argument(scope: Scope) -> None:
    """An ASGI 2-style factory, which the suite does not drive."""


class SomeApp:
    """A class, not an application object."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        pass


def sync_app(scope: Scope, receive: Receive, send: Send) -> None:
    """Takes the right arguments but returns nothing to await."""


class ProbeThenSilent:
    """Answers its first request like the emulator, then never answers again."""

    def __init__(self) -> None:
        self.inner = create_app()
        self.calls = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self.calls += 1
        if self.calls > 1:
            await asyncio.sleep(3600)
        await self.inner(scope, receive, send)


probe_then_silent = ProbeThenSilent()


def throttling_body(code: str) -> bytes:
    return json.dumps({"RequestId": "0B2D1F8C-0000-4000-8000-000000000000",
                       "HostId": "ecs.local", "Code": code,
                       "Message": "Request was denied due to request throttling."}).encode()


class Throttling:
    """The emulator behind a gateway that throttles its first ``first`` requests (every
    request when ``first`` is None), cycling through the throttling answers."""

    ANSWERS = ((400, "Throttling"), (429, "Throttling.User"), (503, "ServiceUnavailable"),
               (400, "Throttling.User"))

    def __init__(self, first: int | None) -> None:
        self.inner = create_app()
        self.first = first
        self.throttled = 0
        self.passed = 0
        self.nonces: list[str] = []  # of every request, throttled or not

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self.nonces.append(_nonce(scope))
        if self.first is None or self.throttled < self.first:
            status, code = self.ANSWERS[self.throttled % len(self.ANSWERS)]
            self.throttled += 1
            body = throttling_body(code)
            await send({"type": "http.response.start", "status": status,
                        "headers": [(b"content-type", b"application/json;charset=utf-8")]})
            await send({"type": "http.response.body", "body": body})
            return
        self.passed += 1
        await self.inner(scope, receive, send)


def _nonce(scope: Scope) -> str:
    from urllib.parse import parse_qsl

    headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
    query = dict(parse_qsl(scope["query_string"].decode("ascii")))
    return headers.get("x-acs-signature-nonce") or query.get("SignatureNonce", "")


async def mute_app(scope: Scope, receive: Receive, send: Send) -> None:
    """A well-formed ASGI app that never answers: it returns without a response."""
