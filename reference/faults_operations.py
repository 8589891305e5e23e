"""Faulty variants of the companion operations (spec/operations/): each breaks one clause of
CancelCopyImage's, DeleteImage's or DescribeImages' contract, which the server suite checks in
suites/server/test_operations.py and the copy scenarios."""

from __future__ import annotations

from ecs_conformance.reference.behaviour import Fault
from ecs_conformance.reference.calls import Call
from ecs_conformance.reference.errors import Refusal

ON_COPY = {"RegionId": "${regions.destination}", "ImageId": "${copy}"}
AVAILABLE = {"RegionId": "${regions.source}", "ImageId": "${images.available}"}
# What delete-while-copying-400 answers for DeleteImage of a copy in progress (the contract's
# answer is DeleteImage's row image-copying: spec/operations/DeleteImage.yaml).
STILL_COPYING = Refusal(400, "IncorrectImageStatus",
                        "The specified image is being copied; cancel the copy with "
                        "CancelCopyImage instead.")

FAULTS_OPERATIONS: tuple[Fault, ...] = (
    # DeleteImage's page (seed) and the 2025 metadata (current) both document 403
    Fault("delete-while-copying-400", "DeleteImage of a copy in progress is answered 400 "
          "IncorrectImageStatus", ("state.delete-refused-while-copying",),
          (Call(), Call(ON_COPY, action="DeleteImage")),
          flags=frozenset({"delete-while-copying-400"}),
          answers={"delete-while-copying-400": STILL_COPYING}),
    # a finished copy is refused, but with the row of an image no copy created: still a 4xx,
    # so only a check of the cancel contract's finished-copy rows catches it
    Fault("cancel-finished-wrong-code", "CancelCopyImage of a finished copy is answered 400 "
          "ImageCreatedNotFromCopy",
          ("state.cancel", "CancelCopyImage.error.finished-copy"),
          (Call(), Call(ON_COPY, action="CancelCopyImage", base=False, advance_seconds=86_400)),
          flags=frozenset({"cancel-finished-not-from-copy"})),
    Fault("cancel-region-unchecked", "CancelCopyImage does not check that RegionId exists",
          ("CancelCopyImage.RegionId.exists",),
          (Call({**AVAILABLE, "RegionId": "xx-nowhere-1"}, action="CancelCopyImage",
                base=False),),
          rules={"CancelCopyImage.RegionId.exists": None}),
    Fault("delete-region-unchecked", "DeleteImage does not check that RegionId exists",
          ("DeleteImage.RegionId.exists",),
          (Call({**AVAILABLE, "RegionId": "xx-nowhere-1"}, action="DeleteImage", base=False),),
          rules={"DeleteImage.RegionId.exists": None}),
    Fault("describe-total-missing", "DescribeImages answers without TotalCount",
          ("DescribeImages.response.success-schema",),
          (Call(AVAILABLE, action="DescribeImages", base=False),),
          flags=frozenset({"describe-total-missing"})),
    Fault("delete-answer-empty-request-id", "DeleteImage answers an empty RequestId",
          ("DeleteImage.response.success-schema",),
          (Call(), Call(ON_COPY, action="DeleteImage", base=False, advance_seconds=86_400)),
          flags=frozenset({"delete-answer-empty-request-id"})),
    Fault("cancel-not-served", "the gateway does not know CancelCopyImage",
          ("CancelCopyImage.served",),
          (Call(AVAILABLE, action="CancelCopyImage", base=False),),
          flags=frozenset({"cancel-not-served"})),
    # rules of kinds the operation checks once had no example for (they are broken by the
    # strategies' breakers now): a range, documented value lists, a repeat list's indices
    Fault("describe-pagesize-unchecked", "DescribeImages accepts a PageSize outside 1 to 100",
          ("DescribeImages.PageSize.range",),
          (Call({**AVAILABLE, "PageSize": "101"}, action="DescribeImages", base=False),),
          rules={"DescribeImages.PageSize.range": None}),
    Fault("describe-ostype-unchecked", "DescribeImages accepts an OSType other than windows "
          "and linux", ("DescribeImages.OSType.values", "DescribeImages.error.os-type-invalid"),
          (Call({**AVAILABLE, "OSType": "solaris"}, action="DescribeImages", base=False),),
          rules={"DescribeImages.OSType.values": None}),
    Fault("describe-filter-key-unchecked", "DescribeImages accepts an unknown filter key",
          ("DescribeImages.Filter.Key.values", "DescribeImages.error.filter-key-not-found"),
          (Call({**AVAILABLE, "Filter.1.Key": "Colour", "Filter.1.Value": "blue"},
                action="DescribeImages", base=False),),
          rules={"DescribeImages.Filter.Key.values": None}),
    Fault("describe-tag-index-unchecked", "DescribeImages accepts a tag index outside 1 to 20",
          ("DescribeImages.Tag.index",),
          (Call({**AVAILABLE, "Tag.21.Key": "k"}, action="DescribeImages", base=False),),
          rules={"DescribeImages.Tag.index": None}),
    Fault("cancel-not-from-copy-accepted", "CancelCopyImage of an image no copy created is "
          "accepted", ("CancelCopyImage.error.not-from-copy",),
          (Call(AVAILABLE, action="CancelCopyImage", base=False),),
          flags=frozenset({"cancel-not-from-copy-accepted"})),
)
