"""One conformance run: the spec, the profile, the target, the signer and the results."""

from __future__ import annotations

import hashlib
import os
import random
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from ecs_conformance.spec import purposes, roles
from ecs_conformance.spec.model import Spec
from ecs_conformance.spec.profile import Profile
from ecs_conformance.spec.wire import Transport
from ecs_conformance.strategies import world
from ecs_conformance.suites.budgets import BUDGETS
from ecs_conformance.suites.defects import Repeat
from ecs_conformance.suites.pacing import Pacer, retry_after, throttled
from ecs_conformance.suites.parse import parse_body
from ecs_conformance.suites.results import Results
from ecs_conformance.suites.signer import Signer
from ecs_conformance.suites.targets import Target
from ecs_conformance.suites.wire import Exchange, WireRequest

SAME_IMAGE_CONFLICT = "state.same-image-conflict"
GIVE_UP_AFTER = 5
MAX_UNANSWERED_KEPT = 64
NAME_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"


@dataclass
class Session:
    spec: Spec
    profile: Profile
    target: Target
    target_kind: str
    seed: int = 0
    budget: str = "default"
    fresh_state: bool = True  # the target starts empty (embedded emulator)
    live: bool = False
    max_copies: int = 3
    copies: list[tuple[str, str]] = field(default_factory=list)  # (region, image id) created
    copied_names: set[tuple[str, str]] = field(default_factory=set)  # (region, name) copied
    results: Results = field(init=False)
    signer: Signer = field(init=False)
    started: float = field(default_factory=time.time)
    used_names: dict[str, set[str]] = field(default_factory=dict)
    _names: random.Random = field(init=False)
    pacer: Pacer = field(default_factory=Pacer)  # rate limit and throttling backoff
    run_token: str = field(init=False)  # unique to this run (seed-derived on a fresh target)
    _counter: int = 0
    _silent: int = 0
    _throttled: int = 0  # requests in a row that stayed throttled
    _unanswered: list[Exchange] = field(default_factory=list)
    # copies made for us that block another copy of their source image (editions refusing a
    # second copy of an image being copied): copy id -> (region, source image, name)
    _blocking: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    keep_copies: bool = False  # set by a check that wants the conflict itself

    def __post_init__(self) -> None:
        self.results = Results(self.spec)
        creds = self.profile.credentials
        self.signer = Signer(creds.access_key_id, creds.access_key_secret, self.target.host,
                             action=self.spec.operation.action,
                             version=self.spec.operation.version)
        # an in-process emulator object that outlives a run keeps the clock earlier runs moved:
        # sign on its time from the start
        clock = getattr(getattr(self.target, "app", None), "clock", None)
        now = getattr(clock, "now", None)
        if callable(now) and isinstance(moved := now(), datetime):
            self.signer = replace(self.signer, clock_skew=moved - datetime.now(UTC))
        # a persistent target keeps the copies of earlier and concurrent runs: there, names
        # derive from a token of this run (random, pid, time), never from the seed alone
        token = str(self.seed) if self.fresh_state else (
            f"{self.seed}-{os.getpid()}-{time.time_ns()}-{secrets.token_hex(8)}")
        self.run_token = hashlib.sha256(token.encode()).hexdigest()[:16]
        self._names = random.Random(hashlib.sha256(token.encode()).digest())

    @property
    def refuses_same_image(self) -> bool:
        """The edition refuses a second copy of an image whose copy is in progress."""
        return any(r.id == SAME_IMAGE_CONFLICT for r in self.spec.state_requirements)

    @property
    def max_examples(self) -> int:
        return BUDGETS[self.budget].examples

    def token(self, width: int = 6) -> str:
        """Fresh lower-case letters and digits: unique names for successful copies."""
        self._counter += 1
        return "".join(self._names.choice(NAME_ALPHABET) for _ in range(width))

    def base_request(self) -> dict[str, str]:
        """A minimal valid request: every look-up parameter no rule makes conditional, on the
        profile's values, and a fresh name (parameters found by their spec roles)."""
        out = {name: self.profile.role(role) or ""
               for name, role in world.unconditional_existing(self.spec).items()}
        name = roles.name_of(self.spec, roles.NAME)
        if name:
            out[name] = f"conformance-{self.token(10)}"
        return out

    def _param(self, params: dict[str, str], role: str) -> str:
        """The value of the parameter with ``role`` in ``params`` ("" when none)."""
        name = roles.name_of(self.spec, role)
        return params.get(name, "") if name else ""

    def transports(self) -> list[Transport]:
        """Every path a request can take through the target, once: for each declared scheme,
        POST with query parameters, GET, and POST with a form body; V1 (whose Format picks the
        answer) once with JSON and once with XML on each of them. Spellings of Format and of
        spaces vary between the paths; Hypothesis draws the rest (``strategies.transports``)."""
        out = []
        for scheme in self.profile.signature_versions:
            if scheme == "v3":
                out += [Transport("v3", "POST", "query"), Transport("v3", "GET", "query"),
                        Transport("v3", "POST", "form")]
            else:
                out += [Transport("v1", "POST", "query", "JSON"),
                        Transport("v1", "POST", "query", "XML"),
                        Transport("v1", "GET", "query", None),
                        Transport("v1", "GET", "query", "json"),
                        Transport("v1", "POST", "form", "xml", "+"),
                        Transport("v1", "POST", "form", "JSON", "+")]
        return out

    def send(self, request: WireRequest,
             resign: Callable[[], WireRequest] | None = None) -> Exchange:
        """Send through the target under the rate limit. A throttled answer is retried with
        backoff, re-signed by ``resign`` (fresh nonce and timestamp); one that stays throttled
        comes back marked inconclusive. After ``GIVE_UP_AFTER`` silent (or throttled) answers
        in a row the target is treated as gone and later requests are not sent (marked
        inconclusive); the run still ends and reports."""
        if self._silent >= GIVE_UP_AFTER or self._throttled >= GIVE_UP_AFTER:
            gone = "gave no answer" if self._silent >= GIVE_UP_AFTER else "stayed throttled"
            return self._observe(Exchange(
                request, None, problem=f"not sent: the target {gone} {GIVE_UP_AFTER} times "
                                       "in a row", inconclusive=f"not sent: the target {gone}"))
        if self._blocking and not self.keep_copies and self._is_copy(request) and \
                not self._release(self._param(dict(request.business), roles.IMAGE)):
            busy = (f"not sent: our copy of its source image still runs, and the spec has no "
                    f"{purposes.CANCEL_COPY} companion to cancel it (the edition refuses a "
                    "second copy meanwhile)")
            return self._observe(Exchange(request, None, problem=busy, inconclusive=busy))
        exchange, attempt, waited = self._send_once(request), 0, 0.0
        while (why := throttled(exchange)) is not None:
            attempt += 1
            delay = self.pacer.backoff(attempt, waited, retry_after(exchange))
            if resign is None or delay is None:
                if resign is None and delay is not None:
                    self.pacer.sleep(delay)  # cannot retry it; let the gateway calm down
                else:
                    self._throttled += 1  # retries spent: counts towards giving up
                tries = f"{attempt} attempt{'s' if attempt > 1 else ''}"
                return self._observe(replace(exchange, inconclusive=(
                    f"throttled: {why} after {tries} over {waited:g}s of backoff"
                    + ("" if resign else " (this request cannot be signed afresh)"))))
            self.pacer.sleep(delay)
            waited += delay
            exchange = self._send_once(resign())
        self._throttled = 0
        self._silent = self._silent + 1 if exchange.status is None else 0
        self._remember_copy(exchange.request, exchange)
        return self._observe(exchange)

    def _send_once(self, request: WireRequest) -> Exchange:
        self.pacer.wait_turn()
        return self.target.send(_after_copies(self.spec, request, self.copied_names))

    def _observe(self, exchange: Exchange) -> Exchange:
        if (exchange.status is None or exchange.inconclusive) and \
                len(self._unanswered) < MAX_UNANSWERED_KEPT:
            self._unanswered.append(exchange)
        return exchange

    def unanswered(self) -> list[Exchange]:
        """The exchanges since the last call that got no answer, or no conclusive one (what
        the current check could not observe); and forget them."""
        seen, self._unanswered = self._unanswered, []
        return seen

    def _is_copy(self, request: WireRequest) -> bool:
        action = dict(request.query).get("Action") or dict(
            (k.lower(), v) for k, v in request.headers).get("x-acs-action")
        return action in (None, self.spec.operation.action)

    def _release(self, source: str) -> bool:
        """Cancel our copies of ``source`` still in progress, so that the next copy of it is
        not refused for the conflict (checks not about the conflict need a free source). A
        cancelled copy's name is free again; a finished one cannot be cancelled and keeps it.
        The cancel-copy companion is found by purpose; False: the spec has none, and some of
        our copies of ``source`` may still run."""
        from ecs_conformance.suites.companions import call, on_image  # they import this module

        contract = self.spec.companion(purposes.CANCEL_COPY)
        if contract is None:
            return not any(of == source for _, of, _ in self._blocking.values())
        for image_id, (region, of, name) in list(self._blocking.items()):
            if of != source:
                continue
            del self._blocking[image_id]
            exchange = call(self, contract.action, on_image(contract, region, image_id))
            if exchange.status == 200 and name:
                self.used_names.get(region, set()).discard(name)
                self.copied_names.discard((region, name))
        return True

    def release_all(self) -> None:
        """Cancel every copy of ours that may still block another copy of its source (editions
        refusing a second copy of an image in progress), at the end of a run against a target
        that keeps its state: left running, it would refuse the next run's first copy of that
        image. Only this run's copies, never another run's (a concurrent run keeps its own)."""
        for source in dict.fromkeys(of for _, of, _ in self._blocking.values()):
            self._release(source)

    def created_id(self, exchange: Exchange) -> str:
        """The ID a successful answer gives what it created ("" when it carries none)."""
        created = roles.created_field(self.spec)
        value = parse_body(exchange).fields.get(created) if created else None
        return value if isinstance(value, str) else ""

    def target_region(self, params: dict[str, str]) -> str:
        """Where a request's result lands (its destination region, else its source region)."""
        return roles.target_region(self.spec, params)

    def _remember_copy(self, request: WireRequest, exchange: Exchange) -> None:
        """Every copy the target made for us, whatever test caused it (live runs cancel them)."""
        created = roles.created_field(self.spec)
        if exchange.status != 200 or not created or created.encode() not in exchange.body:
            return
        if not self._is_copy(request):
            return
        image_id = parse_body(exchange).fields.get(created)
        params = dict(request.business)
        if isinstance(image_id, str):
            region = roles.target_region(self.spec, params)
            self.copies.append((region, image_id))
            self.copied_names.add(_copy_key(self.spec, params))
            if self.refuses_same_image:
                self._blocking[image_id] = (region, self._param(params, roles.IMAGE),
                                            self._param(params, roles.NAME))

    def call(self, params: dict[str, str], transport: Transport) -> Exchange:
        return self.send(self.signer.sign(params, transport),
                         resign=lambda: self.signer.sign(params, transport))

    def can_copy(self) -> bool:
        """False once a live run has made its --max-copies real copies."""
        return not self.live or len(self.copies) < self.max_copies

    def note_copy(self, params: dict[str, str]) -> None:
        region = roles.target_region(self.spec, params)
        name = self._param(params, roles.NAME)
        if name:
            self.used_names.setdefault(region, set()).add(name)

    def name_used(self, params: dict[str, str]) -> bool:
        """Whether this run already holds a copy named like ``params``' (asked just before
        sending them: our copies of the same source in progress are released first, as
        :meth:`send` would, so the answer is the one the target will see)."""
        if self._blocking and not self.keep_copies:
            self._release(self._param(params, roles.IMAGE))
        name = roles.name_of(self.spec, roles.NAME)
        return bool(name) and params.get(name or "") in self.used_names.get(
            roles.target_region(self.spec, params), set())

    def skew(self, minutes: int) -> Signer:
        """A signer whose timestamps lie ``minutes`` away from the target's clock."""
        return replace(self.signer, clock_skew=self.signer.clock_skew + timedelta(minutes=minutes))

    def advance_time(self, clock: Any, seconds: float) -> None:
        """Move a controllable target clock forward; our timestamps follow it."""
        clock.advance(seconds)
        self.signer = replace(self.signer,
                              clock_skew=self.signer.clock_skew + timedelta(seconds=seconds))


def _copy_key(spec: Spec, params: dict[str, str]) -> tuple[str, str]:
    """(target region, name) of a request ("" when it carries no name)."""
    name = roles.name_of(spec, roles.NAME)
    return roles.target_region(spec, params), params.get(name, "") if name else ""


def _after_copies(spec: Spec, request: WireRequest, copied: set[tuple[str, str]]
                  ) -> WireRequest:
    """A request naming a copy this run already made is recorded as the second of two, so its
    reproduction (``send --times 2``) recreates the copy the answer depends on."""
    params, name = dict(request.business), roles.name_of(spec, roles.NAME)
    if request.recipe is None or name is None or name not in params or \
            _copy_key(spec, params) not in copied:
        return request
    return replace(request, recipe=request.recipe.plus(Repeat(2)))
