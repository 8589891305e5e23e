"""One call of the client under test and everything seen of it, and the findings about it."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from ecs_conformance.suites.clientkit.contract import Handshake
from ecs_conformance.suites.clientkit.mock import Served, request_evidence
from ecs_conformance.suites.findings import Finding

SECRET_KEYS = ("access_key_secret",)


@dataclass(frozen=True)
class ClientFinding(Finding):
    """A finding with the client-side evidence: the call, the request the mock recorded and
    the answer it served."""

    request: dict[str, object] | None = None
    response: dict[str, object] | None = None
    call: dict[str, Any] | None = None

    def reproduce(self) -> str | None:
        if self.call is None:
            return None
        shown = {k: ("***" if k in SECRET_KEYS else v) for k, v in self.call.items()}
        return "call: " + json.dumps(shown, ensure_ascii=False, sort_keys=True)


@dataclass(frozen=True)
class Attempt:
    call: dict[str, Any]
    result: dict[str, Any]
    served: list[Served]
    elapsed_s: float
    handshake: Handshake
    notes: dict[str, Any] = field(default_factory=dict)

    @property
    def outcome(self) -> str:
        return str(self.result.get("outcome"))

    def shown_result(self) -> str:
        return json.dumps(self.result, ensure_ascii=False, sort_keys=True)[:600]

    def finding(self, requirement: str, title: str, expected: str, received: str,
                index: int | None = -1) -> ClientFinding:
        """A finding whose evidence is the ``index``-th request of this call (None: none)."""
        served = self.served[index] if index is not None and self.served else None
        return ClientFinding(
            requirement, title, expected[:4000], received[:4000],
            request=request_evidence(served.request) if served else None,
            response=served.reply.evidence() if served else None,
            call=self.call,
        )
