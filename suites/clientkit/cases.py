"""The shape shared by the client suite's tests: make a call, check the wire, check the answer."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hypothesis import strategies as hs

from ecs_conformance.suites.clientkit.attempt import Attempt
from ecs_conformance.suites.clientkit.checks_wire import request_checks
from ecs_conformance.suites.clientkit.mock import Responder
from ecs_conformance.suites.clientkit.session import ClientSession
from ecs_conformance.suites.findings import Checked
from ecs_conformance.suites.property import check_all, run_property

Judge = Callable[[Attempt], Checked]


def checked_call(client: ClientSession, parameters: dict[str, Any], script: list[Responder],
                 judge: Judge, *, timeout_s: float | None = None, wire: bool = False) -> Checked:
    """One call; ``judge`` on the outcome, and the wire checks of every request it sent.

    With ``wire`` the wire findings belong to the example (they fail it and shrink it: the
    wire tests); otherwise they are recorded as they are found (the call is already a fixed
    minimal one) and only the answer handling decides the example.
    """
    attempt = client.call(parameters, script, timeout_s=timeout_s)
    wire_checked = request_checks(client.spec, attempt, client.nonces, client.defaults)
    if wire:
        return wire_checked + judge(attempt)
    client.results.add(wire_checked.findings)
    client.results.checked(*wire_checked.assessed)
    return judge(attempt)


def carried(client: ClientSession, *requirements: str) -> tuple[str, ...]:
    """The ``requirements`` a call of this client can carry: those needing a parameter
    (client.yaml ``parameters``) only if the client declares one of them."""
    needs = {c.id: c.parameters for c in client.spec.client_requirements}
    return tuple(r for r in requirements
                 if not needs.get(r) or any(client.handshake.sends(p) for p in needs[r]))


def prop(client: ClientSession, strategy: hs.SearchStrategy[Any],
         body: Callable[[Any], Checked], requirements: tuple[str, ...],
         max_examples: int | None = None) -> None:
    """Hypothesis over ``strategy``; MUST findings shrink to a minimal call."""
    run_property(client, strategy, body, requirements=requirements,  # type: ignore[arg-type]
                 max_examples=max_examples)


def example(client: ClientSession, parameters: dict[str, Any], script: list[Responder],
            judge: Judge, requirements: tuple[str, ...], *,
            timeout_s: float | None = None) -> None:
    """One fixed call; an adapter failure marks ``requirements`` errored."""
    import pytest

    from ecs_conformance.suites.clientkit.contract import AdapterError

    try:
        checked = checked_call(client, parameters, script, judge, timeout_s=timeout_s,
                               wire=True)
    except AdapterError as exc:
        for requirement in requirements:
            client.results.errored(requirement, f"AdapterError: {str(exc)[:300]}")
        pytest.fail(f"the adapter failed: {exc}", pytrace=False)
    check_all(client, checked, *requirements)  # type: ignore[arg-type]
