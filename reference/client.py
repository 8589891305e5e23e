"""A small in-process client: signs :class:`~reference.calls.Call` requests with
:mod:`spec.signing` and drives an ASGI app directly (no server, no sleeps).

Nonces are deterministic per client (a counter), and timestamps come from the app's clock, so
two emulators on equal frozen clocks see byte-identical requests.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Awaitable, Callable, Iterable, MutableMapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Protocol

import defusedxml.ElementTree as SafeET

from ecs_conformance.reference.calls import Call
from ecs_conformance.reference.clock import Clock
from ecs_conformance.spec import roles
from ecs_conformance.spec.model import Spec
from ecs_conformance.spec.profile import Profile
from ecs_conformance.spec.signing import (
    percent_encode,
    utc_timestamp,
    v1_sign,
    v1_signature,
    v3_sign,
)

ASGIApp = Callable[[MutableMapping[str, Any], Any, Any], Awaitable[None]]
PLACEHOLDER = re.compile(r"\$\{([a-z_]+(?:\.[a-z_]+)?)\}")
UUID_UPPER = re.compile(r"[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}")
IMAGE_ID = re.compile(r"\bm-[a-z0-9]{20}\b")


class Emulated(Protocol):
    spec: Spec
    profile: Profile
    clock: Clock

    async def __call__(self, scope: MutableMapping[str, Any], receive: Any, send: Any) -> None:
        ...


@dataclass(frozen=True)
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")

    def fields(self) -> dict[str, Any]:
        """The body as a mapping (JSON object, or the XML root's children; root as ``_root``)."""
        text = self.body.decode("utf-8")
        if text.lstrip().startswith("<"):
            root = SafeET.fromstring(text)
            return {"_root": root.tag, **_xml_children(root)}
        loaded = json.loads(text)
        return loaded if isinstance(loaded, dict) else {"_value": loaded}

    @property
    def code(self) -> str | None:
        return self.fields().get("Code")

    def digest(self) -> tuple[int, str, str]:
        """Status, content type and body with upper-case UUIDs and m- image IDs masked."""
        text = IMAGE_ID.sub("<image-id>", UUID_UPPER.sub("<uuid>", self.body.decode("utf-8")))
        return self.status, self.content_type, text


async def call_asgi(app: ASGIApp, method: str, path: str, query: bytes,
                    headers: Iterable[tuple[str, str]], body: bytes = b"") -> Reply:
    """One HTTP exchange with an ASGI 3 app, in-process."""
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
             "method": method, "scheme": "http", "path": path, "raw_path": path.encode(),
             "query_string": query, "root_path": "", "server": ("127.0.0.1", 80),
             "client": ("127.0.0.1", 50000),
             "headers": [(k.lower().encode(), v.encode()) for k, v in headers]}
    sent = False
    out: dict[str, Any] = {"body": b""}

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: MutableMapping[str, Any]) -> None:
        if message["type"] == "http.response.start":
            out["status"] = message["status"]
            out["headers"] = {k.decode().lower(): v.decode() for k, v in message["headers"]}
        elif message["type"] == "http.response.body":
            out["body"] += message.get("body", b"")

    await app(scope, receive, send)
    return Reply(out["status"], out["headers"], out["body"])


def encode_pairs(pairs: Iterable[tuple[str, str]], space: str = "%20") -> str:
    encoded = "&".join(f"{percent_encode(k)}={percent_encode(v)}" for k, v in pairs)
    return encoded.replace("%20", "+") if space == "+" else encoded


