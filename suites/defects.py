"""The deliberate defects the server suite sends, one small class each.

A defect knows its ``send`` option (flag, metavar, help), how it renders on a reproduction line
(:meth:`Defect.value`), and what it does before signing (:meth:`Defect.before`), after signing
(:meth:`Defect.after`) or to the sending (:meth:`Defect.rounds`). The suite hands defects to
:meth:`suites.signer.Signer.sign`; ``ecs-conformance send`` parses them back from its options
(:mod:`suites.recipe`), so one definition builds both the suite's request and its reproduction.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, ClassVar

from ecs_conformance.spec.signing import V3_ALGORITHM, parse_form, v1_signature
from ecs_conformance.spec.wire import encode_pairs

if TYPE_CHECKING:  # the request the signer built (suites.wire): types only, no import cycle
    from ecs_conformance.suites.wire import WireRequest as Request

UNKNOWN_KEY_SECRET = "not-a-real-secret"  # the stranger's "secret": a placeholder, not a credential


@dataclass
class Draft:
    """What the signer is about to sign; defects adjust it before signing."""

    access_key_id: str
    secret: str
    now: datetime
    nonce: str
    timestamp: str | None = None  # a literal timestamp; None: format ``now``
    extra_headers: dict[str, str] = field(default_factory=dict)


class Defect:
    """A deliberate departure from a correct request. Subclasses are frozen dataclasses."""

    flag: ClassVar[str]
    metavar: ClassVar[str | None] = None  # None: a plain switch
    help: ClassVar[str]
    repeatable: ClassVar[bool] = False

    def value(self) -> str | None:
        """The option's argument on a ``send`` line (None for a switch)."""
        return None

    @classmethod
    def parse(cls, text: str | None) -> Defect:
        return cls()

    def before(self, draft: Draft) -> None:
        """Adjust what will be signed."""

    def after(self, request: Request, draft: Draft) -> dict[str, object]:
        """Changes to the signed request, as :meth:`WireRequest.with_` arguments (``{}``: none)."""
        return {}

    def rounds(self) -> tuple[int, bool]:
        """How many times the request goes out, and whether the nonce is shared."""
        return 1, False


def _v1_params(request: Request) -> list[tuple[str, str]]:
    if request.query or not request.body:
        return list(request.query)
    return parse_form(request.body)


def _with_v1_params(request: Request, params: list[tuple[str, str]]) -> dict[str, object]:
    if request.query or not request.body:
        return {"query": tuple(params)}
    return {"body": encode_pairs(params, request.space_style).encode("ascii")}


def _resign_v1(request: Request, params: list[tuple[str, str]], secret: str) -> dict[str, object]:
    params = [(k, v) for k, v in params if k != "Signature"]
    params.append(("Signature", v1_signature(request.method, params, secret)))
    return _with_v1_params(request, params)


def _authorization(request: Request) -> str:
    return next((v for k, v in request.headers if k.lower() == "authorization"), "")


def _with_authorization(request: Request, value: str) -> dict[str, object]:
    return {"headers": tuple((k, value if k.lower() == "authorization" else v)
                             for k, v in request.headers)}


@dataclass(frozen=True)
class BadSignature(Defect):
    flag: ClassVar[str] = "--bad-signature"
    help: ClassVar[str] = ("send a wrong signature: V1 Signature=AAAA…=, V3 the Authorization "
                           "signature with its last 8 hex digits changed")

    def after(self, request: Request, draft: Draft) -> dict[str, object]:
        if request.scheme == "v1":
            params = [(k, "AAAAAAAAAAAAAAAAAAAAAAAAAAA=" if k == "Signature" else v)
                      for k, v in _v1_params(request)]
            return _with_v1_params(request, params)
        value = _authorization(request)
        tail = "1" * 8 if value.endswith("0" * 8) else "0" * 8
        return _with_authorization(request, value[:-8] + tail)


