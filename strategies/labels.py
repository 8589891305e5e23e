"""Labelled requests: the wire parameters plus every rule they break and what must follow."""

from __future__ import annotations

from dataclasses import dataclass

from ecs_conformance.spec.model import Rejection


@dataclass(frozen=True)
class Violation:
    requirement: str
    parameter: str
    level: str
    rejection: Rejection
    also_breaks: tuple[str, ...] = ()
    note: str = ""

    @property
    def rules(self) -> tuple[str, ...]:
        """Every rule the request breaks because of this violation."""
        return (self.requirement, *self.also_breaks)


@dataclass(frozen=True)
class LabelledRequest:
    params: dict[str, str]
    violations: tuple[Violation, ...]

    @property
    def valid(self) -> bool:
        return not self.violations

    @property
    def broken(self) -> frozenset[str]:
        """The IDs of every rule the request is declared to break."""
        return frozenset(r for v in self.violations for r in v.rules)


def _is_4xx(status: int) -> bool:
    return 400 <= status < 500


def compatible(primary: Rejection, other: Rejection) -> bool:
    """May ``other``'s rule be broken alongside ``primary``'s without changing the verdict?

    True when both name the same documented rows, when both only ask for a 4xx, or when
    ``primary`` asks for a 4xx and every answer ``other`` allows is a 4xx whose code
    ``primary`` lists among its codes seen, so that a target answering for either rule is
    conformant (MUST and SHOULD) for the primary one.
    """
    if primary.rows and {r.id for r in primary.rows} == {r.id for r in other.rows}:
        return True
    if primary.status_class == "4xx" and other.status_class == "4xx":
        return True
    return (
        primary.status_class == "4xx"
        and bool(other.rows)
        and all(_is_4xx(r.status) and r.code in primary.codes_seen for r in other.rows)
    )
