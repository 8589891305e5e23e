"""The adapter contract: the call, result and handshake objects, pinned by JSON Schemas in
``suites/clientkit/schemas/``. A message that breaks its schema is an adapter error (the run
marks the requirement *errored*, never *failed*) worded with the path inside the object."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from ecs_conformance.spec.yamlio import schema_problems

SCHEMA_DIR = Path(__file__).parent / "schemas"


class AdapterError(Exception):
    """The adapter (not the client under test) failed: it raised, hung, crashed, printed
    garbage or answered with an object that breaks the contract."""


@dataclass(frozen=True)
class Handshake:
    name: str
    version: str
    retries: int
    signature: str
    fmt: str | None = None
    transport: str = "socket"
    parameters: frozenset[str] | None = None  # capabilities.parameters; None: every parameter
    operations: frozenset[str] = frozenset()  # capabilities.operations: other callable actions

    @property
    def answer_format(self) -> str:
        """What a conforming server answers the client's requests in: "xml" for V1 requests
        with Format=XML or without Format (the documented default), "json" otherwise."""
        if self.signature == "v1" and (self.fmt is None or self.fmt.lower() == "xml"):
            return "xml"
        return "json"

    def sends(self, name: str) -> bool:
        """Whether the client can send the CopyImage parameter ``name`` (wire name, Tag)."""
        return self.parameters is None or name in self.parameters


@cache
def schema(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text("utf-8"))
    return data


def problems(name: str, data: Any) -> list[str]:
    """Every way ``data`` breaks the ``name`` schema, as 'at $.path: expected ...'."""
    return [f"at {p.path}: {p.message}" for p in schema_problems(data, schema(name), name)]


def check(name: str, data: Any, what: str) -> None:
    found = problems(name, data)
    if found:
        shown = json.dumps(data, ensure_ascii=False, default=repr)[:300]
        raise AdapterError(f"{what} breaks the {name} schema: {'; '.join(found[:6])} "
                           f"(got {shown})")


def handshake(data: Any, what: str = "handshake") -> Handshake:
    check("handshake", data, what)
    caps = data["capabilities"]
    declared = caps.get("parameters")
    return Handshake(data["name"], data["version"], caps["retries"], caps["signature"],
                     caps.get("format"), caps.get("transport", "socket"),
                     frozenset(declared) if declared is not None else None,
                     frozenset(caps.get("operations", ())))