@dataclass(frozen=True)
class IncompleteSignature(Defect):
    flag: ClassVar[str] = "--incomplete-signature"
    help: ClassVar[str] = ("leave the signature out: V1 without Signature, V3 an Authorization "
                           "header cut after its Credential part")

    def after(self, request: Request, draft: Draft) -> dict[str, object]:
        if request.scheme == "v1":
            return _with_v1_params(request, [p for p in _v1_params(request)
                                             if p[0] != "Signature"])
        return _with_authorization(request, _authorization(request).split(",")[0])


@dataclass(frozen=True)
class SignatureMethod(Defect):
    name: str = "HMAC-MD5"
    flag: ClassVar[str] = "--signature-method"
    metavar: ClassVar[str | None] = "NAME"
    help: ClassVar[str] = ("announce another signature method: V1 SignatureMethod=NAME "
                           "(re-signed), V3 the Authorization algorithm label (e.g. ACS3-HMAC-SM3)")

    def value(self) -> str | None:
        return self.name

    @classmethod
    def parse(cls, text: str | None) -> Defect:
        return cls(text or "")

    def after(self, request: Request, draft: Draft) -> dict[str, object]:
        if request.scheme == "v1":
            params = [(k, self.name if k == "SignatureMethod" else v)
                      for k, v in _v1_params(request)]
            return _resign_v1(request, params, draft.secret)
        return _with_authorization(request,
                                   _authorization(request).replace(V3_ALGORITHM, self.name, 1))


@dataclass(frozen=True)
class DropCommon(Defect):
    name: str = "SignatureNonce"
    flag: ClassVar[str] = "--drop-common"
    metavar: ClassVar[str | None] = "NAME"
    help: ClassVar[str] = ("V1: leave out the common parameter NAME (e.g. Timestamp, Version) "
                           "and sign what remains; repeatable")
    repeatable: ClassVar[bool] = True

    def value(self) -> str | None:
        return self.name

    @classmethod
    def parse(cls, text: str | None) -> Defect:
        return cls(text or "")

    def after(self, request: Request, draft: Draft) -> dict[str, object]:
        params = [p for p in _v1_params(request) if p[0] != self.name]
        return _resign_v1(request, params, draft.secret)


@dataclass(frozen=True)
class UnsignedParam(Defect):
    name: str = ""
    text: str = ""
    flag: ClassVar[str] = "--unsigned-param"
    metavar: ClassVar[str | None] = "NAME=VALUE"
    help: ClassVar[str] = ("add NAME=VALUE after signing (a tampered request: the signature no "
                           "longer covers it); repeatable")
    repeatable: ClassVar[bool] = True

    def value(self) -> str | None:
        return f"{self.name}={self.text}"

    @classmethod
    def parse(cls, text: str | None) -> Defect:
        name, _, value = split_pair(text or "", cls.flag)
        return cls(name, value)

    def after(self, request: Request, draft: Draft) -> dict[str, object]:
        if request.scheme == "v3" and not request.query and request.body:
            params = [*parse_form(request.body), (self.name, self.text)]
            return _with_v1_params(request, params)
        return {"query": (*request.query, (self.name, self.text))}


@dataclass(frozen=True)
class UnknownAccessKey(Defect):
    key_id: str = "LTAIunknown"
    flag: ClassVar[str] = "--unknown-access-key"
    metavar: ClassVar[str | None] = "ID"
    help: ClassVar[str] = ("sign as access key ID, which the target does not know, with a "
                           f"placeholder secret ({UNKNOWN_KEY_SECRET!r}); no credentials needed")

    def value(self) -> str | None:
        return self.key_id

    @classmethod
    def parse(cls, text: str | None) -> Defect:
        return cls(text or "")

    def before(self, draft: Draft) -> None:
        draft.access_key_id, draft.secret = self.key_id, UNKNOWN_KEY_SECRET


