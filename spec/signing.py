r"""Shared request-signing helpers for the Alibaba Cloud ECS ``CopyImage`` conformance suite.

One module, standard library only, used by three parties:

* the in-memory emulator (server side): decode the wire form with :func:`parse_form`, then
  recompute and compare signatures with :func:`v1_signature` / :func:`v3_signature`;
* the reference HTTP client: build signed requests with :func:`v1_sign` / :func:`v3_sign`;
* the client-test mock: both of the above.

Two schemes exist on the same endpoint (see the facts file, section 2):

V1 (``Signature`` parameter, HMAC-SHA1)
    ``StringToSign = METHOD + "&" + pct("/") + "&" + pct(canonical_query(params - Signature))``;
    ``Signature = base64(HMAC-SHA1(secret + "&", StringToSign))``.

V3 (``Authorization: ACS3-HMAC-SHA256 Credential=..,SignedHeaders=..,Signature=..``)
    ``CanonicalRequest = METHOD \n URI \n canonical_query \n CanonicalHeaders \n
    SignedHeaders \n HashedPayload``; ``StringToSign = "ACS3-HMAC-SHA256" \n
    hex(sha256(CanonicalRequest))``; ``Signature = hex(HMAC-SHA256(secret, StringToSign))``.

Signatures are always computed over *decoded* parameters that are re-canonicalised with
RFC 3986 percent-encoding (:func:`percent_encode`), never over the raw query text: official SDKs
differ in how they put parameters on the wire (``+`` vs ``%20`` for space, raw vs escaped ``*``).

Security: the access key secret never appears in an exception message or a ``repr``.
"""

import base64
import hashlib
import hmac
import re
import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import quote, unquote_to_bytes

__all__ = [
    "EMPTY_SHA256",
    "V3_ALGORITHM",
    "SignatureFormatError",
    "V3Authorization",
    "WireDecodeError",
    "canonical_query",
    "new_nonce",
    "parse_form",
    "parse_timestamp",
    "parse_v3_authorization",
    "percent_encode",
    "utc_timestamp",
    "v1_sign",
    "v1_signature",
    "v1_string_to_sign",
    "v3_canonical_request",
    "v3_sign",
    "v3_signature",
    "v3_string_to_sign",
]

EMPTY_SHA256: str = hashlib.sha256(b"").hexdigest()
"""Lower-case hex SHA-256 of the empty body (``e3b0c442...b855``)."""

V3_ALGORITHM = "ACS3-HMAC-SHA256"
"""The only V3 algorithm implemented (SDKs also know ``ACS3-HMAC-SM3``, ``ACS3-RSA-SHA256``)."""

_V1_SIGNATURE_METHOD = "HMAC-SHA1"
_V1_SIGNATURE_VERSION = "1.0"
_V1_COMMON = (
    "AccessKeyId",
    "Action",
    "Version",
    "Format",
    "SignatureMethod",
    "SignatureVersion",
    "SignatureNonce",
    "Timestamp",
    "Signature",
)
_V3_PARTS = ("Credential", "SignedHeaders", "Signature")
_TIMESTAMP_RE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})Z")

Params = Mapping[str, str] | Iterable[tuple[str, str]]
"""Parameters: a mapping or an iterable of ``(name, value)`` pairs (duplicates allowed)."""


class WireDecodeError(ValueError):
    """A form/query parameter could not be decoded (percent-decoded bytes are not UTF-8).

    ``parameter`` is the parameter name (decoded leniently, for display only) and ``part`` is
    ``"name"`` or ``"value"``: which half of the ``name=value`` pair was undecodable.
    """

    def __init__(self, message: str, *, parameter: str, part: str) -> None:
        """Store the message plus the offending ``parameter`` and ``part``."""
        super().__init__(message)
        self.parameter = parameter
        self.part = part


class SignatureFormatError(ValueError):
    """A V3 ``Authorization`` header value is malformed."""


# --------------------------------------------------------------------------- encoding