class EmulatorClient:
    """Sends :class:`Call` requests to an emulator, signed with its profile's credentials."""

    def __init__(self, app: Emulated, host: str = "ecs.aliyuncs.com") -> None:
        self.app = app
        self.host = host
        self.last_copy: str | None = None
        self._counter = 0

    def send(self, call: Call) -> Reply:
        return asyncio.run(self.asend(call))

    def run(self, witness: Sequence[Call]) -> list[Reply]:
        return [self.send(call) for call in witness]

    async def asend(self, call: Call) -> Reply:
        if call.advance_seconds:
            self.app.clock.advance(call.advance_seconds)
        method, query, headers, body = self.build(call)
        reply = await call_asgi(self.app, method, "/", query.encode(), headers, body)
        spec = self.app.spec
        if call.action == spec.operation.action and reply.status == 200:
            self.last_copy = str(reply.fields().get(roles.created_field(spec) or ""))
        return reply

    def build(self, call: Call) -> tuple[str, str, list[tuple[str, str]], bytes]:
        """Method, raw query, headers and body of ``call``."""
        profile = self.app.profile
        creds = profile.account(call.account) if call.account else profile.credentials
        if creds is None:
            raise KeyError(f"the profile has no account {call.account!r}")
        key_id = call.access_key_id or creds.access_key_id
        params = [(k, self.expand(v)) for k, v in call.business_params().items()]
        self._counter += 1
        nonce = call.nonce or f"{self._counter:032x}"
        now = self.app.clock.now() + timedelta(seconds=call.skew_seconds)
        stamp = call.timestamp or utc_timestamp(now)
        if call.scheme == "v3":
            return self._v3(call, params, key_id, creds.access_key_secret, nonce, stamp)
        pairs = v1_sign(call.method, params, key_id, creds.access_key_secret, nonce=nonce,
                        timestamp=stamp, fmt=call.fmt, version=call.version, action=call.action)
        if call.common:
            pairs = _recommon(call, pairs, creds.access_key_secret)
        if call.tamper == "signature":
            pairs[-1] = ("Signature", "AAAA" + pairs[-1][1][4:])
        headers = [("host", self.host), *call.extra_headers.items()]
        if call.carrier == "form":
            headers.append(("content-type", "application/x-www-form-urlencoded"))
            return call.method, "", headers, encode_pairs(pairs, call.space).encode()
        return call.method, encode_pairs(pairs, call.space), headers, b""

    def _v3(self, call: Call, params: list[tuple[str, str]], key_id: str, secret: str,
            nonce: str, stamp: str) -> tuple[str, str, list[tuple[str, str]], bytes]:
        body = encode_pairs(params).encode() if call.carrier == "form" else b""
        query = [] if call.carrier == "form" else params
        extra = dict(call.extra_headers)
        if call.carrier == "form":
            extra["content-type"] = "application/x-www-form-urlencoded"
        headers = v3_sign(call.method, self.host, query, key_id, secret, nonce=nonce,
                          date=stamp, body=body, action=call.action, version=call.version,
                          extra_headers=extra, signed_headers=call.signed_headers)
        if call.tamper == "signature":
            auth = headers["Authorization"]
            headers["Authorization"] = auth[:-4] + ("0000" if auth[-4:] != "0000" else "1111")
        if call.tamper == "body-hash":
            body = b"Extra=1"
            headers["content-type"] = "application/x-www-form-urlencoded"
        return call.method, encode_pairs(query, call.space), list(headers.items()), body

    def expand(self, value: str) -> str:
        def one(match: re.Match[str]) -> str:
            key = match.group(1)
            if key == "copy":
                if self.last_copy is None:
                    raise LookupError("${copy} used before any successful CopyImage")
                return self.last_copy
            found = self.app.profile.role(key)
            if found is None:
                raise LookupError(f"the profile has no role {key!r}")
            return found

        return PLACEHOLDER.sub(one, value)


def _recommon(call: Call, pairs: list[tuple[str, str]], secret: str) -> list[tuple[str, str]]:
    """``pairs`` with ``call.common`` applied, signed again unless Signature is dropped."""
    replaced = [(k, call.common[k] if k in call.common else v) for k, v in pairs[:-1]]
    unsigned = [(k, v) for k, v in replaced if v is not None]
    if "Signature" in call.common and call.common["Signature"] is None:
        return unsigned
    return [*unsigned, ("Signature", v1_signature(call.method, unsigned, secret))]


def _xml_children(element: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for child in element:
        value: Any = _xml_children(child) if len(child) else (child.text or "")
        if child.tag in out:
            previous = out[child.tag]
            out[child.tag] = [*previous, value] if isinstance(previous, list) else [previous,
                                                                                    value]
        else:
            out[child.tag] = value
    return out