@dataclass(frozen=True)
class TimestampOffset(Defect):
    seconds: int = 0
    flag: ClassVar[str] = "--timestamp-offset"
    metavar: ClassVar[str | None] = "SECONDS"
    help: ClassVar[str] = ("date the request SECONDS away from now (negative: in the past), "
                           "e.g. -1200 for a timestamp 20 minutes old")

    def value(self) -> str | None:
        return str(self.seconds)

    @classmethod
    def parse(cls, text: str | None) -> Defect:
        try:
            return cls(int(text or ""))
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"{cls.flag} expects whole seconds, e.g. -1200; got {text!r}") from None

    def before(self, draft: Draft) -> None:
        draft.now += timedelta(seconds=self.seconds)


@dataclass(frozen=True)
class LiteralTimestamp(Defect):
    text: str = ""
    flag: ClassVar[str] = "--timestamp"
    metavar: ClassVar[str | None] = "TEXT"
    help: ClassVar[str] = ("send TEXT as the timestamp (Timestamp / x-acs-date) verbatim, "
                           "e.g. a malformed '2026/11/27 01:02:03'")

    def value(self) -> str | None:
        return self.text

    @classmethod
    def parse(cls, text: str | None) -> Defect:
        return cls(text or "")

    def before(self, draft: Draft) -> None:
        draft.timestamp = self.text


@dataclass(frozen=True)
class BodyHash(Defect):
    digest: str = ""
    flag: ClassVar[str] = "--body-hash"
    metavar: ClassVar[str | None] = "HEX"
    help: ClassVar[str] = ("V3: sign and send x-acs-content-sha256: HEX instead of the body's "
                           "real SHA-256")

    def value(self) -> str | None:
        return self.digest

    @classmethod
    def parse(cls, text: str | None) -> Defect:
        return cls(text or "")

    def before(self, draft: Draft) -> None:
        draft.extra_headers["x-acs-content-sha256"] = self.digest


@dataclass(frozen=True)
class ReuseNonce(Defect):
    flag: ClassVar[str] = "--reuse-nonce"
    help: ClassVar[str] = ("send the request twice with the same signature nonce (each freshly "
                           "signed); the answer shown is the second one")

    def rounds(self) -> tuple[int, bool]:
        return 2, True


@dataclass(frozen=True)
class Repeat(Defect):
    times: int = 2
    flag: ClassVar[str] = "--times"
    metavar: ClassVar[str | None] = "N"
    help: ClassVar[str] = ("send the request N times, each freshly signed (e.g. a second copy "
                           "under the same name); the answer shown is the last one")

    def value(self) -> str | None:
        return str(self.times)

    @classmethod
    def parse(cls, text: str | None) -> Defect:
        try:
            times = int(text or "")
        except ValueError:
            times = 0
        if not 1 <= times <= 10:
            raise argparse.ArgumentTypeError(f"{cls.flag} expects 1..10, got {text!r}")
        return cls(times)

    def rounds(self) -> tuple[int, bool]:
        return self.times, False


DEFECTS: tuple[type[Defect], ...] = (
    BadSignature, IncompleteSignature, SignatureMethod, DropCommon, UnsignedParam,
    UnknownAccessKey, TimestampOffset, LiteralTimestamp, BodyHash, ReuseNonce, Repeat)


def ordered(defects: tuple[Defect, ...] | list[Defect]) -> tuple[Defect, ...]:
    """Defects in vocabulary order: the order ``send`` applies them in, whatever the line says.
    A kind that may appear once keeps its last value."""
    kept: list[Defect] = []
    for defect in defects:
        if not defect.repeatable:
            kept = [d for d in kept if type(d) is not type(defect)]
        kept.append(defect)
    return tuple(sorted(kept, key=lambda d: DEFECTS.index(type(d))))


def split_pair(text: str, option: str) -> tuple[str, str, str]:
    name, sep, value = text.partition("=")
    if not sep or not name:
        raise argparse.ArgumentTypeError(f"{option} expects NAME=VALUE, got {text!r}")
    return name, sep, value
