"""Parameter roles: what a parameter is *for*, declared per parameter in operation.yaml
(``roles: [fresh]``), so that generic code asks for "the parameter naming an existing image"
rather than naming one. The vocabulary and each role's one-line meaning live in
``spec/schemas/spec.schema.json`` (``$defs.role``); the constants below are the names code uses,
and a test keeps them equal to the schema's.
"""

from __future__ import annotations

from typing import Any, Final

from ecs_conformance.spec.model import Contract, ErrorRow, Parameter, Spec

IDENTITY: Final = "identity"  # carries the action name: the transport sets it, never drawn
UNSENT: Final = "unsent"  # no target-independent valid value: valid requests never send it
FRESH: Final = "fresh"  # valid values should not repeat (names, idempotence tokens)
OUTCOME_NEUTRAL: Final = "outcome-neutral"  # valid requests send only its default (or omit it)
DRY_RUN: Final = "dry-run"  # true = check without effect; honoured only with supports.dry_run
IMAGE: Final = "image"  # an existing image's ID
REGION_SOURCE: Final = "region-source"  # the region the operation acts in
REGION_DESTINATION: Final = "region-destination"  # where the result goes (else: the source)
KMS_KEY: Final = "kms-key"  # an existing KMS key's ID
NAME: Final = "name"  # the created resource's name: unique per destination region
STATUS: Final = "status"  # a listing's status filter; listed items carry it in a same-named field

ROLES: Final = (IDENTITY, UNSENT, FRESH, OUTCOME_NEUTRAL, DRY_RUN, IMAGE, REGION_SOURCE,
                REGION_DESTINATION, KMS_KEY, NAME, STATUS)


def having(spec: Spec | Contract, role: str) -> tuple[Parameter, ...]:
    """The parameters declaring ``role``, in spec order (of the primary operation, or of one
    contract: a companion's parameters declare roles too)."""
    return tuple(p for p in spec.parameters if role in p.roles)


def names(spec: Spec | Contract, role: str) -> tuple[str, ...]:
    return tuple(p.name for p in having(spec, role))


def name_of(spec: Spec | Contract, role: str) -> str | None:
    """The one parameter declaring ``role``, or ``None`` when the operation has none."""
    found = names(spec, role)
    if len(found) > 1:
        raise ValueError(f"role {role!r} is declared by several parameters: {', '.join(found)}")
    return found[0] if found else None


def target_region(spec: Spec, params: dict[str, str]) -> str:
    """Where a request's result lands: its destination region, else its source region."""
    for role in (REGION_DESTINATION, REGION_SOURCE):
        name = name_of(spec, role)
        if name and params.get(name):
            return params[name]
    return ""


def duplicate_row(spec: Spec) -> ErrorRow | None:
    """The row a second use of a name-role value gets (the name parameter's ``duplicate_row``)."""
    for parameter in having(spec, NAME):
        if parameter.duplicate_row:
            return spec.row(parameter.duplicate_row)
    return None


def success_fields(spec: Spec) -> tuple[str, ...]:
    """The fields the success answer's schema requires, in its order."""
    for shape in spec.responses:
        if shape.status_class == "2xx":
            schema: dict[str, Any] = shape.schema
            return tuple(str(f) for f in schema.get("required", ()))
    return ()


def created_field(spec: Spec) -> str | None:
    """The success answer's field naming what the operation created: the one required field of
    the success schema besides the protocol's ``RequestId``."""
    fields = [f for f in success_fields(spec) if f != "RequestId"]
    return fields[0] if len(fields) == 1 else None
