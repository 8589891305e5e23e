"""Failures grouped by root cause, in the order to fix them.

A broken gateway or transport makes later checks fail for the wrong reason, so it comes first;
then the shape of answers (formats), then the parameter rules, the documented error rows, and
the copy state last. The group of a requirement follows from its category and id prefix in
report.json, so the grouping works for any report, old or new.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

#: (title, categories, id prefixes) in the order to fix them; the first match wins
GROUPS: tuple[tuple[str, frozenset[str], tuple[str, ...]], ...] = (
    ("gateway and transport", frozenset({"gateway", "signature", "wire"}),
     ("gateway.", "signature.", "method.", "wire.", "boolean.", "client.wire.",
      "client.signature.", "client.nonce.", "client.timestamp.")),
    ("formats", frozenset({"format"}),
     ("format.", "response.", "errors.", "client.success.", "client.errors.",
      "client.malformed.")),
    ("rules", frozenset({"rule"}), ("client.defaults.",)),
    ("error rows", frozenset({"error-row"}), ("error.", "client.error.")),
    ("state", frozenset({"state"}), ("state.",)),
    ("retries and timeouts", frozenset(), ("client.retry.", "client.timeout.")),
)
OTHER = "other"


@dataclass
class Group:
    title: str
    requirements: list[Mapping[str, Any]] = field(default_factory=list)

    def example(self) -> tuple[Mapping[str, Any], Mapping[str, Any]] | None:
        """The minimal example of the group: the first failed MUST requirement's evidence
        (else the first requirement with evidence), as (requirement, evidence)."""
        ranked = sorted(self.requirements, key=lambda r: r["level"] != "MUST")
        for requirement in ranked:
            evidence = requirement.get("evidence") or []
            if evidence:
                return requirement, min(evidence, key=_size)
        return None


def _size(evidence: Mapping[str, Any]) -> int:
    return len(str(evidence.get("reproduce") or "")) + len(str(evidence.get("received") or ""))


def group_of(requirement: Mapping[str, Any]) -> str:
    rid, category = str(requirement["id"]), str(requirement.get("category") or "")
    for title, _, prefixes in GROUPS:
        if rid.startswith(prefixes):
            return title
    for title, categories, _ in GROUPS:
        if category in categories:
            return title
    return OTHER


def triage(requirements: Iterable[Mapping[str, Any]]) -> list[Group]:
    """The failed and errored requirements, grouped, in the order to fix them; inside a
    group MUST before SHOULD, failed before errored, then by id."""
    order = [title for title, _, _ in GROUPS] + [OTHER]
    groups = {title: Group(title) for title in order}
    for requirement in requirements:
        if requirement["status"] in ("failed", "errored"):
            groups[group_of(requirement)].requirements.append(requirement)
    for group in groups.values():
        group.requirements.sort(key=lambda r: (r["level"] != "MUST", r["status"] != "failed",
                                               r["id"]))
    return [groups[title] for title in order if groups[title].requirements]
