"""The state behaviour of CopyImage's companions that stateful checks observe through:
DescribeImages (by ImageId and Status), CancelCopyImage and DeleteImage.

Their input rules ran before (:mod:`contracts`); their refusals are rows of their contracts
(spec/operations/<Action>.yaml), looked up by meaning.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ecs_conformance.reference.actions import Context
from ecs_conformance.reference.contracts import row_refusal
from ecs_conformance.reference.errors import Refusal, Refused
from ecs_conformance.reference.gateway import Caller
from ecs_conformance.reference.state import EmulatorState, Image

DEFAULT_STATUS = "Available"
# DeleteImage of an image that does not exist: the page says the request is ignored, the 2025
# metadata also lists this 404; the emulator answers the 404 (both are accepted).
NOT_FOUND = Refusal(404, "InvalidImageId.NotFound", "The specified ImageId does not exist.")


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
    image = _image(ctx, caller.params)
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
    image = _image(ctx, caller.params)
    if image.copying and not ctx.behaviour.on("delete-while-copying"):
        raise Refused(ctx.behaviour.delete_while_copying())
    ctx.state.remove(image)
    return {"RequestId": ""} if ctx.behaviour.on("delete-answer-empty-request-id") else {}


def _image(ctx: Context, p: Mapping[str, str]) -> Image:
    """The image the (validated) request names; DeleteImage has no existence rule."""
    image = ctx.state.image(p["ImageId"], p["RegionId"])
    if image is None:
        raise Refused(NOT_FOUND)
    return image


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
