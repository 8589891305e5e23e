"""Redaction: no secret may reach a report file.

Two rules, applied deep through dicts, lists and tuples (and report dataclasses):

* every occurrence of a given secret (and of its URL-encoded forms) in any string, keys
  included, becomes ``***``;
* the value of a sensitive key (``AccessKeySecret``, ``secret``, ``Signature``, ...) becomes
  ``***``. An ``Authorization`` value keeps its algorithm and ``Credential`` and loses only
  its ``Signature=`` part.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any, Final, TypeVar
from urllib.parse import quote, quote_plus

T = TypeVar("T")

MASK: Final = "***"

#: Sensitive key names, compared case-insensitively with ``-`` and ``_`` ignored.
SENSITIVE_KEYS: Final[frozenset[str]] = frozenset({
    "accesskeysecret", "secret", "authorization", "signature", "password",
    "securitytoken", "xacssecuritytoken",
})

_SIGNATURE_PART = re.compile(r"(Signature=)[^,\s]*")


def _normal_key(key: str) -> str:
    return key.lower().replace("-", "").replace("_", "")


def is_sensitive_key(key: object) -> bool:
    return isinstance(key, str) and _normal_key(key) in SENSITIVE_KEYS


def _needles(secrets: Iterable[str]) -> tuple[str, ...]:
    """The secrets and their URL-encoded forms, longest first so none is half-replaced."""
    found: set[str] = set()
    for secret in secrets:
        if secret:
            found.update({secret, quote(secret, safe=""), quote_plus(secret)})
    return tuple(sorted(found, key=lambda s: (-len(s), s)))


def _scrub(text: str, needles: tuple[str, ...]) -> str:
    for needle in needles:
        if needle in text:
            text = text.replace(needle, MASK)
    return text


def _mask_value(key: str, value: Any, needles: tuple[str, ...]) -> Any:
    if value is None or value == "":
        return value
    if _normal_key(key) == "authorization" and isinstance(value, str):
        masked, count = _SIGNATURE_PART.subn(rf"\g<1>{MASK}", value)
        return _scrub(masked, needles) if count else MASK
    return MASK


def _walk(obj: Any, needles: tuple[str, ...]) -> Any:
    if isinstance(obj, str):
        return _scrub(obj, needles)
    if isinstance(obj, Mapping):
        out: dict[Any, Any] = {}
        for key, value in obj.items():
            new_key = _scrub(key, needles) if isinstance(key, str) else key
            if is_sensitive_key(key):
                out[new_key] = _mask_value(key, value, needles)
            else:
                out[new_key] = _walk(value, needles)
        return out
    if isinstance(obj, list):
        return [_walk(item, needles) for item in obj]
    if isinstance(obj, tuple):
        return tuple(_walk(item, needles) for item in obj)
    to_dict = getattr(obj, "to_dict", None)
    from_dict = getattr(type(obj), "from_dict", None)
    if callable(to_dict) and callable(from_dict):
        return from_dict(_walk(to_dict(), needles))
    return obj


def redact(obj: T, secrets: Iterable[str] = ()) -> T:
    """Return a copy of ``obj`` with every secret and sensitive value replaced by ``***``.

    ``obj`` may be plain JSON-like data or a report dataclass (rebuilt through its
    ``to_dict``/``from_dict``). Empty secrets are ignored. Inputs are never mutated.
    """
    result: T = _walk(obj, _needles(secrets))
    return result
