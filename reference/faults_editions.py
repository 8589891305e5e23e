"""Faulty variants whose fault depends on the contract edition: each follows one edition's
contract and breaks the other's (``Fault.editions`` / ``Fault.passes_in``).

Sources of the differences: spec/editions/current.yaml (docs/editions.md).
"""

from __future__ import annotations

from ecs_conformance.reference.behaviour import Fault
from ecs_conformance.reference.calls import Call
from ecs_conformance.reference.errors import Refusal

DEST = "${regions.destination}"
ON_COPY = {"RegionId": DEST, "ImageId": "${copy}"}
KMS_WITHOUT_ENCRYPTED = Call({"KMSKeyId": "${kms_keys.enabled}"})
UNKNOWN_REGION = Call({"RegionId": "xx-nowhere-1"})
SEED_ONLY, CURRENT_ONLY = ("seed",), ("current",)
# What same-image-refused answers under the seed, which queues such copies: the 2025 row
# (../shared/sources/copyimage-error-codes-2025.tsv line 15) the current edition adds.
SAME_IMAGE_REFUSED = Refusal(400, "OperationDenied.ImageCopyConflict",
                             "The same image cannot be copied concurrently. Please wait until "
                             "the last copy is completed before performing the next operation.")

FAULTS_EDITIONS: tuple[Fault, ...] = (
    Fault("same-image-queued", "a second copy of an image being copied is queued, not refused",
          ("state.same-image-conflict", "error.OperationDenied.ImageCopyConflict"),
          (Call({"DestinationImageName": "first"}), Call({"DestinationImageName": "second"})),
          flags=frozenset({"same-image-queued"}), editions=CURRENT_ONLY, passes_in=SEED_ONLY),
    Fault("same-image-refused", "a second copy of an image being copied is refused, not queued",
          ("state.copy-queue",),
          (Call({"DestinationImageName": "first"}), Call({"DestinationImageName": "second"})),
          flags=frozenset({"same-image-refused"}), editions=SEED_ONLY, passes_in=CURRENT_ONLY,
          answers={"same-image-refused": SAME_IMAGE_REFUSED}),
    Fault("region-messages-with-period", "SourceRegion/DestinationRegion.NotFound end in a period",
          ("errors.message-verbatim",), (UNKNOWN_REGION,),
          rows={"SourceRegion.NotFound": {"message": "The source region not found."},
                "DestinationRegion.NotFound": {"message": "The destination region not found."}},
          editions=SEED_ONLY, passes_in=CURRENT_ONLY),
    Fault("region-messages-without-period", "SourceRegion/DestinationRegion.NotFound lack the "
          "final period", ("errors.message-verbatim",), (UNKNOWN_REGION,),
          rows={"SourceRegion.NotFound": {"message": "The source region not found"},
                "DestinationRegion.NotFound": {"message": "The destination region not found"}},
          editions=CURRENT_ONLY, passes_in=SEED_ONLY),
    Fault("kms-without-encrypted-new-code", "KMSKeyId without Encrypted=true is answered "
          "InvalidEncrypted.NotMatchKmsKeyId",
          ("KMSKeyId.requires-encrypted", "error.InvalidParameter.EncryptedIllegal"),
          (KMS_WITHOUT_ENCRYPTED,),
          rows={"InvalidParameter.EncryptedIllegal": {"code": "InvalidEncrypted.NotMatchKmsKeyId",
                        "message": "The specified parameter Encrypted must be true when KmsKeyId "
                                   "is not empty."}},
          editions=SEED_ONLY, passes_in=CURRENT_ONLY),
)