def percent_encode(s: str) -> str:
    """RFC 3986 percent-encoding of the UTF-8 bytes of *s* (facts section 2.1).

    Keeps ``A-Z a-z 0-9 - _ . ~``; everything else becomes ``%XY`` with upper-case hex, so a
    space is ``%20`` (never ``+``), ``*`` is ``%2A`` and ``~`` stays ``~``.
    """
    return quote(s, safe="~")


def _decode_component(raw: bytes) -> bytes:
    """Form-decode one ``name`` or ``value``: ``+`` means space, then ``%XX`` -> byte."""
    return unquote_to_bytes(raw.replace(b"+", b" "))


def parse_form(raw: bytes | str) -> list[tuple[str, str]]:
    """Decode an ``application/x-www-form-urlencoded`` string (a query string or a form body).

    Same semantics as ``urllib.parse.parse_qsl(raw, keep_blank_values=True)`` with ``&`` as the
    only separator: empty segments are skipped, a segment without ``=`` is ``(name, "")``, ``+``
    is a space, ``%XX`` is a byte, invalid escapes such as ``%zz`` are kept literally, and order
    and duplicates are preserved. Unlike ``parse_qsl`` the decoded bytes must be valid UTF-8:
    otherwise :class:`WireDecodeError` is raised naming the offending parameter (never a
    silent U+FFFD replacement, which would make two different wire values sign identically).
    A ``str`` argument is treated as its UTF-8 encoding.
    """
    data = raw.encode("utf-8", "surrogatepass") if isinstance(raw, str) else bytes(raw)
    result: list[tuple[str, str]] = []
    for index, segment in enumerate(data.split(b"&")):
        if not segment:
            continue
        raw_name, _, raw_value = segment.partition(b"=")
        name_bytes = _decode_component(raw_name)
        value_bytes = _decode_component(raw_value)
        try:
            name = name_bytes.decode("utf-8")
        except UnicodeDecodeError as exc:
            shown = name_bytes.decode("utf-8", "backslashreplace")
            err = WireDecodeError(
                f"parameter #{index + 1} {shown!r}: name is not valid UTF-8 after "
                f"percent-decoding (byte 0x{name_bytes[exc.start]:02X} at offset {exc.start}; "
                f"raw {raw_name.decode('ascii', 'backslashreplace')!r})",
                parameter=shown,
                part="name",
            )
            raise err from None
        try:
            value = value_bytes.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise WireDecodeError(
                f"parameter {name!r}: value is not valid UTF-8 after percent-decoding "
                f"(byte 0x{value_bytes[exc.start]:02X} at offset {exc.start})",
                parameter=name,
                part="value",
            ) from None
        result.append((name, value))
    return result


def _pairs(params: Params) -> list[tuple[str, str]]:
    items: Iterable[tuple[str, str]] = params.items() if isinstance(params, Mapping) else params
    out: list[tuple[str, str]] = []
    for name, value in items:
        if not isinstance(name, str) or not isinstance(value, str):
            raise TypeError(
                "parameter names and values must be str; got "
                f"{type(name).__name__}={type(value).__name__} for {name!r}"
            )
        out.append((name, value))
    return out


def _utf8_key(pair: tuple[str, str]) -> tuple[bytes, bytes]:
    return (pair[0].encode("utf-8", "surrogatepass"), pair[1].encode("utf-8", "surrogatepass"))


def canonical_query(params: Params) -> str:
    """Canonical query string shared by V1 and V3.

    Decoded pairs sorted by the UTF-8 bytes of the name, then of the value (so ``Tag.10.Key``
    sorts before ``Tag.2.Key``), each rendered ``pct(name)=pct(value)`` and joined by ``&``.
    Empty values give ``name=``; no parameters give ``""``.
    """
    items = sorted(_pairs(params), key=_utf8_key)
    return "&".join(f"{percent_encode(k)}={percent_encode(v)}" for k, v in items)


def _secret_bytes(secret: str, suffix: str = "") -> bytes:
    # Never echo the secret (nor chain an exception object that carries it).
    if not isinstance(secret, str):
        raise TypeError("the access key secret must be a str")
    try:
        return (secret + suffix).encode("utf-8")
    except UnicodeEncodeError:
        pass
    raise ValueError("the access key secret cannot be encoded as UTF-8")


