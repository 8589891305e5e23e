"""The start-up probe: before the suite runs, one well-formed signed request must be answered.

A socket that never answers, ``https://`` on a plain-HTTP port, a port that speaks something
other than HTTP, or an ``--app`` that is no ASGI application would otherwise give a run of
no observed answers. The probe turns each into a usage error (exit 2) that says what was sent,
what happened and what to check.

The probe is CopyImage with ``RegionId`` alone: ``ImageId`` and ``DestinationRegionId`` are
required, so under every reading of the docs the request is refused and creates nothing — on
the real cloud too. Any HTTP answer passes the probe (judging it is the suite's job).
"""

from __future__ import annotations

import inspect
from typing import Any

from ecs_conformance.spec import roles
from ecs_conformance.spec.problems import UsageError
from ecs_conformance.suites.session import Session
from ecs_conformance.suites.signer import Transport

ASGI_EXPECTED = ("an ASGI 3 application: an object called as app(scope, receive, send) that "
                 "returns an awaitable (e.g. a Starlette, FastAPI or Quart app)")


def check_asgi_app(app: Any, where: str) -> None:
    """Refuse what cannot be an ASGI 3 app; ``where`` is the user's ``module:attr``."""
    kind = type(app).__name__
    if inspect.isclass(app):
        raise UsageError(f"--app {where}: is the class {app.__name__}, not an application "
                         f"object; expected {ASGI_EXPECTED}")
    if not callable(app):
        raise UsageError(f"--app {where}: is a {kind} object, which is not callable; "
                         f"expected {ASGI_EXPECTED}")
    try:
        signature = inspect.signature(app)
    except (TypeError, ValueError):  # a builtin without a signature: the probe decides
        return
    try:
        signature.bind(object(), object(), object())
    except TypeError:
        raise UsageError(f"--app {where}: is called as {getattr(app, '__name__', kind)}"
                         f"{signature}, which does not take (scope, receive, send); "
                         f"expected {ASGI_EXPECTED}") from None


def probe_request(session: Session) -> tuple[dict[str, str], Transport]:
    scheme = session.profile.signature_versions[0]
    transport = Transport(scheme, "POST", "query", "JSON" if scheme == "v1" else None)
    region = roles.name_of(session.spec, roles.REGION_SOURCE)
    return ({region: session.profile.source_region} if region else {}), transport


def probe(session: Session) -> None:
    """Send the probe; raise :class:`UsageError` when no HTTP answer comes back."""
    params, transport = probe_request(session)
    exchange = session.call(params, transport)
    session.unanswered()  # the probe is not any check's observation
    if exchange.status is not None:
        return
    problem = exchange.problem or "no answer"
    where = session.target.description
    sent = (f"sent a {transport.scheme.upper()}-signed {transport.method} "
            f"{session.spec.operation.action} with "
            f"{roles.name_of(session.spec, roles.REGION_SOURCE)} only (refused under every "
            "reading of the docs; it creates nothing)")
    if session.target_kind == "asgi":
        hint = f"that the object is {ASGI_EXPECTED}, and that it answers within --timeout"
    else:
        hint = _endpoint_hint(where, problem)
    end = "" if hint.endswith("?") else "."
    raise UsageError(f"the start-up probe got no answer from {where}: {sent}; what happened: "
                     f"{problem}. Check: {hint}{end}")


def _endpoint_hint(where: str, problem: str) -> str:
    text = problem.lower()
    if where.startswith("https://") and ("ssl" in text or "tls" in text or "record" in text):
        return (f"the TLS handshake failed — if the server speaks plain HTTP, use "
                f"http://{where[len('https://'):]}")
    if "remoteprotocolerror" in text or "protocol" in text:
        return ("the port answered with something that is not HTTP/1.1 — is it the right "
                "port, and plain HTTP (http://) or TLS (https://) as the server expects?")
    if "no answer within" in text or "timeout" in text:
        return ("the server accepted the connection but sent nothing back — is it the right "
                "port, does it answer POST / with a query string, is --timeout long enough?")
    return "that the server is running on that host and port, and the scheme (http/https)"
