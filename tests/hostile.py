"""A hostile HTTP target on loopback: it hangs, resets, floods or answers garbage on purpose.

Bounded in time and size; it only ever listens on 127.0.0.1 and stops when the test ends.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

BEHAVIOURS = ("hang", "reset", "garbage", "slow", "endless", "huge", "html", "invalid-utf8",
              "xml-bomb", "wrong-type", "error-200", "truncated", "script-message", "binary",
              "huge-headers", "surrogates", "odd-status")

BINARY = bytes(range(256)) * 64  # NUL, control characters, invalid UTF-8: 16 KiB of it
HUGE_HEADER = "X-Filler: " + "v" * 12000  # three times the evidence limit, under h11's 16 KiB

XML_BOMB = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
            b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
            b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
            b"<CopyImageResponse><RequestId>&lol3;</RequestId></CopyImageResponse>")

SCRIPT = "<script>document.body.setAttribute('data-pwned','1')</script>"
SCRIPT_ERROR = ('{"RequestId": "A", "HostId": "<img src=x onerror=alert(1)>", "Code": '
                '"<b>Bold</b>", "Message": "' + SCRIPT.replace("'", "\\u0027") + '"}').encode()


def _head(status: str, content_type: str, length: int | None) -> bytes:
    lines = [f"HTTP/1.1 {status}", f"Content-Type: {content_type}", "Connection: close"]
    if length is not None:
        lines.append(f"Content-Length: {length}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def _answer(conn: socket.socket, behaviour: str, stop: threading.Event) -> None:
    conn.settimeout(2)
    try:
        conn.recv(65536)
    except OSError:
        return
    if behaviour == "hang":
        stop.wait(30)
    elif behaviour == "reset":
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
    elif behaviour == "garbage":
        conn.sendall(b"\x00\xffNOT HTTP AT ALL\r\n\r\n")
    elif behaviour == "slow":
        conn.sendall(_head("200 OK", "application/json", 100))
        for _ in range(100):
            if stop.wait(0.2):
                break
            conn.sendall(b" ")
    elif behaviour in ("endless", "huge"):
        conn.sendall(_head("200 OK", "application/json", None if behaviour == "endless"
                           else 64 << 20))
        chunk = b"[" * 65536
        deadline = time.monotonic() + 10
        while not stop.is_set() and time.monotonic() < deadline:
            conn.sendall(chunk)
    else:
        body, kind, status = {
            "html": (b"<html><body><h1>502 Bad Gateway</h1></body></html>", "text/html",
                     "502 Bad Gateway"),
            "invalid-utf8": (b'{"RequestId": "\xff\xfe", "ImageId": "m-\xc3"}',
                             "application/json", "200 OK"),
            "xml-bomb": (XML_BOMB, "text/xml", "200 OK"),
            "wrong-type": (b'{"RequestId": "A", "ImageId": "m-abc"}', "text/plain", "200 OK"),
            "error-200": (b'{"RequestId": "A", "HostId": "h", "Code": "InternalError", '
                          b'"Message": "x"}', "application/json", "200 OK"),
            "truncated": (b'{"RequestId": "A", "ImageId": "m-', "application/json", "200 OK"),
            "script-message": (SCRIPT_ERROR, "application/json", "400 Bad Request"),
            "binary": (BINARY, "application/json", "400 Bad Request"),
            "odd-status": (b'{"RequestId": "A"}', "application/json", "999 Beyond"),
            "surrogates": (b'{"RequestId": "A", "HostId": "h", "Code": "\\ud800x", '
                           b'"Message": "\\udfff"}', "application/json", "400 Bad Request"),
            "huge-headers": (b'{"RequestId": "A"}', "application/json\r\n" + HUGE_HEADER,
                             "400 Bad Request"),
        }[behaviour]
        length = len(body) + (20 if behaviour == "truncated" else 0)
        conn.sendall(_head(status, kind, length) + body)


@contextmanager
def hostile_server(behaviour: str) -> Iterator[str]:
    """Serve ``behaviour`` on a free loopback port; yields the endpoint URL."""
    assert behaviour in BEHAVIOURS
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    listener.settimeout(0.2)
    stop = threading.Event()
    workers: list[threading.Thread] = []

    def loop() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                continue
            worker = threading.Thread(target=_serve_one, args=(conn,), daemon=True)
            worker.start()
            workers.append(worker)

    def _serve_one(conn: socket.socket) -> None:
        with conn:
            try:
                _answer(conn, behaviour, stop)
            except OSError:
                pass

    thread = threading.Thread(target=loop, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        stop.set()
        thread.join(5)
        listener.close()
        for worker in workers:
            worker.join(5)