# --------------------------------------------------------------------------- V1


def v1_string_to_sign(method: str, params: Params) -> str:
    """V1 ``StringToSign``: ``METHOD&%2F&pct(canonical_query(params))``.

    Every parameter except ``Signature`` participates, including empty ones (``Tag.2.Value=``,
    legacy ``SignatureType=``). *method* is upper-cased.
    """
    items = [(k, v) for k, v in _pairs(params) if k != "Signature"]
    return f"{method.upper()}&{percent_encode('/')}&{percent_encode(canonical_query(items))}"


def v1_signature(method: str, params: Params, secret: str) -> str:
    """Base64 HMAC-SHA1 over :func:`v1_string_to_sign`, keyed with ``secret + "&"``."""
    key = _secret_bytes(secret, "&")
    sts = v1_string_to_sign(method, params).encode("utf-8")
    return base64.b64encode(hmac.new(key, sts, hashlib.sha1).digest()).decode("ascii")


def v1_sign(
    method: str,
    params: Params,
    access_key_id: str,
    secret: str,
    *,
    nonce: str,
    timestamp: str,
    fmt: str | None = "JSON",
    version: str = "2014-05-26",
    action: str = "CopyImage",
) -> list[tuple[str, str]]:
    """Return the complete V1 parameter list to send (business params first, in order).

    Appends ``AccessKeyId``, ``Action``, ``Version``, ``Format`` (omitted when *fmt* is None),
    ``SignatureMethod=HMAC-SHA1``, ``SignatureVersion=1.0``, ``SignatureNonce``, ``Timestamp``
    and finally ``Signature``. Raises ``ValueError`` if *params* already contains one of these
    names (build such deliberately odd requests with :func:`v1_signature` instead).
    """
    business = _pairs(params)
    clashes = sorted({k for k, _ in business if k in _V1_COMMON})
    if clashes:
        raise ValueError(f"v1_sign adds these parameters itself; remove them: {clashes}")
    common: list[tuple[str, str]] = [
        ("AccessKeyId", access_key_id),
        ("Action", action),
        ("Version", version),
    ]
    if fmt is not None:
        common.append(("Format", fmt))
    common += [
        ("SignatureMethod", _V1_SIGNATURE_METHOD),
        ("SignatureVersion", _V1_SIGNATURE_VERSION),
        ("SignatureNonce", nonce),
        ("Timestamp", timestamp),
    ]
    full = business + _pairs(common)
    full.append(("Signature", v1_signature(method, full, secret)))
    return full


# --------------------------------------------------------------------------- V3


@dataclass(frozen=True)
class V3Authorization:
    """Parsed ``Authorization`` header of a V3 request."""

    algorithm: str
    credential: str
    signed_headers: tuple[str, ...]
    signature: str

    def header_value(self) -> str:
        """Render as sent by the SDKs: ``ALG Credential=..,SignedHeaders=a;b,Signature=..``."""
        return (
            f"{self.algorithm} Credential={self.credential},"
            f"SignedHeaders={';'.join(self.signed_headers)},Signature={self.signature}"
        )


