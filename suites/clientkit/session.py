"""One client-suite run: the driver (adapter), the mock server, the results."""

from __future__ import annotations

import time
from typing import Any

from ecs_conformance.reports import Evidence, HttpExchange, HttpRequest, HttpResponse
from ecs_conformance.spec import roles
from ecs_conformance.spec.loader import load_spec
from ecs_conformance.spec.model import Spec
from ecs_conformance.spec.profile import Profile, load_profile
from ecs_conformance.suites.budgets import BUDGETS
from ecs_conformance.suites.clientkit.attempt import Attempt, ClientFinding
from ecs_conformance.suites.clientkit.contract import AdapterError, Handshake
from ecs_conformance.suites.clientkit.drivers import Driver
from ecs_conformance.suites.clientkit.loopback import LoopbackServer
from ecs_conformance.suites.clientkit.mock import MockCore, Responder
from ecs_conformance.suites.clientkit.respx_mock import RespxServer
from ecs_conformance.suites.clientkit.verify import format_words, requested_format
from ecs_conformance.suites.findings import Finding
from ecs_conformance.suites.results import Results

NEEDS_REASON = {
    "retries": "the adapter declares no retry support (capabilities.retries = 0)",
    "v1": "the client signs with V3 (capabilities.signature), so no V1 request is checked",
    "v3": "the client signs with V1 (capabilities.signature), so no V3 request is checked",
    "json": "the client's V1 requests ask for XML (Format=XML, or no Format: the documented "
            "default), so a conforming server never answers it in JSON (facts §7.1, §8)",
    "xml": "the client's requests ask for JSON (V1 with Format=JSON, or V3), so a conforming "
           "server never answers it in XML (facts §3.5, §7.1)",
}
# Hypothesis' own wording when a failing example does not fail again on replay.
REPLAY_INTERNALS = ("the target answered inconsistently:", "Inconsistent results from replaying",
                    "produces unreliable results", "Flaky", "Unreliable test")
NONDETERMINISTIC = ("the client behaved differently when the same call was made again (a "
                    "finding seen once did not recur), so no minimal failing call could be "
                    "confirmed")


def parameter_names(spec: Spec) -> tuple[str, ...]:
    """The operation's parameters a client may send, by wire name (a repeat list by its
    name); not the action name, which the transport carries."""
    return tuple(p.name for p in spec.parameters if roles.IDENTITY not in p.roles)


class ClientResults(Results):
    """Results of the client requirements, with client evidence and not-assessed reasons."""

    def __init__(self, spec: Spec, handshake: Handshake | None = None) -> None:
        super().__init__(spec, suite="client")
        self.reproduce_prefix = ""
        self.handshake = handshake

    def errored(self, requirement: str, reason: str) -> None:
        if any(word in reason for word in REPLAY_INTERNALS):
            reason = NONDETERMINISTIC  # never Hypothesis' internals in a report
        super().errored(requirement, reason)

    def _default_reason(self, requirement: str) -> str:
        found = next((c for c in self.spec.client_requirements if c.id == requirement), None)
        declared = self.handshake.parameters if self.handshake else None
        if found is not None and found.parameters and declared is not None \
                and not declared & set(found.parameters):
            names = " or ".join(found.parameters)
            return (f"the client does not send {names} (its capabilities.parameters declares "
                    f"{len(declared)} of {len(parameter_names(self.spec))} parameters), so no "
                    "call can carry it")
        need = found.needs if found is not None else None
        return NEEDS_REASON.get(need or "", "no check of this run covered it")

    def _evidence(self, finding: Finding) -> Evidence:
        if not isinstance(finding, ClientFinding):
            return super()._evidence(finding)
        call = finding.reproduce()
        exchange = HttpExchange(
            HttpRequest.from_dict(finding.request) if finding.request else None,
            HttpResponse.from_dict(finding.response) if finding.response else None)
        return Evidence(finding.title, finding.expected, finding.received, exchange,
                        f"{self.reproduce_prefix}  # {call}" if call else None)


class ClientSession:
    """Duck-compatible with :class:`suites.session.Session` where :mod:`suites.property`
    needs it (``spec``, ``seed``, ``max_examples``, ``results``)."""

    suite = "client"

    def __init__(self, driver: Driver, *, seed: int = 0, budget: str = "default",
                 timeout_s: float = 5.0, call_deadline_s: float = 20.0,
                 profile: Profile | None = None, edition: str | None = None) -> None:
        self.spec = load_spec(edition=edition)
        self.profile = profile or load_profile(None)
        self.driver, self.handshake = driver, driver.handshake
        self.seed, self.budget = seed, budget
        self.timeout_s, self.call_deadline_s = timeout_s, call_deadline_s
        self.results = ClientResults(self.spec, self.handshake)
        self.defaults: dict[str, str] = {}  # parameters sent although no call set them
        creds = self.profile.credentials
        self.access_key_id, self._secret = creds.access_key_id, creds.access_key_secret
        self.core = MockCore(self.access_key_id, self._secret)
        self.server = (RespxServer(self.core) if self.handshake.transport == "httpx"
                       else LoopbackServer(self.core))
        self.nonces: set[str] = set()
        self.started = time.time()

    @property
    def max_examples(self) -> int:
        return BUDGETS[self.budget].calls

    @property
    def requests(self) -> int:
        return len(self.core.log)

    def call(self, parameters: dict[str, Any], script: list[Responder], *,
             timeout_s: float | None = None, action: str | None = None) -> Attempt:
        """Make one call through the adapter; the mock answers from ``script``. Raises
        :class:`~suites.clientkit.contract.AdapterError` when the adapter fails."""
        timeout = timeout_s or self.timeout_s
        call = {"endpoint": self.server.endpoint, "access_key_id": self.access_key_id,
                "access_key_secret": self._secret,
                "region_id": str(parameters.get(roles.name_of(self.spec, roles.REGION_SOURCE)
                                                or "") or self.profile.source_region),
                "parameters": parameters, "timeout_s": timeout}
        if action is not None:  # another operation of the spec (capabilities.operations)
            call["action"] = action
        self.core.program(script)
        begun = time.monotonic()
        result = self.driver.call(call, self.call_deadline_s)
        elapsed = time.monotonic() - begun
        served = self.core.since_program()
        declared = self.handshake.answer_format
        for index, item in enumerate(served):
            asked = requested_format(item.request)
            if asked is not None and asked != declared:
                raise AdapterError(
                    f"request {index + 1} of the call asks for {asked.upper()} "
                    f"({format_words(item.request)}), but the handshake declares a client "
                    f"answered in {declared.upper()} (capabilities.signature "
                    f"{self.handshake.signature!r}, format {self.handshake.fmt!r})")
        return Attempt(call, result, served, elapsed, self.handshake)

    def coverage(self) -> dict[str, Any]:
        """The parameters the client declares it can send, of all CopyImage parameters, and
        the values it sent for parameters no call set (its own defaults)."""
        every = parameter_names(self.spec)
        declared = self.handshake.parameters
        sent = [name for name in every if declared is None or name in declared]
        return {"parameters": sent, "of": len(every), "declared": declared is not None,
                "defaults": dict(sorted(self.defaults.items()))}

    def close(self) -> None:
        self.server.close()
        self.driver.close()
