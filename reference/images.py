"""The minimal companions of CopyImage that stateful checks observe through:
DescribeImages (by ImageId and Status), CancelCopyImage and DeleteImage.

Their codes are not part of the CopyImage spec; they follow the ECS documentation (facts §10).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ecs_conformance.reference.actions import Context
from ecs_conformance.reference.errors import Refusal, Refused
from ecs_conformance.reference.gateway import Caller
from ecs_conformance.reference.state import EmulatorState, Image

DEFAULT_STATUS = "Available"
NOT_FOUND = Refusal(404, "InvalidImageId.NotFound", "The specified ImageId does not exist.")
REGION_NOT_FOUND = Refusal(404, "InvalidRegionId.NotFound",
                           "The specified RegionId does not exist.")
NOT_FROM_COPY = Refusal(400, "ImageCreatedNotFromCopy",
                        "The specified image is not the target image of a copy action.")
COPY_FINISHED = Refusal(400, "IncorrectImageStatus", "The image is copied finished.")


def describe_images(ctx: Context, caller: Caller) -> dict[str, Any]:
    p = caller.params
    region = _region(ctx.state, p)
    ids = set(_split(p["ImageId"])) if p.get("ImageId") else None
    statuses = set(_split(p.get("Status") or DEFAULT_STATUS))
    found = ctx.state.images_in(region, ids, statuses)
    return {
        "RegionId": region, "TotalCount": len(found), "PageNumber": 1,
        "PageSize": max(10, len(found)),
        "Images": {"Image": [_view(ctx.state, image) for image in found]},
    }


def cancel_copy_image(ctx: Context, caller: Caller) -> dict[str, Any]:
    image = _image(ctx.state, caller.params)
    if not image.is_copy:
        raise Refused(NOT_FROM_COPY)
    if not image.copying and not ctx.behaviour.on("cancel-finished"):
        raise Refused(COPY_FINISHED)
    ctx.state.remove(image)
    return {}


def delete_image(ctx: Context, caller: Caller) -> dict[str, Any]:
    image = _image(ctx.state, caller.params)
    if image.copying and not ctx.behaviour.on("delete-while-copying"):
        raise Refused(ctx.behaviour.delete_while_copying())
    ctx.state.remove(image)
    return {}


def _region(state: EmulatorState, p: Mapping[str, str]) -> str:
    region = p.get("RegionId", "")
    if not region:
        raise Refused(Refusal(400, "MissingRegionId", "RegionId is mandatory for this action."))
    if not state.region_exists(region):
        raise Refused(REGION_NOT_FOUND)
    return region


def _image(state: EmulatorState, p: Mapping[str, str]) -> Image:
    region = _region(state, p)
    if not p.get("ImageId"):
        raise Refused(Refusal(400, "MissingImageId", "ImageId is mandatory for this action."))
    image = state.image(p["ImageId"], region)
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
