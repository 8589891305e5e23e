"""How a request travels: signature scheme, method, parameter placement, format, space style."""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from ecs_conformance.spec.model import Spec
from ecs_conformance.spec.profile import Profile

SCHEMES = ("v1", "v3")
V1_FORMATS = (None, "JSON", "json", "XML", "xml")  # None: no Format, so XML is expected
SPACE_STYLES = ("%20", "+")


@dataclass(frozen=True)
class Transport:
    scheme: str  # "v1" | "v3"
    method: str  # "GET" | "POST"
    placement: str  # "query" | "form" (form only with POST)
    fmt: str | None  # V1 only: None, "JSON", "json", "XML", "xml"
    space_style: str  # "%20" | "+"

    @property
    def expects_json(self) -> bool:
        """V3 answers JSON; V1 answers JSON only when Format says so (any case)."""
        return self.scheme == "v3" or (self.fmt or "").lower() == "json"


def all_transports(spec: Spec, profile: Profile) -> tuple[Transport, ...]:
    """Every combination the spec and the profile allow, in a stable order (for replay)."""
    out = []
    for scheme in (s for s in SCHEMES if s in profile.signature_versions):
        for method in (m for m in spec.operation.methods if m in ("GET", "POST")):
            for placement in ("query", "form") if method == "POST" else ("query",):
                for fmt in V1_FORMATS if scheme == "v1" else (None,):
                    for space in SPACE_STYLES:
                        out.append(Transport(scheme, method, placement, fmt, space))
    return tuple(out)


def transports(spec: Spec, profile: Profile) -> SearchStrategy[Transport]:
    return st.sampled_from(all_transports(spec, profile))
