"""The API gateway in front of the actions: method, signature (V1 and V3), access key,
timestamp window, nonce replay, action and version.

Checks run in this order; the first failure answers: method -> signature presence and format ->
access key -> timestamp -> nonce -> signature -> action/version.
"""

from __future__ import annotations

import hashlib
import hmac
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime, timedelta

from ecs_conformance.reference.behaviour import Behaviour
from ecs_conformance.reference.errors import Refused
from ecs_conformance.reference.wire import Params, Request
from ecs_conformance.spec.signing import (
    V3_ALGORITHM,
    SignatureFormatError,
    parse_timestamp,
    parse_v3_authorization,
    v1_signature,
    v1_string_to_sign,
    v3_canonical_request,
    v3_string_to_sign,
)

V1_REQUIRED = ("Signature", "AccessKeyId", "SignatureMethod", "SignatureVersion",
               "SignatureNonce", "Timestamp", "Action", "Version")
V3_REQUIRED = ("x-acs-action", "x-acs-version", "x-acs-date", "x-acs-signature-nonce",
               "x-acs-content-sha256")
V3_MUST_SIGN = ("host", *V3_REQUIRED)
NONCE_MEMORY = timedelta(minutes=30)
MAX_NONCES_PER_KEY = 100_000


@dataclass(frozen=True)
class Caller:
    """An authenticated request: who calls which action with which parameters."""

    scheme: str
    access_key_id: str
    account: str | None
    action: str
    version: str
    params: dict[str, str]


@dataclass(frozen=True)
class Key:
    secret: str
    account: str | None


class NonceBook:
    """Nonces seen per access key, remembered for twice the timestamp window (bounded)."""

    def __init__(self, limit: int = MAX_NONCES_PER_KEY) -> None:
        self._seen: dict[str, OrderedDict[str, datetime]] = {}
        self._limit = limit

    def used(self, key_id: str, nonce: str, now: datetime) -> bool:
        book = self._seen.get(key_id)
        if book is None:
            return False
        while book and next(iter(book.values())) < now:
            book.popitem(last=False)
        return nonce in book

    def remember(self, key_id: str, nonce: str, now: datetime) -> None:
        book = self._seen.setdefault(key_id, OrderedDict())
        book[nonce] = now + NONCE_MEMORY
        book.move_to_end(nonce)
        while len(book) > self._limit:
            book.popitem(last=False)

    def __len__(self) -> int:
        return sum(len(book) for book in self._seen.values())


