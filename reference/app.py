"""The ASGI 3 entry point: read the request, run the gateway and the action, render the answer.

``create_app()`` builds an emulator; ``app`` is the default one
(``--app ecs_conformance.reference.app:app``).
"""

from __future__ import annotations

import difflib
from collections import deque
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from ecs_conformance.reference.actions import Context, copy_image
from ecs_conformance.reference.behaviour import Behaviour, Fault
from ecs_conformance.reference.clock import Clock
from ecs_conformance.reference.contracts import check_contract, minimal_answer
from ecs_conformance.reference.errors import Refusal, Refused
from ecs_conformance.reference.faults import FAULTS
from ecs_conformance.reference.gateway import Caller, Gateway, Key, NonceBook
from ecs_conformance.reference.images import cancel_copy_image, delete_image, describe_images
from ecs_conformance.reference.responses import Answer, failure, new_request_id, render, success
from ecs_conformance.reference.state import EmulatorState
from ecs_conformance.reference.wire import BodyTooLarge, read_body, request_from_scope
from ecs_conformance.spec.loader import load_spec
from ecs_conformance.spec.model import Spec
from ecs_conformance.spec.profile import Profile, load_profile
from ecs_conformance.spec.wire import Params, Request, WireDecodeError, decode_params

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
Handler = Callable[[Context, Caller], dict[str, Any]]

ACTIONS: dict[str, Handler] = {
    "CopyImage": copy_image,
    "DescribeImages": describe_images,
    "CancelCopyImage": cancel_copy_image,
    "DeleteImage": delete_image,
}
TOO_LARGE = Refusal(413, "RequestEntityTooLarge", "The request body exceeds 1 MiB.")
BAD_ENCODING = Refusal(400, "InvalidParameter", "The specified parameter is not valid.")


@dataclass(frozen=True)
class LogEntry:
    """One handled request, for failures to quote (no parameters: they may carry secrets)."""

    method: str
    action: str | None
    status: int
    code: str | None


class App:
    """The emulator: a callable ASGI 3 application with its state exposed for tests."""

    def __init__(self, profile: Profile, clock: Clock, fault: Fault | None, spec: Spec,
                 seed: int | None = None) -> None:
        self.spec, self.profile, self.clock, self.fault = spec, profile, clock, fault
        self.behaviour = Behaviour(spec, fault)
        self.state = EmulatorState(profile, clock, queue=not self.behaviour.on("queue-ignored"),
                                   seed=seed,
                                   instant=self.behaviour.on("copy-available-at-once"))
        creds = profile.credentials
        keys = {creds.access_key_id: Key(creds.access_key_secret, None)}
        for role in profile.data.get("accounts", {}):
            account = profile.account(role)
            if account is not None:
                keys[account.access_key_id] = Key(account.access_key_secret, role)
        window = spec.protocol_requirement("gateway.timestamp-expired").window_minutes or 15
        actions = tuple(c.action for c in spec.contracts()
                        if not (self.behaviour.on("cancel-not-served")
                                and c.action == "CancelCopyImage"))
        self.gateway = Gateway(self.behaviour, keys, actions, timedelta(minutes=window),
                               NonceBook())
        self.context = Context(self.behaviour, self.state)
        self._internal = _internal_row(spec)
        self.log: deque[LogEntry] = deque(maxlen=1000)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await _lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        try:
            body = await read_body(receive)
        except BodyTooLarge:
            status, headers, payload = self._answer(request_from_scope(scope, b""), TOO_LARGE)
        else:
            status, headers, payload = self.handle(request_from_scope(scope, body))
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": payload})

    def handle(self, request: Request) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
        """Answer one request synchronously: status, headers and body."""
        try:
            params = decode_params(request, keep_plus=self.behaviour.on("plus-kept"),
                                   ignore_form=self.behaviour.on("form-body-ignored"))
        except WireDecodeError:
            return self._answer(request, BAD_ENCODING)
        return self._answer(request, None, params)

    def _answer(self, request: Request, refusal: Refusal | None,
                params: Params | None = None) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
        b = self.behaviour
        request_id = new_request_id(b)
        fmt = response_format(request, params, b)
        action: str | None = None
        answer: Answer
        try:
            if refusal is not None or params is None:
                raise Refused(refusal or BAD_ENCODING)
            caller = self.gateway.authenticate(request, params, self.clock.now())
            action = caller.action
            body = self._act(caller)
            answer = success(caller.action, {"RequestId": request_id, **body}, fmt, b)
        except Refused as refused:
            answer = failure(refused.refusal, request_id, request.host, fmt, b)
        except Exception:  # an emulator bug: answer like the real service, never leak details
            answer = failure(self.spec_internal_error(), request_id, request.host, fmt, b)
        content_type, payload = render(answer, b)
        code = answer.body.get("Code") if answer.status >= 400 else None
        self.log.append(LogEntry(request.method, action, answer.status, code))
        headers = [(b"content-type", content_type.encode()),
                   (b"content-length", str(len(payload)).encode()),
                   (b"x-acs-request-id", request_id.encode())]
        return answer.status, headers, payload

    def _act(self, caller: Caller) -> dict[str, Any]:
        """Run an operation: a companion's contract rules first, then its state behaviour (an
        operation with none answers its success shape)."""
        contract = self.spec.contract(caller.action)
        if not contract.primary:
            check_contract(contract, caller.params, self.state, self.behaviour.unenforced)
        handler = ACTIONS.get(caller.action)
        return handler(self.context, caller) if handler else minimal_answer(contract)

    def spec_internal_error(self) -> Refusal:
        return self.behaviour.row(self._internal)


def _internal_row(spec: Spec) -> str:
    """The row an internal failure answers: the operation's internal-class row with a 5xx
    status (errors.yaml: no request can provoke it on purpose)."""
    for row in spec.error_rows:
        if row.error_class == "internal" and row.status >= 500:
            return row.id
    raise ValueError(f"errors.yaml of {spec.operation.action} has no internal-class row with "
                     "a 5xx status for the emulator to answer its own failures with")


def response_format(request: Request, params: Params | None, b: Behaviour) -> str:
    """``json`` or ``xml``: V3 answers JSON; V1 follows Format (any case), default XML."""
    if request.header("authorization") is not None:
        return "xml" if b.on("v3-xml") else "json"
    given = (dict(params.query) if b.on("form-format-ignored") else params.merged()) \
        if params else {}
    fmt = given.get("Format", "").lower()
    if fmt == "json":
        return "xml" if b.on("v1-json-ignored") else "json"
    if fmt == "xml":
        return "json" if b.on("format-xml-ignored") else "xml"
    return "json" if b.on("v1-default-json") else "xml"


async def _lifespan(receive: Receive, send: Send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return


def create_app(profile: Profile | None = None, *, clock: Clock | None = None,
               fault: str | None = None, spec: Spec | None = None,
               seed: int | None = None) -> App:
    """An emulator for ``profile`` (default: the shipped one), optionally with one fault."""
    chosen: Fault | None = None
    if fault is not None:
        if fault not in FAULTS:
            near = difflib.get_close_matches(fault, FAULTS, n=3)
            hint = f"; did you mean {', '.join(near)}?" if near else ""
            raise ValueError(f"unknown fault {fault!r}{hint} (see reference.faults.FAULTS)")
        chosen = FAULTS[fault]
    return App(profile or load_profile(), clock or Clock(), chosen, spec or load_spec(), seed)


app = create_app()
