"""Calls to the spec's companion operations and the target's clock, for the stateful checks.

A companion is found by what it is for (``purpose:`` in spec/operations/<Action>.yaml,
spec/purposes.py), never by its action name, and its parameters by the roles *its* contract
declares (image, region-source, status): a spec whose companion is called otherwise, or names
its parameters otherwise, needs no change here. A spec without a companion for a purpose
leaves the checks that need it not assessed (:func:`require`), the purpose named.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from ecs_conformance.spec import purposes, roles
from ecs_conformance.spec.model import Contract
from ecs_conformance.suites.parse import parse_body
from ecs_conformance.suites.scenarios import not_assessed
from ecs_conformance.suites.scenarios import require as require_needs
from ecs_conformance.suites.session import Session
from ecs_conformance.suites.signer import Transport
from ecs_conformance.suites.wire import Exchange

COPYING = ("Creating", "Waiting")
ALL_STATUSES = "Creating,Waiting,Available,UnAvailable,CreateFailed"


class MissingCompanion(LookupError):
    """The spec holds no companion for a purpose a caller needs (guard with :func:`require`)."""


def transport(session: Session) -> Transport:
    """A JSON-answering transport, so list answers parse the same everywhere."""
    scheme = session.profile.signature_versions[-1]
    return Transport(scheme, "POST", "query", "JSON" if scheme == "v1" else None)


def companion(session: Session, purpose: str) -> Contract:
    """The companion operation for ``purpose``; :class:`MissingCompanion` when the spec has
    none (callers that may meet such a spec ask :func:`require` first)."""
    found = session.spec.companion(purpose)
    if found is None:
        raise MissingCompanion(no_companion([purpose]))
    return found


def need(contract: Contract) -> str:
    """The profile need saying the target serves ``contract`` (``operations.<Action>``)."""
    return f"operations.{contract.action}"


def require(session: Session, wanted: Iterable[str], *requirements: str,
            needs: Iterable[str] = ()) -> dict[str, Contract]:
    """The companions for the purposes ``wanted``, by purpose. ``requirements`` are not
    assessed (and the test is skipped) when the spec holds no companion for one of them, or
    the profile does not provide it or one of the other ``needs``; the reason names it."""
    wanted = tuple(wanted)
    found = {p: c for p in wanted if (c := session.spec.companion(p)) is not None}
    missing = [p for p in wanted if p not in found]
    if missing:
        not_assessed(session, no_companion(missing), *requirements)
    require_needs(session, [*(need(c) for c in found.values()), *needs], *requirements)
    return found


def no_companion(missing: list[str]) -> str:
    """The not-assessed reason for purposes the spec has no companion for."""
    return (f"the spec declares no companion operation for {', '.join(missing)} (purpose: in "
            "spec/operations/*.yaml)")


def on_image(contract: Contract, region: str, image_id: str | None) -> dict[str, str]:
    """The parameters of a call of ``contract`` about one image in one region, named by the
    roles that contract declares (image, region-source); ``image_id`` None: the region only."""
    region_name = roles.name_of(contract, roles.REGION_SOURCE)
    image_name = roles.name_of(contract, roles.IMAGE)
    if not region_name or not image_name:  # the loader checks a purpose's roles
        raise MissingCompanion(f"{contract.action} declares no parameter with role "
                               f"{roles.REGION_SOURCE} or {roles.IMAGE}")
    return {region_name: region, **({} if image_id is None else {image_name: image_id})}


def call(session: Session, action: str, params: dict[str, str]) -> Exchange:
    signer = replace(session.signer, action=action)  # follows any clock skew of the session
    return session.send(signer.sign(params, transport(session)),
                        resign=lambda: signer.sign(params, transport(session)))


def call_on_image(session: Session, purpose: str, region: str, image_id: str) -> Exchange:
    """Call the companion for ``purpose`` about ``image_id`` in ``region``."""
    contract = companion(session, purpose)
    return call(session, contract.action, on_image(contract, region, image_id))


def describe(session: Session, region: str, image_id: str | None = None,
             status: str = ALL_STATUSES) -> tuple[list[dict[str, Any]] | None, Exchange]:
    """The images the list-images companion lists in ``region`` (one by ID, or all), with
    statuses ``status``; ``None`` and the answer when it does not succeed."""
    contract = companion(session, purposes.LIST_IMAGES)
    params = on_image(contract, region, image_id or None)
    status_name = roles.name_of(contract, roles.STATUS)
    if status_name:
        params[status_name] = status
    exchange = call(session, contract.action, params)
    if exchange.status != 200:
        return None, exchange
    return listed(contract, parse_body(exchange).fields), exchange


def listed(contract: Contract, fields: dict[str, Any]) -> list[dict[str, Any]]:
    """The items of a listing answer: the array of objects its JSON success shape nests under
    one object (``{"Images": {"Image": [...]}}``), found in the schema rather than by name."""
    shape = next((r for r in contract.responses if r.format == "json"), None)
    properties = shape.schema.get("properties", {}) if shape else {}
    for outer, schema in properties.items():
        inner = schema.get("properties", {}) if schema.get("type") == "object" else {}
        for key, sub in inner.items():
            if sub.get("type") == "array" and sub.get("items", {}).get("type") == "object":
                holder = fields.get(outer)
                found = holder.get(key, []) if isinstance(holder, dict) else []
                return [i for i in found if isinstance(i, dict)] if isinstance(found,
                                                                                list) else []
    return []


def status_of(session: Session, item: dict[str, Any]) -> str | None:
    """A listed image's status: the field named like the listing's status parameter."""
    name = roles.name_of(companion(session, purposes.LIST_IMAGES), roles.STATUS)
    value = item.get(name) if name else None
    return str(value) if value is not None else None


def id_of(session: Session, item: dict[str, Any]) -> str | None:
    """A listed image's ID: the field named like the listing's image parameter."""
    name = roles.name_of(companion(session, purposes.LIST_IMAGES), roles.IMAGE)
    value = item.get(name) if name else None
    return str(value) if value is not None else None


def status(session: Session, region: str, image_id: str) -> str | None:
    """The status of one image in ``region`` (``None``: not listed, or no listing)."""
    found, _ = describe(session, region, image_id)
    return status_of(session, found[0]) if found else None


def clock_of(session: Session) -> Any | None:
    """The emulator's clock when the target is the in-process reference emulator."""
    app = getattr(session.target, "app", None)
    return getattr(app, "clock", None)


def cancel_started_copies(session: Session) -> int:
    """Live runs: cancel every copy this run started that is still in progress (a finished copy
    cannot be cancelled; it stays, and the run made at most --max-copies of them). A spec
    without a cancel-copy companion cancels nothing."""
    contract = session.spec.companion(purposes.CANCEL_COPY)
    if contract is None:
        return 0
    cancelled = 0
    for region, image in session.copies:
        exchange = call(session, contract.action, on_image(contract, region, image))
        cancelled += exchange.status == 200
    return cancelled