class Gateway:
    def __init__(self, behaviour: Behaviour, keys: dict[str, Key], actions: tuple[str, ...],
                 window: timedelta, nonces: NonceBook) -> None:
        self.b = behaviour
        self.keys = keys
        self.actions = actions
        self.window = window
        self.nonces = nonces

    def authenticate(self, request: Request, params: Params, now: datetime) -> Caller:
        methods = self.b.spec.operation.methods
        if request.method not in methods or (request.method == "GET" and self.b.on("get-refused")):
            raise Refused(self.b.gateway("UnsupportedHTTPMethod"))
        if request.method == "POST" and not request.body and self.b.on("post-query-refused"):
            raise Refused(self.b.gateway("InvalidParameter"))
        if request.header("authorization") is not None:
            return self._v3(request, params, now)
        return self._v1(request, params, now)

    # --- V1 ------------------------------------------------------------------------------
    def _v1(self, request: Request, params: Params, now: datetime) -> Caller:
        merged = params.merged()
        optional = {"Signature": self.b.on("unsigned-v1-accepted"),
                    "SignatureNonce": self.b.on("nonce-optional")}  # faulty variants only
        for name in V1_REQUIRED:
            if merged.get(name, "") == "" and not optional.get(name):
                raise Refused(self.b.gateway("MissingParameter", name=name))
        for name, expected in (("SignatureMethod", "HMAC-SHA1"), ("SignatureVersion", "1.0")):
            if merged[name] != expected:
                refusal = self.b.gateway("InvalidParamater")
                raise Refused(type(refusal)(refusal.status, refusal.code,
                                            refusal.message.replace("SignatureMethod", name)))
        key_id = merged["AccessKeyId"]
        key = self._key(key_id)
        self._timestamp(merged["Timestamp"], now)
        nonce, signature = merged.get("SignatureNonce", ""), merged.get("Signature", "")
        if nonce:
            self._nonce(key_id, nonce, now)
        if not self.b.on("v1-signature-unchecked") and signature:
            expected = v1_signature(request.method, params.pairs, key.secret)
            if not _same(expected, signature) or self.b.on("v1-signature-rejected"):
                string_to_sign = v1_string_to_sign(request.method, params.pairs)
                raise Refused(self.b.gateway("SignatureDoesNotMatch",
                                             string_to_sign=string_to_sign))
        if nonce:
            self.nonces.remember(key_id, nonce, now)
        return self._caller("v1", key_id, key, merged["Action"], merged["Version"], merged)

    # --- V3 ------------------------------------------------------------------------------
    def _v3(self, request: Request, params: Params, now: datetime) -> Caller:
        try:
            auth = parse_v3_authorization(request.header("authorization") or "")
        except SignatureFormatError:
            raise Refused(self.b.gateway("IncompleteSignature")) from None
        if auth.algorithm != V3_ALGORITHM:
            raise Refused(self.b.gateway("IncompleteSignature"))
        for name in V3_REQUIRED:
            if (request.header(name) or "") == "":
                raise Refused(self.b.gateway("MissingParameter", name=name))
        signed = [h.lower() for h in auth.signed_headers]
        if any(name not in signed for name in V3_MUST_SIGN):
            raise Refused(self.b.gateway("IncompleteSignature"))
        key = self._key(auth.credential)
        self._timestamp(request.header("x-acs-date") or "", now)
        nonce = request.header("x-acs-signature-nonce") or ""
        self._nonce(auth.credential, nonce, now)
        claimed = request.header("x-acs-content-sha256") or ""
        actual = hashlib.sha256(request.body).hexdigest()
        payload_hash = claimed if self.b.on("content-sha256-unchecked") else actual
        if self.b.on("v3-fixed-signed-headers"):
            signed = sorted({k.lower() for k, _ in request.headers
                             if k.lower() == "host" or k.lower().startswith("x-acs-")})
        canonical = v3_canonical_request(request.method, request.path, params.query,
                                         request.headers, signed, payload_hash)
        string_to_sign = v3_string_to_sign(canonical)
        if not self.b.on("v3-signature-unchecked"):
            expected = hmac.new(key.secret.encode("utf-8"), string_to_sign.encode("utf-8"),
                                hashlib.sha256).hexdigest()
            if claimed != payload_hash or not _same(expected, auth.signature):
                raise Refused(self.b.gateway("SignatureDoesNotMatch",
                                             string_to_sign=string_to_sign))
        self.nonces.remember(auth.credential, nonce, now)
        return self._caller("v3", auth.credential, key, request.header("x-acs-action") or "",
                            request.header("x-acs-version") or "", params.merged())

    # --- shared steps --------------------------------------------------------------------
    def _key(self, key_id: str) -> Key:
        key = self.keys.get(key_id)
        if key is None:
            raise Refused(self.b.gateway("InvalidAccessKeyId.NotFound"))
        return key

    def _timestamp(self, value: str, now: datetime) -> None:
        try:
            stamp = parse_timestamp(value)
        except ValueError:
            if self.b.on("timestamp-format-lenient"):
                return
            raise Refused(self.b.gateway("InvalidTimeStamp.Format")) from None
        if abs(now - stamp) > self.window and not self.b.on("timestamp-window-unchecked"):
            raise Refused(self.b.gateway("InvalidTimeStamp.Expired"))

    def _nonce(self, key_id: str, nonce: str, now: datetime) -> None:
        if self.nonces.used(key_id, nonce, now) and not self.b.on("nonce-unchecked"):
            raise Refused(self.b.gateway("SignatureNonceUsed"))

    def _caller(self, scheme: str, key_id: str, key: Key, action: str, version: str,
                params: dict[str, str]) -> Caller:
        if action not in self.actions:
            raise Refused(self.b.gateway("InvalidAction.NotFound"))
        if version != self.b.spec.operation.version and not self.b.on("version-unchecked"):
            raise Refused(self.b.gateway("InvalidVersion"))
        return Caller(scheme, key_id, key.account, action, version, params)


def _same(expected: str, received: str) -> bool:
    """Constant-time comparison that tolerates non-ASCII input."""
    return hmac.compare_digest(expected.encode("utf-8"), received.encode("utf-8"))
