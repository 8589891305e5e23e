"""Drawing how a request travels (:class:`spec.wire.Transport`): every combination of scheme,
method, parameter placement, V1 Format and space style that the spec and profile allow."""

from __future__ import annotations

from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from ecs_conformance.spec.model import Spec
from ecs_conformance.spec.profile import Profile
from ecs_conformance.spec.wire import Transport

SCHEMES = ("v1", "v3")
V1_FORMATS = (None, "JSON", "json", "XML", "xml")  # None: no Format, so XML is expected
SPACE_STYLES = ("%20", "+")


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


__all__ = ["SCHEMES", "SPACE_STYLES", "V1_FORMATS", "Transport", "all_transports", "transports"]
