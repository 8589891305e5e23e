"""Calls to CopyImage's companions (DescribeImages, CancelCopyImage, DeleteImage) and the
target's clock, for the stateful checks."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ecs_conformance.suites.parse import parse_body
from ecs_conformance.suites.session import Session
from ecs_conformance.suites.signer import Transport
from ecs_conformance.suites.wire import Exchange

COPYING = ("Creating", "Waiting")
ALL_STATUSES = "Creating,Waiting,Available,UnAvailable,CreateFailed"


def transport(session: Session) -> Transport:
    """A JSON-answering transport, so list answers parse the same everywhere."""
    scheme = session.profile.signature_versions[-1]
    return Transport(scheme, "POST", "query", "JSON" if scheme == "v1" else None)


def call(session: Session, action: str, params: dict[str, str]) -> Exchange:
    signer = replace(session.signer, action=action)  # follows any clock skew of the session
    return session.send(signer.sign(params, transport(session)),
                        resign=lambda: signer.sign(params, transport(session)))


def describe(session: Session, region: str, image_id: str | None = None,
             status: str = ALL_STATUSES) -> tuple[list[dict[str, Any]] | None, Exchange]:
    params = {**session.on_image(region, image_id or None), "Status": status}
    exchange = call(session, "DescribeImages", params)
    if exchange.status != 200:
        return None, exchange
    images = parse_body(exchange).fields.get("Images", {})
    found = images.get("Image", []) if isinstance(images, dict) else []
    return [i for i in found if isinstance(i, dict)], exchange


def clock_of(session: Session) -> Any | None:
    """The emulator's clock when the target is the in-process reference emulator."""
    app = getattr(session.target, "app", None)
    return getattr(app, "clock", None)


def cancel_started_copies(session: Session) -> int:
    """Live runs: cancel every copy this run started that is still in progress (a finished copy
    cannot be cancelled; it stays, and the run made at most --max-copies of them)."""
    cancelled = 0
    for region, image in session.copies:
        exchange = call(session, "CancelCopyImage", session.on_image(region, image))
        cancelled += exchange.status == 200
    return cancelled
