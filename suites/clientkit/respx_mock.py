"""The mock ECS server in-process, for httpx-based Python clients: a respx router on the call's
endpoint. No socket is opened; a scripted delay longer than the read timeout the client set on
its request becomes ``httpx.ReadTimeout`` (a client that set a longer one, or none, waits)."""

from __future__ import annotations

import socket
import time

import httpx
import respx

from ecs_conformance.spec.wire import Request
from ecs_conformance.suites.clientkit.mock import MockCore


def unused_endpoint() -> str:
    """A loopback port nobody listens on, so a request that escapes the router fails."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}"


class RespxServer:
    def __init__(self, core: MockCore) -> None:
        self.core = core
        self.endpoint = unused_endpoint()
        self.router = respx.mock(base_url=self.endpoint, assert_all_called=False,
                                 assert_all_mocked=True)
        self.router.route().mock(side_effect=self._answer)
        self.router.start()

    def _answer(self, request: httpx.Request) -> httpx.Response:
        recorded = Request(request.method, request.url.path, request.url.query,
                           tuple((k.decode("latin-1"), v.decode("latin-1"))
                                 for k, v in request.headers.raw), request.content)
        reply = self.core.handle(recorded)
        if reply.delay_s:
            read = (request.extensions.get("timeout") or {}).get("read")
            if read is not None and read < reply.delay_s:
                raise httpx.ReadTimeout(f"read timeout {read}s (mock)", request=request)
            time.sleep(reply.delay_s)  # the client waits as long as the server makes it
        headers = [("content-type", reply.content_type), *reply.headers]
        return httpx.Response(reply.status, headers=headers, content=reply.data)

    def close(self) -> None:
        self.router.stop(quiet=True)
