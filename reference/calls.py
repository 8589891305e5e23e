"""A request described as data: what a fault's witness sends, and what the test client signs.

Parameter values may hold placeholders: ``${group.key}`` is a target-profile role (for example
``${images.available}``) and ``${copy}`` the ImageId returned by the latest successful CopyImage
of the same run.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

from ecs_conformance.spec.loader import load_spec
from ecs_conformance.spec.model import Operation

Scheme = Literal["v1", "v3", "none"]

#: The CopyImage request every witness starts from (profile roles as placeholders): the
#: emulator's own witness vocabulary (tests/test_operation_literals.py EMULATOR).
BASE_COPY: Mapping[str, str] = MappingProxyType({
    "ImageId": "${images.available}",
    "RegionId": "${regions.source}",
    "DestinationRegionId": "${regions.destination}",
})


def primary() -> Operation:
    """The spec's operation: a call's default action and version (the loader caches it)."""
    return load_spec().operation


@dataclass(frozen=True)
class Call:
    """One signed request to the emulator.

    ``params`` are the business parameters (``None`` drops a parameter of the base);
    ``base`` says whether they extend :data:`BASE_COPY`. V1 common parameters and V3 headers
    are added and signed by the client; the other fields bend the request on purpose
    (``common`` replaces V1 common parameters after signing, ``None`` drops one, and the
    request is signed again unless ``Signature`` itself is dropped).
    """

    params: Mapping[str, str | None] = field(default_factory=dict)
    action: str = field(default_factory=lambda: primary().action)
    base: bool = True
    scheme: Scheme = "v1"
    method: str = "POST"
    carrier: Literal["query", "form"] = "query"
    fmt: str | None = "JSON"
    account: str | None = None
    access_key_id: str | None = None
    nonce: str | None = None
    timestamp: str | None = None
    skew_seconds: int = 0
    advance_seconds: float = 0.0
    version: str = field(default_factory=lambda: primary().version)
    space: Literal["%20", "+"] = "%20"
    tamper: Literal["signature", "body-hash"] | None = None
    signed_headers: tuple[str, ...] | None = None
    extra_headers: Mapping[str, str] = field(default_factory=dict)
    common: Mapping[str, str | None] = field(default_factory=dict)

    def business_params(self) -> dict[str, str]:
        """The parameters to send, placeholders unexpanded."""
        out: dict[str, str] = (dict(BASE_COPY) if self.base and self.action == primary().action
                               else {})
        for name, value in self.params.items():
            if value is None:
                out.pop(name, None)
            else:
                out[name] = value
        return out
