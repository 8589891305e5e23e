"""One client-suite run: the driver (adapter), the mock server, the results."""

from __future__ import annotations

import time
from typing import Any

from spec.loader import load_spec
from spec.model import Spec
from spec.profile import Profile, load_profile
from suites.clientkit.attempt import Attempt, ClientFinding
from suites.clientkit.drivers import Driver
from suites.clientkit.loopback import LoopbackServer
from suites.clientkit.mock import MockCore, Responder
from suites.clientkit.respx_mock import RespxServer
from suites.findings import Finding
from suites.results import Results

BUDGETS = {"quick": 8, "default": 25, "thorough": 200}
NEEDS_REASON = {
    "retries": "the adapter declares no retry support (capabilities.retries = 0)",
    "v1": "the client signs with V3 (capabilities.signature), so no V1 request is checked",
    "v3": "the client signs with V1 (capabilities.signature), so no V3 request is checked",
    "json": "the client sends V1 requests without Format, so a conforming server answers it "
            "in XML only (facts §7.1)",
    "xml-default": "the client's requests ask for JSON (Format or V3), so a conforming server "
                   "never answers it in XML (facts §3.5, §7.1)",
}


class ClientResults(Results):
    """Results of the client requirements, with client evidence and not-assessed reasons."""

    def __init__(self, spec: Spec) -> None:
        super().__init__(spec, suite="client")
        self.reproduce_prefix = ""

    def _default_reason(self, requirement: str) -> str:
        need = next((c.needs for c in self.spec.client_requirements if c.id == requirement), None)
        if requirement == "client.success.json":
            need = "json"
        return NEEDS_REASON.get(need or "", "no check of this run covered it")

    def _evidence(self, finding: Finding) -> dict[str, object]:
        if not isinstance(finding, ClientFinding):
            return super()._evidence(finding)
        call = finding.reproduce()
        return {"title": finding.title, "expected": finding.expected,
                "received": finding.received, "request": finding.request,
                "response": finding.response,
                "reproduce": f"{self.reproduce_prefix}  # {call}" if call else None}


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
        self.results = ClientResults(self.spec)
        creds = self.profile.credentials
        self.access_key_id, self._secret = creds.access_key_id, creds.access_key_secret
        self.core = MockCore(self.access_key_id, self._secret)
        self.server = (RespxServer(self.core) if self.handshake.transport == "httpx"
                       else LoopbackServer(self.core))
        self.nonces: set[str] = set()
        self.started = time.time()

    @property
    def max_examples(self) -> int:
        return BUDGETS[self.budget]

    @property
    def requests(self) -> int:
        return len(self.core.log)

    def call(self, parameters: dict[str, Any], script: list[Responder], *,
             timeout_s: float | None = None) -> Attempt:
        """Make one call through the adapter; the mock answers from ``script``. Raises
        :class:`~suites.clientkit.contract.AdapterError` when the adapter fails."""
        timeout = timeout_s or self.timeout_s
        call = {"endpoint": self.server.endpoint, "access_key_id": self.access_key_id,
                "access_key_secret": self._secret,
                "region_id": str(parameters.get("RegionId") or self.profile.source_region),
                "parameters": parameters, "timeout_s": timeout}
        self.core.program(script)
        begun = time.monotonic()
        result = self.driver.call(call, max(self.call_deadline_s, timeout * 3))
        elapsed = time.monotonic() - begun
        return Attempt(call, result, self.core.since_program(), elapsed, self.handshake)

    def close(self) -> None:
        self.server.close()
        self.driver.close()
