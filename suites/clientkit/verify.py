"""Decode a recorded request and verify its signature (V1 or V3) with :mod:`spec.signing`,
the one signing implementation of the project — recomputed from the received bytes only."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from ecs_conformance.spec.signing import (
    V3_ALGORITHM,
    SignatureFormatError,
    WireDecodeError,
    parse_v3_authorization,
    v1_signature,
    v3_signature,
)
from ecs_conformance.spec.wire import Request, decode_params

V3_MUST_SIGN = ("host", "x-acs-action", "x-acs-version", "x-acs-date", "x-acs-signature-nonce",
                "x-acs-content-sha256")


@dataclass(frozen=True)
class Decoded:
    scheme: str | None  # "v1" (Signature parameter), "v3" (ACS3 Authorization) or None
    query: tuple[tuple[str, str], ...] = ()
    form: tuple[tuple[str, str], ...] = ()
    problem: str | None = None  # the query or body could not be decoded as UTF-8

    @property
    def params(self) -> tuple[tuple[str, str], ...]:
        return self.query + self.form

    def values(self, name: str) -> list[str]:
        return [v for k, v in self.params if k == name]

    def first(self, name: str) -> str | None:
        found = self.values(name)
        return found[0] if found else None


def decode(request: Request) -> Decoded:
    """The request's scheme and parameters, from the one request parser
    (:func:`spec.wire.decode_params`)."""
    auth = request.header("authorization") or ""
    try:
        params = decode_params(request)
    except WireDecodeError as exc:
        return Decoded("v3" if auth.startswith("ACS3-") else None, problem=str(exc))
    scheme = "v3" if auth.startswith("ACS3-") else (
        "v1" if params.first("Signature") is not None else None)
    return Decoded(scheme, params.query, params.form)


def requested_format(request: Request) -> str | None:
    """What the request asks the answer in: "xml" (V1 with Format=XML/xml or without Format,
    the documented default), "json" (V1 Format=JSON, or V3), None (unsigned or undecodable)."""
    decoded = decode(request)
    if decoded.problem or decoded.scheme is None:
        return None
    if decoded.scheme == "v3":
        return "json"
    fmt = decoded.first("Format")
    return "xml" if fmt is None or fmt.lower() == "xml" else "json"


def format_words(request: Request) -> str:
    """How the request chose its format, for people: "V1 GET, Format=XML"."""
    decoded = decode(request)
    fmt = decoded.first("Format")
    how = f"Format={fmt}" if fmt is not None else "no Format"
    scheme = (decoded.scheme or "unsigned").upper()
    return f"{scheme} {request.method}, {how}" if decoded.scheme != "v3" else \
        f"V3 {request.method}"


def nonce_of(request: Request, decoded: Decoded) -> str | None:
    if decoded.scheme == "v3":
        return request.header("x-acs-signature-nonce")
    return decoded.first("SignatureNonce")


def timestamp_of(request: Request, decoded: Decoded) -> str | None:
    if decoded.scheme == "v3":
        return request.header("x-acs-date")
    return decoded.first("Timestamp")


def signature_problems(request: Request, access_key_id: str, secret: str) -> list[str]:
    """Every reason the request's signature does not verify (empty: it verifies)."""
    decoded = decode(request)
    if decoded.problem:
        return [f"the request cannot be decoded: {decoded.problem}"]
    if decoded.scheme == "v3":
        return _v3(request, decoded, access_key_id, secret)
    if decoded.scheme == "v1":
        return _v1(request, decoded, access_key_id, secret)
    return ["the request is unsigned: no Signature parameter and no ACS3 Authorization header"]


def _v1(request: Request, d: Decoded, key_id: str, secret: str) -> list[str]:
    out = []
    for name, want in (("SignatureMethod", "HMAC-SHA1"), ("SignatureVersion", "1.0"),
                       ("AccessKeyId", key_id)):
        if d.values(name) != [want]:
            out.append(f"{name} is {d.values(name) or 'absent'}, expected {want!r}")
    claimed = d.values("Signature")
    expected = v1_signature(request.method, [p for p in d.params if p[0] != "Signature"], secret)
    if claimed != [expected]:
        out.append(f"Signature {claimed} does not verify: recomputed from the received "
                   f"parameters with method {request.method} it is {expected!r}")
    return out


def _v3(request: Request, d: Decoded, key_id: str, secret: str) -> list[str]:
    try:
        auth = parse_v3_authorization(request.header("authorization") or "")
    except SignatureFormatError as exc:
        return [f"malformed Authorization: {exc}"]
    out = []
    if auth.algorithm != V3_ALGORITHM:
        out.append(f"algorithm {auth.algorithm!r}, expected {V3_ALGORITHM!r}")
    if auth.credential != key_id:
        out.append(f"Credential={auth.credential!r}, expected the access key id {key_id!r}")
    signed = {h.lower() for h in auth.signed_headers}
    sent = {k.lower() for k, _ in request.headers}
    must = set(V3_MUST_SIGN) | {h for h in sent if h.startswith("x-acs-")}
    if "content-type" in sent:
        must.add("content-type")
    if must - signed:
        out.append(f"SignedHeaders lacks {sorted(must - signed)}")
    body_hash = hashlib.sha256(request.body).hexdigest()
    claimed_hash = request.header("x-acs-content-sha256")
    if claimed_hash != body_hash:
        out.append(f"x-acs-content-sha256 is {claimed_hash!r}, but the body's SHA-256 is "
                   f"{body_hash!r}")
    expected = v3_signature(request.method, request.path, d.query, list(request.headers),
                            auth.signed_headers, body_hash, secret)
    if auth.signature != expected:
        out.append(f"Signature {auth.signature!r} does not verify: recomputed from the received "
                   f"bytes it is {expected!r}")
    return out
