"""The mock ECS server's core, shared by the respx router and the loopback HTTP server: it
records every request byte for byte (the shared record, :class:`spec.wire.Request`, nothing
decoded), verifies its signature with the shared secret and answers as the test case scripted
(status, content type, body, headers, delay)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

from ecs_conformance.spec.wire import Request
from ecs_conformance.suites.clientkit.verify import signature_problems

REDACTED = "***"
EVIDENCE_CHARS = 4096


def request_evidence(request: Request) -> dict[str, object]:
    """A recorded request for a report, its signature redacted so it cannot be replayed."""
    query = "&".join(f"Signature={REDACTED}" if part.startswith("Signature=") else part
                     for part in request.raw_query.decode("latin-1").split("&"))
    headers = {k: (REDACTED if k.lower() == "authorization" else v) for k, v in request.headers}
    url = f"{request.path}?{query}" if query else request.path
    body = request.body.decode("utf-8", "replace")[:EVIDENCE_CHARS]
    return {"method": request.method, "url": url, "headers": headers, "body": body}


@dataclass(frozen=True)
class Reply:
    status: int
    content_type: str
    body: str | bytes
    delay_s: float = 0.0
    headers: tuple[tuple[str, str], ...] = ()

    @property
    def data(self) -> bytes:
        return self.body.encode("utf-8") if isinstance(self.body, str) else self.body

    def evidence(self) -> dict[str, object]:
        text = self.data[:EVIDENCE_CHARS].decode("utf-8", "replace")
        if self.delay_s:
            text = f"[answered after {self.delay_s:g}s] {text}"
        return {"status": self.status,
                "headers": {"content-type": self.content_type, **dict(self.headers)},
                "body": text}


Responder = Callable[[Request], Reply]


@dataclass(frozen=True)
class Served:
    request: Request
    reply: Reply
    signature_problems: tuple[str, ...]


def unscripted(_: Request) -> Reply:
    return Reply(500, "application/json;charset=utf-8",
                 '{"Code":"Mock.Unscripted","Message":"no answer was scripted for this request"}')


class MockCore:
    """Strict and recording: request ``k`` of a call gets ``script[k]`` (the last entry
    repeats); with nothing scripted it answers 500 ``Mock.Unscripted``."""

    def __init__(self, access_key_id: str, secret: str) -> None:
        self.access_key_id = access_key_id
        self._secret = secret
        self._lock = threading.Lock()
        self._script: list[Responder] = []
        self.log: list[Served] = []
        self._mark = 0

    def __repr__(self) -> str:  # never show the secret
        return f"MockCore(access_key_id={self.access_key_id!r}, served={len(self.log)})"

    def program(self, script: list[Responder]) -> None:
        """Start a new call: the next requests are answered from ``script``."""
        with self._lock:
            self._script = list(script)
            self._mark = len(self.log)

    def since_program(self) -> list[Served]:
        with self._lock:
            return self.log[self._mark:]

    def handle(self, request: Request) -> Reply:
        with self._lock:
            index = len(self.log) - self._mark
            script = self._script
            responder = script[min(index, len(script) - 1)] if script else unscripted
        try:
            reply = responder(request)
        except Exception as exc:  # a responder bug must not look like a client bug
            reply = Reply(500, "text/plain", f"mock responder failed: {exc!r}")
        problems = tuple(signature_problems(request, self.access_key_id, self._secret))
        with self._lock:
            self.log.append(Served(request, reply, problems))
        return reply
