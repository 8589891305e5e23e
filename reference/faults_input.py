"""Faulty variants that break an input rule or a documented error row."""

from __future__ import annotations

from ecs_conformance.reference.behaviour import Fault
from ecs_conformance.reference.calls import Call

NAME = "DestinationImageName"
DESC = "DestinationDescription"
UNKNOWN_IMAGE = "m-nosuchimage000000000"


def tag(key: str, value: str = "v", n: int = 1) -> dict[str, str | None]:
    return {f"Tag.{n}.Key": key, f"Tag.{n}.Value": value}


FAULTS_INPUT: tuple[Fault, ...] = (
    Fault("name-max-129", "DestinationImageName of 129 characters is accepted",
          ("DestinationImageName.length",), (Call({NAME: "a" * 129}),),
          rules={"DestinationImageName.length": {"max": 129}}),
    Fault("name-min-1", "one-character DestinationImageName is accepted",
          ("DestinationImageName.length",), (Call({NAME: "a"}),),
          rules={"DestinationImageName.length": {"min": 1}}),
    Fault("description-max-255", "DestinationDescription of 256 characters is rejected",
          ("DestinationDescription.length",), (Call({DESC: "d" * 256}),),
          rules={"DestinationDescription.length": {"max": 255}}),
    Fault("tags-21-accepted", "21 tags (Tag.1 to Tag.21) are accepted",
          ("Tag.count", "Tag.index"),
          (Call({k: v for n in range(1, 22) for k, v in tag(f"k{n}", n=n).items()}),),
          rules={"Tag.count": {"max": 21}, "Tag.index": {"max": 21}}),
    Fault("tag-key-129-accepted", "a tag key of 129 characters is accepted",
          ("Tag.Key.length",), (Call(tag("k" * 129)),),
          rules={"Tag.Key.length": {"max": 129}}),
    Fault("empty-tag-key-accepted", "an empty Tag.N.Key is accepted",
          ("Tag.Key.non-empty",), (Call(tag("")),), rules={"Tag.Key.non-empty": None}),
    Fault("empty-tag-value-rejected", "an empty Tag.N.Value is rejected",
          ("Tag.Value.length",), (Call(tag("env", "")),),
          rules={"Tag.Value.length": {"min": 1}}),
    Fault("aliyun-prefix-accepted", "DestinationImageName starting with aliyun is accepted",
          ("DestinationImageName.reserved-prefix",), (Call({NAME: "aliyunImage"}),),
          rules={"DestinationImageName.reserved-prefix": {"prefixes": ("acs:",)}}),
    Fault("acs-tag-value-accepted", "a tag value starting with acs: is accepted",
          ("Tag.Value.reserved-prefix",), (Call(tag("env", "acs:prod")),),
          rules={"Tag.Value.reserved-prefix": None}),
    Fault("https-description-accepted", "DestinationDescription starting with https:// is accepted",
          ("DestinationDescription.no-url-prefix",), (Call({DESC: "https://example.com"}),),
          rules={"DestinationDescription.no-url-prefix": {"prefixes": ("http://",)}}),
    Fault("tag-key-url-accepted", "a tag key containing https:// is accepted",
          ("Tag.Key.no-url",), (Call(tag("see https://example.com")),),
          rules={"Tag.Key.no-url": None}),
    Fault("digit-first-name-accepted", "DestinationImageName starting with a digit is accepted",
          ("DestinationImageName.first-char",), (Call({NAME: "1image"}),),
          rules={"DestinationImageName.first-char": {"classes": ("ascii_letter", "cjk",
                                                                  "digit")}}),
    Fault("cjk-first-name-rejected", "DestinationImageName starting with a CJK character is "
          "rejected", ("DestinationImageName.first-char",), (Call({NAME: "测试镜像"}),),
          rules={"DestinationImageName.first-char": {"classes": ("ascii_letter",)}}),
    # Without the rule the request falls through to InvalidImageId.NotFound: still a 4xx, so
    # only the conventional code (Missing*, SHOULD) tells the fault apart.
    Fault("image-id-optional", "a request without ImageId is not refused for lacking it",
          ("ImageId.required", "errors.conventional-code"), (Call({"ImageId": None}),),
          rules={"ImageId.required": None}),
    Fault("source-region-unchecked", "an unknown RegionId is not refused as SourceRegion.NotFound",
          ("RegionId.exists", "error.SourceRegion.NotFound"),
          (Call({"RegionId": "xx-nowhere-1"}),), rules={"RegionId.exists": None}),
    Fault("same-region-accepted", "a copy into its own source region is accepted",
          ("DestinationRegionId.differs", "error.IncorrectDestinationRegion"),
          (Call({"DestinationRegionId": "${regions.source}"}),),
          rules={"DestinationRegionId.differs": None}),
    Fault("encrypted-illegal-not-enforced", "KMSKeyId without Encrypted=true is accepted",
          ("KMSKeyId.requires-encrypted", "error.InvalidParameter.EncryptedIllegal"),
          (Call({"KMSKeyId": "${kms_keys.enabled}"}),),
          rules={"KMSKeyId.requires-encrypted": None}),
    # rows InvalidImageName.Malformed~destination and InvalidImageName.Malformed share status and
    # code: a name answered 403 breaks both
    Fault("name-malformed-403", "a malformed DestinationImageName is answered 403",
          ("error.InvalidImageName.Malformed~destination", "error.InvalidImageName.Malformed"),
          (Call({NAME: "a"}),),
          rows={"InvalidImageName.Malformed~destination": {"status": 403}}),
    Fault("forbbiden-fixed", "the Forbbiden typo is 'fixed' to Forbidden",
          ("error.Forbbiden",), (Call(account="unauthorized"),),
          rows={"Forbbiden": {"code": "Forbidden"}}),
    Fault("operation-deined-fixed", "OperationDeined.EncryptedSnapshot is 'fixed' to "
          "OperationDenied.EncryptedSnapshot", ("error.OperationDeined.EncryptedSnapshot",),
          (Call({"ImageId": "${images.encrypted_snapshot}"}),),
          rows={"OperationDeined.EncryptedSnapshot":
                {"code": "OperationDenied.EncryptedSnapshot"}}),
    Fault("image-are-coping-fixed", "'The Image are coping.' is 'fixed' to proper English",
          ("error.OperationDenied.ImageCopying", "errors.message-verbatim"),
          (Call(), Call({"RegionId": "${regions.destination}", "ImageId": "${copy}",
                         "DestinationRegionId": "${regions.source}"})),
          rows={"OperationDenied.ImageCopying": {"message": "The image is being copied."}}),
    Fault("not-found-message-reworded", "InvalidImageId.NotFound carries another message",
          ("errors.message-verbatim", "error.InvalidImageId.NotFound"),
          (Call({"ImageId": UNKNOWN_IMAGE}),),
          rows={"InvalidImageId.NotFound": {"message": "The specified image does not exist."}}),
    Fault("image-not-found-400", "InvalidImageId.NotFound is answered 400 instead of 404",
          ("error.InvalidImageId.NotFound",), (Call({"ImageId": UNKNOWN_IMAGE}),),
          rows={"InvalidImageId.NotFound": {"status": 400}}),
    Fault("encrypted-snapshot-not-enforced", "an image with encrypted snapshots is copied",
          ("error.OperationDeined.EncryptedSnapshot",),
          (Call({"ImageId": "${images.encrypted_snapshot}"}),),
          rows={"OperationDeined.EncryptedSnapshot": None}),
    Fault("image-quota-not-enforced", "a copy into a region without image quota is accepted",
          ("error.QuotaExceed.Image",),
          (Call({"DestinationRegionId": "${regions.image_quota_exhausted}"}),),
          rows={"QuotaExceed.Image": None}),
    Fault("shared-image-cross-region", "an image shared by another account is copied to "
          "another region", ("error.OperationDenied.SameRegionOnly",),
          (Call({"ImageId": "${images.shared_by_other_account}"}),),
          rows={"OperationDenied.SameRegionOnly": None}),
    Fault("kms-disabled-accepted", "a disabled KMS key is accepted",
          ("error.InvalidParameter.KMSKeyId.CMKNotEnabled",),
          (Call({"Encrypted": "true", "KMSKeyId": "${kms_keys.disabled}"}),),
          rows={"InvalidParameter.KMSKeyId.CMKNotEnabled": None}),
    Fault("duplicate-name-accepted", "a name already used in the destination region is "
          "accepted", ("error.InvalidImageName.Duplicated",),
          (Call({NAME: "twin"}), Call({NAME: "twin"})), rows={"InvalidImageName.Duplicated": None}),
)
