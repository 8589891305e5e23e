"""Targets: where the suite sends requests. An in-process ASGI app or an HTTP endpoint.

Every call has a deadline and reads at most ``MAX_BODY_BYTES``; a target that hangs, resets or
floods becomes an :class:`Exchange` with ``problem`` set — a finding, never a hang or a crash.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any, Protocol
from urllib.parse import urlsplit

import httpx

from ecs_conformance.spec.defaults import SERVE_ENDPOINT
from ecs_conformance.suites.wire import MAX_BODY_BYTES, Exchange, WireRequest

#: where ``ecs-conformance serve`` listens unless told otherwise (spec/defaults.py); reports of
#: runs that had no endpoint (the embedded emulator) name it in their reproduce lines
DEFAULT_ENDPOINT = SERVE_ENDPOINT

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
ASGIApp = Callable[
    [Scope, Callable[[], Awaitable[Message]], Callable[[Message], Awaitable[None]]],
    Awaitable[None],
]


class Target(Protocol):
    host: str
    description: str

    def send(self, request: WireRequest) -> Exchange: ...
    def close(self) -> None: ...


class AsgiTarget:
    """Calls an ASGI app directly (no sockets): the cheapest path that still parses requests."""

    def __init__(self, app: ASGIApp, *, timeout_s: float = 10.0, host: str = "ecs.local") -> None:
        self.app = app
        self.timeout_s = timeout_s
        self.host = host
        self.description = f"asgi:{getattr(app, '__module__', '?')}"
        self._loop = asyncio.new_event_loop()
        self.requests = 0

    def send(self, request: WireRequest) -> Exchange:
        self.requests += 1
        started = time.perf_counter()
        try:
            status, headers, body, problem = self._loop.run_until_complete(
                asyncio.wait_for(self._call(request), self.timeout_s))
        except TimeoutError:
            status, headers, body, problem = None, [], b"", f"no answer within {self.timeout_s}s"
        except Exception as exc:  # the app crashed: a finding about the target, not our crash
            status, headers, body, problem = (None, [], b"",
                                              f"app raised {type(exc).__name__}: "
                                              f"{str(exc)[:200]}")
        return Exchange(request, status, tuple(headers), body, problem,
                        time.perf_counter() - started)

    async def _call(
        self, request: WireRequest
    ) -> tuple[int | None, list[tuple[str, str]], bytes, str | None]:
        raw_headers = [(k.lower().encode("latin-1"), v.encode("utf-8")) for k, v in request.headers]
        if not any(k == b"host" for k, _ in raw_headers):
            raw_headers.append((b"host", self.host.encode()))
        if request.body:
            raw_headers.append((b"content-length", str(len(request.body)).encode()))
        scope: Scope = {
            "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
            "method": request.method, "scheme": "http", "path": request.path,
            "raw_path": request.path.encode(), "root_path": "",
            "query_string": request.query_string().encode("ascii"), "headers": raw_headers,
            "server": (self.host, 80), "client": ("127.0.0.1", 50000),
        }
        sent = False
        state: dict[str, Any] = {"status": None, "headers": [], "chunks": [], "size": 0,
                                 "problem": None}

        async def receive() -> Message:
            nonlocal sent
            if sent:
                await asyncio.sleep(3600)  # a real client would keep the socket open
            sent = True
            return {"type": "http.request", "body": request.body, "more_body": False}

        async def send(message: Message) -> None:
            if message["type"] == "http.response.start":
                state["status"] = int(message["status"])
                state["headers"] = [(k.decode("latin-1"), v.decode("latin-1"))
                                    for k, v in message.get("headers", [])]
            elif message["type"] == "http.response.body":
                chunk = bytes(message.get("body", b""))
                if state["size"] + len(chunk) > MAX_BODY_BYTES:
                    state["problem"] = f"body larger than {MAX_BODY_BYTES} bytes"
                    chunk = chunk[: MAX_BODY_BYTES - state["size"]]
                state["chunks"].append(chunk)
                state["size"] += len(chunk)

        await self.app(scope, receive, send)
        if state["status"] is None:
            state["problem"] = "the app returned without sending http.response.start"
        return state["status"], state["headers"], b"".join(state["chunks"]), state["problem"]

    def close(self) -> None:
        self._loop.close()


class HttpTarget:
    """An HTTP endpoint, through httpx with connect/read timeouts and an overall deadline."""

    def __init__(self, endpoint: str, *, timeout_s: float = 10.0) -> None:
        parts = urlsplit(endpoint if "://" in endpoint else f"http://{endpoint}")
        netloc = parts.netloc.rpartition("@")[2]  # userinfo would become a Basic auth header
        self.base = f"{parts.scheme}://{netloc}"
        self.host = netloc
        self.description = self.base
        self.timeout_s = timeout_s
        self._client = httpx.Client(timeout=httpx.Timeout(timeout_s, connect=min(5.0, timeout_s)))
        self.requests = 0

    def send(self, request: WireRequest) -> Exchange:
        self.requests += 1
        started = time.perf_counter()
        deadline = started + self.timeout_s
        headers = [(k, v) for k, v in request.headers]
        try:
            url = httpx.URL(self.base + request.target())
            with self._client.stream(request.method, url, headers=headers,
                                     content=request.body or None) as response:
                body, problem = _bounded_read(response, deadline)
                return Exchange(request, response.status_code,
                                tuple(response.headers.multi_items()), body, problem,
                                time.perf_counter() - started)
        except httpx.TimeoutException:
            problem = f"no answer within {self.timeout_s}s"
        except httpx.HTTPError as exc:
            problem = f"transport error {type(exc).__name__}: {str(exc)[:200]}"
        return Exchange(request, None, (), b"", problem, time.perf_counter() - started)

    def close(self) -> None:
        self._client.close()


def _bounded_read(response: httpx.Response, deadline: float) -> tuple[bytes, str | None]:
    """Read at most MAX_BODY_BYTES before the deadline; a broken body keeps what arrived."""
    chunks: list[bytes] = []
    size = 0
    try:
        for chunk in response.iter_bytes():
            if size + len(chunk) > MAX_BODY_BYTES:
                chunks.append(chunk[: MAX_BODY_BYTES - size])
                return b"".join(chunks), f"body larger than {MAX_BODY_BYTES} bytes"
            chunks.append(chunk)
            size += len(chunk)
            if time.perf_counter() > deadline:
                return b"".join(chunks), "body still arriving at the deadline"
    except httpx.HTTPError as exc:
        return b"".join(chunks), f"body broken off: {type(exc).__name__}: {str(exc)[:200]}"
    return b"".join(chunks), None
