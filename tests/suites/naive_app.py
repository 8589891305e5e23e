"""A naive server for the output tests, built from faults of reference.FAULTS at once: no
signature, nonce, timestamp or body-digest check, JSON whatever ``Format`` asks, and every
parameter-rule check forgotten — the server a first attempt tends to be."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ecs_conformance.reference import FAULTS
from ecs_conformance.reference.app import App
from ecs_conformance.reference.clock import Clock
from ecs_conformance.reference.faults import Fault
from ecs_conformance.spec.loader import load_spec
from ecs_conformance.spec.profile import load_profile

GATEWAY = ("v1-signature-unchecked", "v3-signature-unchecked", "unsigned-v1-accepted",
           "content-sha256-unchecked", "nonce-unchecked", "timestamp-window-unchecked")
FORMATS = ("v1-default-json", "format-xml-ignored")


def naive_fault(flags: tuple[str, ...] = GATEWAY + FORMATS, rules: bool = True) -> Fault:
    """One fault made of several: the union of their flags and (with ``rules``) the rule
    changes of every fault that only changes a rule."""
    merged: dict[str, Any] = {}
    if rules:
        for fault in FAULTS.values():
            if fault.rules and not fault.flags and not fault.rows:
                merged.update(fault.rules)
    return replace(FAULTS["v1-signature-unchecked"], name="naive",
                   description="a naive server (several faults at once)",
                   flags=frozenset().union(*(FAULTS[name].flags for name in flags)),
                   rules=merged)


app = App(load_profile(), Clock(), naive_fault(), load_spec(), 0)