def parse_v3_authorization(value: str) -> V3Authorization:
    """Parse ``ALG Credential=<AK>,SignedHeaders=<h1;h2>,Signature=<hex>``.

    Leading/trailing whitespace and whitespace after the commas are tolerated; the three parts
    may come in any order. Raises :class:`SignatureFormatError` (a ``ValueError``) with a
    specific message when the algorithm is missing or not followed by a space, a part has no
    ``=``, a part is unknown, duplicated, missing or empty, or a signed-header name is empty.
    The algorithm itself is not checked; compare it with :data:`V3_ALGORITHM` yourself.
    Signed-header names are returned as sent (compare case-insensitively).
    """
    if not isinstance(value, str):
        raise SignatureFormatError("Authorization value must be a str")
    text = value.strip()
    if not text:
        raise SignatureFormatError("Authorization header is empty")
    algorithm, sep, rest = text.partition(" ")
    if not sep or "=" in algorithm or "," in algorithm:
        raise SignatureFormatError(
            "Authorization must be '<algorithm> Credential=...,SignedHeaders=...,Signature=...'"
            " (algorithm, then a space); no algorithm/space separator found in "
            f"{_clip(text)!r}"
        )
    parts: dict[str, str] = {}
    for raw_part in rest.strip().split(","):
        part = raw_part.strip()
        if not part:
            raise SignatureFormatError("Authorization contains an empty part (stray ',')")
        key, eq, val = part.partition("=")
        key = key.strip()
        if not eq:
            raise SignatureFormatError(f"Authorization part {_clip(part)!r} has no '='")
        if key not in _V3_PARTS:
            raise SignatureFormatError(
                f"Authorization has unknown part {_clip(key)!r}; expected {list(_V3_PARTS)}"
            )
        if key in parts:
            raise SignatureFormatError(f"Authorization part {key!r} is given more than once")
        parts[key] = val.strip()
    for key in _V3_PARTS:
        if key not in parts:
            raise SignatureFormatError(f"Authorization is missing {key}=")
        if not parts[key]:
            raise SignatureFormatError(f"Authorization part {key}= is empty")
    names = tuple(h.strip() for h in parts["SignedHeaders"].split(";"))
    if any(not h for h in names):
        raise SignatureFormatError(
            f"SignedHeaders {_clip(parts['SignedHeaders'])!r} contains an empty header name"
        )
    return V3Authorization(
        algorithm=algorithm,
        credential=parts["Credential"],
        signed_headers=names,
        signature=parts["Signature"],
    )


def _is_acs(name: str) -> bool:
    return name.lower().startswith("x-acs-")


def _clip(s: str, limit: int = 120) -> str:
    return s if len(s) <= limit else s[:limit] + "..."


def _header_pairs(
    headers: Mapping[str, str] | Iterable[tuple[str, str]],
) -> list[tuple[str, str]]:
    if isinstance(headers, Mapping):
        return list(headers.items())
    return list(headers)


def v3_canonical_request(
    method: str,
    path: str,
    query: Params,
    headers: Mapping[str, str] | Sequence[tuple[str, str]],
    signed_headers: Sequence[str],
    payload_hash: str,
) -> str:
    """V3 ``CanonicalRequest`` (facts section 2.3).

    *headers* are the headers as received (``(name, value)`` pairs or a mapping); names are
    matched case-insensitively and lower-cased, values are stripped, several values of one name
    are sorted and joined with ``,`` (as in the verified facts snippet). Only the names in
    *signed_headers* are canonicalised, in the given order (lower-cased); a signed header that
    was not received contributes an empty value. *path* ``""`` means ``/``; *method* is
    upper-cased; *payload_hash* is used verbatim.
    """
    received: dict[str, list[str]] = {}
    for name, value in _header_pairs(headers):
        received.setdefault(name.lower(), []).append(value.strip())
    signed = [h.strip().lower() for h in signed_headers]
    canon_headers = "".join(f"{h}:{','.join(sorted(received.get(h, [''])))}\n" for h in signed)
    return "\n".join(
        [
            method.upper(),
            path or "/",
            canonical_query(query),
            canon_headers,
            ";".join(signed),
            payload_hash,
        ]
    )


def v3_string_to_sign(canonical_request: str, algorithm: str = V3_ALGORITHM) -> str:
    r"""Return ``algorithm + "\n" + hex(sha256(canonical_request))``.

    The digest is always SHA-256; *algorithm* is only the label on the first line.
    """
    digest = hashlib.sha256(canonical_request.encode("utf-8")).hexdigest()
    return f"{algorithm}\n{digest}"


def v3_signature(
    method: str,
    path: str,
    query: Params,
    headers: Mapping[str, str] | Sequence[tuple[str, str]],
    signed_headers: Sequence[str],
    payload_hash: str,
    secret: str,
) -> str:
    """Lower-case hex HMAC-SHA256 (key = the raw secret, no ``&``) of the V3 string to sign."""
    key = _secret_bytes(secret)
    creq = v3_canonical_request(method, path, query, headers, signed_headers, payload_hash)
    sts = v3_string_to_sign(creq).encode("utf-8")
    return hmac.new(key, sts, hashlib.sha256).hexdigest()


