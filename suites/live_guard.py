"""The live guard: no command sends a request to the real Alibaba Cloud without ``--live``.

Every successful CopyImage on the real cloud creates a billable image. The guard judges the
host the way the sender will reach it, so no spelling slips past: both URL parsers in play
(``urllib.parse``, which builds the target's base URL, and ``httpx``, which sends) are asked,
and each host is normalised — percent-decoding, userinfo and IPv6 brackets dropped, trailing
dots removed, case folded, IDNA (UTS 46: full-width letters, ideographic full stops, invisible
characters) mapped to its ASCII form. A host under ``aliyuncs.com`` is live.

Judged by name only: an IP address or a private DNS alias of the real cloud is not recognised.
``aliyuncs.com.evil.example`` is *not* live (it is a host under ``evil.example``).
"""

from __future__ import annotations

import unicodedata
from urllib.parse import unquote, urlsplit

import httpx
import idna

from ecs_conformance.spec.problems import UsageError
from ecs_conformance.suites.targets import DEFAULT_ENDPOINT

LIVE_DOMAINS = ("aliyuncs.com",)


def _with_scheme(endpoint: str) -> str:
    return endpoint if "://" in endpoint else f"http://{endpoint}"


def normalise_host(host: str) -> str:
    """The ASCII, lower-case, dot-free-at-the-end form of ``host`` (best effort)."""
    text = unquote(host).strip().strip("[]").rstrip(".")
    try:
        text = idna.encode(text, uts46=True).decode("ascii")
    except (idna.IDNAError, UnicodeError, ValueError):
        text = unicodedata.normalize("NFKC", text).casefold()
        for dot in ("\u3002", "\uff0e", "\uff61"):
            text = text.replace(dot, ".")
    return text.lower().rstrip(".")


def hosts(endpoint: str) -> set[str]:
    """Every host the endpoint may name, as each parser reads it, normalised."""
    url = _with_scheme(endpoint.strip())
    found = set()
    try:
        found.add(urlsplit(url).hostname or "")
    except ValueError:
        pass
    try:
        found.add(httpx.URL(url).host)
    except (httpx.InvalidURL, ValueError, UnicodeError):
        pass
    return {normalise_host(h) for h in found if h}


def is_live(host: str) -> bool:
    return any(host == d or host.endswith("." + d) for d in LIVE_DOMAINS)


def refuse_live(endpoint: str, *, live: bool, hint: str = "") -> None:
    """Raise :class:`UsageError` for the real cloud without ``--live``, or an endpoint whose
    host cannot be read (it might be the real cloud under a spelling we do not know)."""
    names = hosts(endpoint)
    if not names:
        raise UsageError(f"endpoint {endpoint!r}: cannot read a host name from it; expected a "
                         f"URL such as {DEFAULT_ENDPOINT}")
    real = sorted(h for h in names if is_live(h))
    if real and not live:
        raise UsageError(
            f"{endpoint} is the real Alibaba Cloud ({real[0]}): each successful CopyImage "
            f"creates a billable image. Pass --live to send to it{hint}.")
