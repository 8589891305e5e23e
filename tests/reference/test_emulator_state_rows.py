"""Every state-triggered error row of the spec, provoked through the default profile's roles."""

from __future__ import annotations

import pytest

from ecs_conformance.reference import Call, EmulatorClient
from ecs_conformance.spec import Spec, load_spec

SPEC = load_spec()
KMS = {"Encrypted": "true", "KMSKeyId": "${kms_keys.enabled}"}

#: row ID -> the run of calls whose last answer is that row.
TRIGGERS: dict[str, tuple[Call, ...]] = {
    "Forbbiden": (Call(account="unauthorized"),),
    "IncorrectImageStatus": (Call({"ImageId": "${images.unavailable}"}),),
    "InvalidSnapshotId.NotFound": (Call({"ImageId": "${images.snapshot_missing}"}),),
    "InvalidImageName.Duplicated": (Call({"DestinationImageName": "twin"}),
                                    Call({"DestinationImageName": "twin"})),
    "QuotaExceed.Image": (Call({"DestinationRegionId": "${regions.image_quota_exhausted}"}),),
    "QuotaExceed.Snapshot": (Call({"DestinationRegionId": "${regions.snapshot_quota_exhausted}"}),),
    "OperationDenied.ImageCopying": (Call(), Call({"RegionId": "${regions.destination}",
                                                   "ImageId": "${copy}",
                          "DestinationRegionId": "${regions.source}"})),
    "RegionNotSupportCopy": (Call({"DestinationRegionId": "${regions.copy_unsupported}"}),),
    "InvalidSnapshot.TooOld": (Call({"ImageId": "${images.snapshot_too_old}"}),),
    "OperationDenied": (Call({"ImageId": "${images.snapshot_not_allowed}"}),),
    "SizeExceed.Image": (Call({"ImageId": "${images.oversized}"}),),
    "OperationDeined.EncryptedSnapshot": (Call({"ImageId": "${images.encrypted_snapshot}"}),),
    "OperationDenied.SameRegionOnly": (Call({"ImageId": "${images.shared_by_other_account}"}),),
    "OperationDenied.NotPublished": (Call({"ImageId": "${images.marketplace_unpublished}"}),),
    "InvalidParameter.KMSKeyId.CMKNotEnabled": (Call({**KMS, "KMSKeyId": "${kms_keys.disabled}"}),),
    "InvalidParameter.KMSKeyId.KMSUnauthorized": (Call({**KMS,
                                                        "KMSKeyId": "${kms_keys.unauthorized}"}),),
    "InvalidRegion.NotSupport": (Call({**KMS,
                                       "DestinationRegionId": "${regions.byok_unsupported}"}),),
    "UserNotInTheWhiteList": (Call(KMS, account="not_byok_whitelisted"),),
}
STATE_ROWS = [row for row in SPEC.error_rows if row.error_class == "state"]


def test_every_state_row_has_a_trigger() -> None:
    assert {row.id for row in STATE_ROWS} == set(TRIGGERS)


@pytest.mark.parametrize("row_id", sorted(TRIGGERS))
def test_state_row(client: EmulatorClient, spec: Spec, row_id: str) -> None:
    row = spec.row(row_id)
    *setup, last = TRIGGERS[row_id]
    for call in setup:
        assert client.send(call).status == 200
    for scheme in ("v1", "v3"):
        reply = client.send(Call(**{**last.__dict__, "scheme": scheme}))
        body = reply.fields()
        assert (reply.status, body["Code"], body["Message"]) == (row.status, row.code,
                                                                 row.message)


def test_default_profile_covers_every_state_role(spec: Spec, client: EmulatorClient) -> None:
    profile = client.app.profile
    for row in STATE_ROWS:
        assert row.role is not None and profile.provides(row.role), row.id


@pytest.mark.parametrize("row_id", ["OperationDenied.SameRegionOnly",
                                    "OperationDenied.NotPublished"])
def test_shared_and_marketplace_images_copy_within_their_region(client: EmulatorClient,
                                                                row_id: str) -> None:
    image = TRIGGERS[row_id][0].params["ImageId"]
    reply = client.send(Call({"ImageId": image, "DestinationRegionId": None}))
    assert reply.status == 200, reply.body


def test_byok_rows_need_a_kms_key(client: EmulatorClient) -> None:
    assert client.send(Call(account="not_byok_whitelisted")).status == 200
    assert client.send(Call({"DestinationRegionId": "${regions.byok_unsupported}"})).status \
        == 200