def v3_sign(
    method: str,
    host: str,
    query: Params,
    access_key_id: str,
    secret: str,
    *,
    nonce: str,
    date: str,
    body: bytes = b"",
    action: str = "CopyImage",
    version: str = "2014-05-26",
    extra_headers: Mapping[str, str] | None = None,
    signed_headers: Sequence[str] | None = None,
    path: str = "/",
) -> dict[str, str]:
    """Return the headers to send with a V3-signed request.

    Keys: ``host``, ``x-acs-action``, ``x-acs-version``, ``x-acs-date``,
    ``x-acs-signature-nonce``, ``x-acs-content-sha256`` (SHA-256 of *body*), then
    *extra_headers*, then ``Authorization``. An extra header whose name equals a built-in one
    (case-insensitively) replaces it, which allows deliberately inconsistent requests; an extra
    ``Authorization`` is rejected. Signed by default: ``host`` plus every ``x-acs-*`` header
    sent, sorted (like the Node SDK); *signed_headers* overrides that set. The query must be
    sent with the request exactly as given (any encoding; the server decodes it).
    """
    headers: dict[str, str] = {
        "host": host,
        "x-acs-action": action,
        "x-acs-version": version,
        "x-acs-date": date,
        "x-acs-signature-nonce": nonce,
        "x-acs-content-sha256": hashlib.sha256(body).hexdigest(),
    }
    for name, value in (extra_headers or {}).items():
        lower = name.lower()
        if lower == "authorization":
            raise ValueError("extra_headers must not contain Authorization; v3_sign adds it")
        for existing in [k for k in headers if k.lower() == lower]:
            del headers[existing]
        headers[name] = value
    if signed_headers is None:
        names = sorted({k.lower() for k in headers if k.lower() == "host" or _is_acs(k)})
    else:
        names = [h.strip().lower() for h in signed_headers]
    payload_hash = next(v for k, v in headers.items() if k.lower() == "x-acs-content-sha256")
    sent = list(headers.items())
    signature = v3_signature(method, path, query, sent, names, payload_hash, secret)
    auth = V3Authorization(V3_ALGORITHM, access_key_id, tuple(names), signature)
    headers["Authorization"] = auth.header_value()
    return headers


# --------------------------------------------------------------------------- nonce / time


def new_nonce() -> str:
    """Return a fresh 32-character lower-case hex nonce from :mod:`secrets`."""
    return secrets.token_hex(16)


def utc_timestamp(now: datetime | None = None) -> str:
    """Format *now* (default: the current time) as ``YYYY-MM-DDThh:mm:ssZ`` in UTC.

    Fractional seconds are truncated. A naive datetime is rejected with ``ValueError``
    (ambiguous local time is a classic source of ``InvalidTimeStamp.Expired``).
    """
    if now is None:
        now = datetime.now(UTC)
    elif now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("utc_timestamp() needs a timezone-aware datetime, got a naive one")
    return now.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_timestamp(s: str) -> datetime:
    """Parse a strict ``YYYY-MM-DDThh:mm:ssZ`` timestamp into an aware UTC datetime.

    Rejects (``ValueError``; ``TypeError`` for a non-str) fractions, offsets, a lower-case
    ``z``, surrounding whitespace, non-ASCII digits and impossible dates such as
    ``2026-02-30T00:00:00Z``.
    """
    if not isinstance(s, str):
        raise TypeError(f"timestamp must be a str, got {type(s).__name__}")
    match = _TIMESTAMP_RE.fullmatch(s)
    if match is None:
        raise ValueError(f"timestamp {_clip(s, 64)!r} is not in the form YYYY-MM-DDThh:mm:ssZ")
    year, month, day, hour, minute, second = (int(g) for g in match.groups())
    try:
        return datetime(year, month, day, hour, minute, second, tzinfo=UTC)
    except ValueError as exc:
        reason = str(exc)
    raise ValueError(f"timestamp {s!r} is not a valid UTC date/time: {reason}")
