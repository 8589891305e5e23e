"""The mock ECS server over real HTTP, for every client that is not httpx in this process:
threaded, bound to 127.0.0.1 on a free port, bodies read up to 1 MiB, delays interruptible."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from ecs_conformance.spec.wire import Request
from ecs_conformance.suites.clientkit.mock import MockCore

MAX_BODY = 1 << 20


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, core: MockCore, stop: threading.Event) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.core, self.stop = core, stop


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server
    wbufsize = 1 << 16  # one write per answer (flushed by the stdlib after each request)
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: object) -> None:
        return

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(min(length, MAX_BODY)) if length > 0 else b""
        path, _, query = self.path.partition("?")
        request = Request(self.command, path, query.encode("latin-1"),
                          tuple((k, v) for k, v in self.headers.items()), body)
        reply = self.server.core.handle(request)
        if reply.delay_s and self.server.stop.wait(reply.delay_s):
            self.close_connection = True
            return
        data = reply.data
        try:
            self.send_response(reply.status)
            self.send_header("Content-Type", reply.content_type)
            for name, value in reply.headers:
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except OSError:  # the client gave up (timeout) and closed the connection
            self.close_connection = True

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _serve


class LoopbackServer:
    """``with LoopbackServer(core) as server: server.endpoint`` → ``http://127.0.0.1:PORT``."""

    def __init__(self, core: MockCore) -> None:
        self._stop = threading.Event()
        self._server = _Server(core, self._stop)
        self._thread = threading.Thread(target=self._server.serve_forever,
                                        kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def close(self) -> None:
        self._stop.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> LoopbackServer:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
