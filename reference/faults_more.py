"""More faulty variants that break an input rule or a documented error row (one per clause that
no variant of ``faults_input`` names)."""

from __future__ import annotations

from ecs_conformance.reference.behaviour import Fault
from ecs_conformance.reference.calls import Call
from ecs_conformance.reference.faults_input import UNKNOWN_IMAGE, tag

NAME = "DestinationImageName"
ENCRYPTED_WITH = {"Encrypted": "true", "KMSKeyId": "${kms_keys.enabled}"}
NOWHERE = "xx-nowhere-1"
UNKNOWN_KMS_KEY = "0e478b7a-4262-4802-b8cb-00d3fb40ffff"


def image(role: str) -> Call:
    return Call({"ImageId": "${images." + role + "}"})


def into(role: str) -> Call:
    return Call({"DestinationRegionId": "${regions." + role + "}"})


FAULTS_MORE: tuple[Fault, ...] = (
    # --- rules ------------------------------------------------------------------------------
    # Like image-id-optional: without RegionId the image is not found (404), still a 4xx.
    Fault("region-id-optional", "a request without RegionId is not refused for lacking it",
          ("RegionId.required", "errors.conventional-code"), (Call({"RegionId": None}),),
          rules={"RegionId.required": None}),
    Fault("name-charset-unchecked", "DestinationImageName with a space or a slash is accepted",
          ("DestinationImageName.charset",), (Call({NAME: "my image/1"}),),
          rules={"DestinationImageName.charset": None}),
    Fault("aliyun-tag-key-accepted", "a tag key starting with aliyun is accepted",
          ("Tag.Key.reserved-prefix",), (Call(tag("aliyunTeam")),),
          rules={"Tag.Key.reserved-prefix": {"prefixes": ("acs:",)}}),
    Fault("tag-value-url-accepted", "a tag value containing http:// is accepted",
          ("Tag.Value.no-url",), (Call(tag("see", "at http://example.com")),),
          rules={"Tag.Value.no-url": None}),
    Fault("encrypted-non-boolean-accepted", "Encrypted=yes is accepted (read as false)",
          ("Encrypted.boolean",), (Call({"Encrypted": "yes"}),),
          rules={"Encrypted.boolean": None}),
    Fault("dry-run-non-boolean-accepted", "DryRun=maybe is accepted (read as false)",
          ("DryRun.boolean",), (Call({"DryRun": "maybe"}),), rules={"DryRun.boolean": None}),
    Fault("kms-key-max-32", "a KMSKeyId over 32 characters (a UUID key) is rejected",
          ("KMSKeyId.length",), (Call(ENCRYPTED_WITH),), rules={"KMSKeyId.length": {"max": 32}}),
    Fault("client-token-non-ascii-accepted", "a ClientToken with a Chinese character is accepted",
          ("ClientToken.ascii",), (Call({"ClientToken": "令牌-1"}),),
          rules={"ClientToken.ascii": None}),
    Fault("client-token-max-128", "a ClientToken of 65 characters is accepted",
          ("ClientToken.length",), (Call({"ClientToken": "t" * 65}),),
          rules={"ClientToken.length": {"max": 128}}),
    Fault("destination-region-unchecked", "an unknown DestinationRegionId is copied into",
          ("DestinationRegionId.exists", "error.DestinationRegion.NotFound"),
          (Call({"DestinationRegionId": NOWHERE}),), rules={"DestinationRegionId.exists": None}),
    Fault("image-id-unchecked", "an unknown ImageId is not looked up; the copy fails with 500",
          ("ImageId.exists", "error.InvalidImageId.NotFound"),
          (Call({"ImageId": UNKNOWN_IMAGE}),), rules={"ImageId.exists": None}),
    Fault("kms-key-unchecked", "an unknown KMSKeyId is accepted",
          ("KMSKeyId.exists", "error.InvalidParameter.KMSKeyId.NotFound"),
          (Call({"Encrypted": "true", "KMSKeyId": UNKNOWN_KMS_KEY}),),
          rules={"KMSKeyId.exists": None}),
    # --- input rows ---------------------------------------------------------------------------
    # rows InvalidDescription.Malformed~destination and InvalidDescription.Malformed share status
    # and code: the wrong code breaks both
    Fault("description-row-wrong-code", "a malformed description is answered "
          "InvalidDescription.Invalid", ("error.InvalidDescription.Malformed~destination",
                                         "error.InvalidDescription.Malformed"),
          (Call({"DestinationDescription": "d"}),),
          rows={"InvalidDescription.Malformed~destination":
                {"code": "InvalidDescription.Invalid"}}),
    Fault("destination-not-found-404", "DestinationRegion.NotFound is answered 404",
          ("error.DestinationRegion.NotFound",), (Call({"DestinationRegionId": NOWHERE}),),
          rows={"DestinationRegion.NotFound": {"status": 404}}),
    Fault("kms-not-found-400", "InvalidParameter.KMSKeyId.NotFound is answered 400",
          ("error.InvalidParameter.KMSKeyId.NotFound",),
          (Call({"Encrypted": "true", "KMSKeyId": UNKNOWN_KMS_KEY}),),
          rows={"InvalidParameter.KMSKeyId.NotFound": {"status": 400}}),
    # --- state rows ---------------------------------------------------------------------------
    Fault("unavailable-image-copied", "an image in status UnAvailable is copied",
          ("error.IncorrectImageStatus",), (image("unavailable"),),
          rows={"IncorrectImageStatus": None}),
    Fault("snapshot-missing-wrong-code", "a missing snapshot is answered "
          "InvalidSnapshot.NotFound", ("error.InvalidSnapshotId.NotFound",),
          (image("snapshot_missing"),),
          rows={"InvalidSnapshotId.NotFound": {"code": "InvalidSnapshot.NotFound"}}),
    Fault("snapshot-quota-not-enforced", "a copy into a region without snapshot quota is "
          "accepted", ("error.QuotaExceed.Snapshot",), (into("snapshot_quota_exhausted"),),
          rows={"QuotaExceed.Snapshot": None}),
    Fault("copy-unsupported-400", "RegionNotSupportCopy is answered 400 instead of 403",
          ("error.RegionNotSupportCopy",), (into("copy_unsupported"),),
          rows={"RegionNotSupportCopy": {"status": 400}}),
    Fault("snapshot-too-old-accepted", "an image whose snapshot predates 2013-07-15 is copied",
          ("error.InvalidSnapshot.TooOld",), (image("snapshot_too_old"),),
          rows={"InvalidSnapshot.TooOld": None}),
    Fault("snapshot-not-allowed-accepted", "an image whose snapshot may not make images is "
          "copied", ("error.OperationDenied",), (image("snapshot_not_allowed"),),
          rows={"OperationDenied": None}),
    Fault("oversized-image-copied", "an image above the maximum size is copied",
          ("error.SizeExceed.Image",), (image("oversized"),), rows={"SizeExceed.Image": None}),
    Fault("marketplace-cross-region", "a marketplace-derived image is copied to a region "
          "where it is not published", ("error.OperationDenied.NotPublished",),
          (image("marketplace_unpublished"),), rows={"OperationDenied.NotPublished": None}),
    Fault("kms-unauthorized-wrong-status", "KMSKeyId.KMSUnauthorized is answered 400 instead "
          "of 403", ("error.InvalidParameter.KMSKeyId.KMSUnauthorized",),
          (Call({"Encrypted": "true", "KMSKeyId": "${kms_keys.unauthorized}"}),),
          rows={"InvalidParameter.KMSKeyId.KMSUnauthorized": {"status": 400}}),
    Fault("byok-region-accepted", "a KMSKeyId copy into a region without BYOK is accepted",
          ("error.InvalidRegion.NotSupport",),
          (Call({**ENCRYPTED_WITH, "DestinationRegionId": "${regions.byok_unsupported}"}),),
          rows={"InvalidRegion.NotSupport": None}),
    Fault("byok-whitelist-wrong-code", "UserNotInTheWhiteList is answered "
          "UserNotInWhiteList", ("error.UserNotInTheWhiteList",),
          (Call(ENCRYPTED_WITH, account="not_byok_whitelisted"),),
          rows={"UserNotInTheWhiteList": {"code": "UserNotInWhiteList"}}),
)
