"""The state behaviour of CopyImage's companions that stateful checks observe through:
DescribeImages (by ImageId and Status), CancelCopyImage and DeleteImage.

Their input rules ran before (:mod:`contracts`); their refusals are rows of their contracts
(spec/operations/<Action>.yaml), looked up by meaning.
"""

from __future__ import annotations

from typing import Any

from ecs_conformance.reference.actions import Context
from ecs_conformance.reference.contracts import row_refusal
from ecs_conformance.reference.errors import Refusal, Refused
from ecs_conformance.reference.gateway import Caller
from ecs_conformance.reference.state import EmulatorState, Image
from ecs_conformance.spec.model import Spec

DEFAULT_STATUS = "Available"


def describe_images(ctx: Context, caller: Caller) -> dict[str, Any]:
    p = caller.params
    region = p["RegionId"]
    ids = set(_split(p["ImageId"])) if p.get("ImageId") else None
    statuses = set(_split(p.get("Status") or DEFAULT_STATUS))
    found = ctx.state.images_in(region, ids, statuses)
    body: dict[str, Any] = {
        "RegionId": region, "TotalCount": len(found), "PageNumber": 1,
        "PageSize": max(10, len(found)),
        "Images": {"Image": [_view(ctx.state, image) for image in found]},
    }
    if ctx.behaviour.on("describe-total-missing"):
        del body["TotalCount"]
    return body


def cancel_copy_image(ctx: Context, caller: Caller) -> dict[str, Any]:
    image = _image(ctx, caller)
    contract = ctx.behaviour.spec.contract(caller.action)
    if not image.is_copy:
        if ctx.behaviour.on("cancel-not-from-copy-accepted"):
            return {}
        raise Refused(row_refusal(contract.row("not-from-copy")))
    if not image.copying and not ctx.behaviour.on("cancel-finished"):
        # a variant answering a finished copy with the row of an image no copy created
        wrong = ctx.behaviour.on("cancel-finished-not-from-copy")
        raise Refused(row_refusal(contract.row("not-from-copy" if wrong else "copy-finished")))
    ctx.state.remove(image)
    return {}


def delete_image(ctx: Context, caller: Caller) -> dict[str, Any]:
    image = _image(ctx, caller)
    if image.copying and not ctx.behaviour.on("delete-while-copying"):
        raise Refused(ctx.behaviour.delete_while_copying())
    ctx.state.remove(image)
    return {"RequestId": ""} if ctx.behaviour.on("delete-answer-empty-request-id") else {}


def _image(ctx: Context, caller: Caller) -> Image:
    """The image the (validated) request names; DeleteImage has no existence rule."""
    p = caller.params
    image = ctx.state.image(p["ImageId"], p["RegionId"])
    if image is None:
        raise Refused(_not_found(ctx.behaviour.spec, caller.action))
    return image


def _not_found(spec: Spec, action: str) -> Refusal:
    """The answer for an image that does not exist: the row the operation's image-existence
    rule (kind known_image) names. DeleteImage has none — its page says the request is
    ignored, its 2025 metadata lists the 404 the primary operation documents — so the
    primary operation's row is answered (both are accepted)."""
    for contract in (spec.contract(action), spec.contracts()[0]):
        for rule in contract.rules:
            if rule.check.kind == "known_image" and rule.reject and rule.reject.rows:
                return row_refusal(rule.reject.rows[0])
    raise LookupError(f"{action}: no rule of it or of {spec.operation.action} says how an "
                      "unknown image is refused")


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def _view(state: EmulatorState, image: Image) -> dict[str, Any]:
    return {
        "ImageId": image.image_id,
        "ImageName": image.name,
        "Description": image.description,
        "Status": image.status,
        "Progress": state.progress(image),
        "IsCopied": image.is_copy,
        "CreationTime": image.created_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "ImageOwnerAlias": image.owner_alias,
        "ResourceGroupId": image.resource_group_id,
        "Tags": {"Tag": [{"TagKey": k, "TagValue": v} for k, v in image.tags]},
    }
