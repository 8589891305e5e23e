"""CopyImage: input rules, look-ups, every state row, DryRun, then the copy itself.

State rows are checked in this order after the input rules (see README.md): account
(Forbbiden) -> source image (copy in progress, not available, snapshot rows, size, encrypted
snapshot, shared, marketplace) -> regions (copy unsupported, image quota, snapshot quota) ->
KMS key (disabled, unauthorized, BYOK region, BYOK white list) -> duplicate name -> DryRun.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ecs_conformance.reference.behaviour import Behaviour
from ecs_conformance.reference.errors import Refusal, Refused
from ecs_conformance.reference.gateway import Caller
from ecs_conformance.reference.state import EmulatorState, Image
from ecs_conformance.reference.validation import check_input, undocumented_message
from ecs_conformance.spec.params import item_pattern, parse_bool, repeat_items

SAME_IMAGE = "same-image"  # a copy of the source is in progress: queued or refused by edition


@dataclass(frozen=True)
class Context:
    behaviour: Behaviour
    state: EmulatorState


def copy_image(ctx: Context, caller: Caller) -> dict[str, Any]:
    b, st, p = ctx.behaviour, ctx.state, caller.params
    if b.on("extra-params-rejected"):
        refuse_extra_parameters(b, p)
    if b.on("destination-required") and not p.get("DestinationRegionId"):
        raise Refused(Refusal(400, "MissingDestinationRegionId",
                              "DestinationRegionId is mandatory for this action."))
    check_input(p, b, st)
    source = st.image(p.get("ImageId", ""), p.get("RegionId", ""))
    if source is None:  # only reachable when a faulty variant drops ImageId.required/.exists:
        # no ImageId falls through to NotFound; an unchecked unknown ID breaks the copy (500)
        raise Refused(b.row("InternalError" if p.get("ImageId") else "InvalidImageId.NotFound"))
    destination = p.get("DestinationRegionId") or source.region
    for row_id in state_rows(ctx, caller, source, destination):
        if row_id == SAME_IMAGE:
            if (conflict := b.same_image_conflict()) is not None:
                raise Refused(conflict)
        elif b.enforced(row_id):
            raise Refused(b.row(row_id))
    if parse_bool(p.get("DryRun", "false")) and not b.on("dry-run-ignored"):
        raise Refused(b.extra("DryRunOperation"))
    copy = st.start_copy(
        source, destination,
        name=p.get("DestinationImageName", ""),
        description=p.get("DestinationDescription", ""),
        encrypted=bool(parse_bool(p.get("Encrypted", "false"))),
        kms_key_id=p.get("KMSKeyId") or None,
        tags=tuple((t.get("Key", ""), t.get("Value", ""))
                   for _, t in sorted(repeat_items(p, "Tag").items())),
        resource_group_id=p.get("ResourceGroupId", ""),
        prefix="i-" if b.on("image-id-prefix") else "m-",
    )
    return {"ImageId": copy.image_id}


def refuse_extra_parameters(b: Behaviour, p: dict[str, str]) -> None:
    """A faulty variant's check: refuse any parameter the spec does not name (e.g. OwnerId)."""
    known = {q.name for q in b.spec.parameters} | {c.name for c in b.spec.common_parameters}
    items = [(item_pattern(q.name), {f.name for f in q.repeat.fields})
             for q in b.spec.parameters if q.repeat]
    extra = sorted(n for n in p if n not in known and not any(
        (m := pattern.match(n)) and m.group(2) in fields for pattern, fields in items))
    if extra:
        raise Refused(Refusal(400, "InvalidParameter",
                              undocumented_message("InvalidParameter", extra[0])))


def state_rows(ctx: Context, caller: Caller, source: Image, destination: str) -> list[str]:
    """The IDs of the state-triggered rows this copy runs into, in checking order."""
    st, p = ctx.state, caller.params
    regions = st.profile.data["regions"]
    kms = p.get("KMSKeyId", "")
    key_role = st.kms_keys.get(kms) if kms else None
    cross = destination != source.region
    candidates = [
        ("Forbbiden", caller.account == "unauthorized"),
        ("OperationDenied.ImageCopying", source.is_copy and source.copying),
        ("IncorrectImageStatus", source.status != "Available"),
        (SAME_IMAGE, st.copy_in_progress_of(source)),
        ("InvalidSnapshotId.NotFound", source.role == "snapshot_missing"),
        ("InvalidSnapshot.TooOld", source.role == "snapshot_too_old"),
        ("OperationDenied", source.role == "snapshot_not_allowed"),
        ("SizeExceed.Image", source.role == "oversized"),
        ("OperationDeined.EncryptedSnapshot", source.role == "encrypted_snapshot"),
        ("OperationDenied.SameRegionOnly", source.role == "shared_by_other_account" and cross),
        ("OperationDenied.NotPublished", source.role == "marketplace_unpublished" and cross),
        ("RegionNotSupportCopy", regions.get("copy_unsupported") in (source.region, destination)),
        ("QuotaExceed.Image", destination == regions.get("image_quota_exhausted")),
        ("QuotaExceed.Snapshot", destination == regions.get("snapshot_quota_exhausted")),
        ("InvalidParameter.KMSKeyId.CMKNotEnabled", key_role == "disabled"),
        ("InvalidParameter.KMSKeyId.KMSUnauthorized", key_role == "unauthorized"),
        ("InvalidRegion.NotSupport", bool(kms) and destination == regions.get("byok_unsupported")),
        ("UserNotInTheWhiteList", bool(kms) and caller.account == "not_byok_whitelisted"),
        ("InvalidImageName.Duplicated", st.name_taken(destination, p.get("DestinationImageName",
                                                                         ""))),
    ]
    return [row_id for row_id, hit in candidates if hit]
