"""One conformance run: the spec, the profile, the target, the signer and the results."""

from __future__ import annotations

import hashlib
import os
import random
import secrets
import time
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from spec.model import Spec
from spec.profile import Profile
from suites.parse import parse_body
from suites.results import Results
from suites.signer import Signer, Transport
from suites.targets import Target
from suites.wire import Exchange, WireRequest

BUDGETS = {"quick": 6, "default": 15, "thorough": 200}
GIVE_UP_AFTER = 5
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
    results: Results = field(init=False)
    signer: Signer = field(init=False)
    started: float = field(default_factory=time.time)
    used_names: dict[str, set[str]] = field(default_factory=dict)
    _names: random.Random = field(init=False)
    run_token: str = field(init=False)  # unique to this run (seed-derived on a fresh target)
    _counter: int = 0
    _silent: int = 0

    def __post_init__(self) -> None:
        self.results = Results(self.spec)
        creds = self.profile.credentials
        self.signer = Signer(creds.access_key_id, creds.access_key_secret, self.target.host)
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
    def max_examples(self) -> int:
        return BUDGETS[self.budget]

    def token(self, width: int = 6) -> str:
        """Fresh lower-case letters and digits: unique names for successful copies."""
        self._counter += 1
        return "".join(self._names.choice(NAME_ALPHABET) for _ in range(width))

    def base_request(self) -> dict[str, str]:
        return {
            "ImageId": self.profile.role("images.available") or "",
            "RegionId": self.profile.source_region,
            "DestinationRegionId": self.profile.destination_region,
            "DestinationImageName": f"conformance-{self.token(10)}",
        }

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

    def send(self, request: WireRequest) -> Exchange:
        """Send through the target; after ``GIVE_UP_AFTER`` silent answers in a row the target
        is treated as gone and later requests fail at once (the run still ends and reports)."""
        if self._silent >= GIVE_UP_AFTER:
            return Exchange(request, None, problem=f"not sent: the target gave no answer "
                                                   f"{GIVE_UP_AFTER} times in a row")
        exchange = self.target.send(request)
        self._silent = self._silent + 1 if exchange.status is None else 0
        self._remember_copy(request, exchange)
        return exchange

    def _remember_copy(self, request: WireRequest, exchange: Exchange) -> None:
        """Every copy the target made for us, whatever test caused it (live runs cancel them)."""
        if exchange.status != 200 or b"ImageId" not in exchange.body:
            return
        action = dict(request.query).get("Action") or dict(
            (k.lower(), v) for k, v in request.headers).get("x-acs-action")
        if action not in (None, self.spec.operation.action):
            return
        image_id = parse_body(exchange).fields.get("ImageId")
        params = dict(request.business)
        if isinstance(image_id, str):
            region = params.get("DestinationRegionId") or params.get("RegionId", "")
            self.copies.append((region, image_id))

    def call(self, params: dict[str, str], transport: Transport) -> Exchange:
        return self.send(self.signer.sign(params, transport))

    def can_copy(self) -> bool:
        """False once a live run has made its --max-copies real copies."""
        return not self.live or len(self.copies) < self.max_copies

    def note_copy(self, params: dict[str, str]) -> None:
        region = params.get("DestinationRegionId") or params.get("RegionId", "")
        name = params.get("DestinationImageName")
        if name:
            self.used_names.setdefault(region, set()).add(name)

    def name_used(self, params: dict[str, str]) -> bool:
        region = params.get("DestinationRegionId") or params.get("RegionId", "")
        return params.get("DestinationImageName") in self.used_names.get(region, set())

    def skew(self, minutes: int) -> Signer:
        """A signer whose timestamps lie ``minutes`` away from the target's clock."""
        return replace(self.signer, clock_skew=self.signer.clock_skew + timedelta(minutes=minutes))

    def advance_time(self, clock: Any, seconds: float) -> None:
        """Move a controllable target clock forward; our timestamps follow it."""
        clock.advance(seconds)
        self.signer = replace(self.signer,
                              clock_skew=self.signer.clock_skew + timedelta(seconds=seconds))
