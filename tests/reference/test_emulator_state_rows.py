"""Every state-triggered error row of the spec, provoked through the default profile's roles."""

from __future__ import annotations

import pytest

from ecs_conformance.reference import Call, EmulatorClient
from ecs_conformance.spec import Spec, load_spec

SPEC = load_spec()
KMS = {"Encrypted": "true", "KMSKeyId": "${kms_keys.enabled}"}

#: row ID -> the run of calls whose last answer is that row.
TRIGGERS: dict[str, tuple[Call, ...]] = {
    "E03": (Call(account="unauthorized"),),
    "E10": (Call({"ImageId": "${images.unavailable}"}),),
    "E11": (Call({"ImageId": "${images.snapshot_missing}"}),),
    "E12": (Call({"DestinationImageName": "twin"}), Call({"DestinationImageName": "twin"})),
    "E13": (Call({"DestinationRegionId": "${regions.image_quota_exhausted}"}),),
    "E14": (Call({"DestinationRegionId": "${regions.snapshot_quota_exhausted}"}),),
    "E15": (Call(), Call({"RegionId": "${regions.destination}", "ImageId": "${copy}",
                          "DestinationRegionId": "${regions.source}"})),
    "E16": (Call({"DestinationRegionId": "${regions.copy_unsupported}"}),),
    "E17": (Call({"ImageId": "${images.snapshot_too_old}"}),),
    "E18": (Call({"ImageId": "${images.snapshot_not_allowed}"}),),
    "E20": (Call({"ImageId": "${images.oversized}"}),),
    "E21": (Call({"ImageId": "${images.encrypted_snapshot}"}),),
    "E23": (Call({"ImageId": "${images.shared_by_other_account}"}),),
    "E24": (Call({"ImageId": "${images.marketplace_unpublished}"}),),
    "E25": (Call({**KMS, "KMSKeyId": "${kms_keys.disabled}"}),),
    "E27": (Call({**KMS, "KMSKeyId": "${kms_keys.unauthorized}"}),),
    "E29": (Call({**KMS, "DestinationRegionId": "${regions.byok_unsupported}"}),),
    "E30": (Call(KMS, account="not_byok_whitelisted"),),
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


@pytest.mark.parametrize("row_id", ["E23", "E24"])
def test_shared_and_marketplace_images_copy_within_their_region(client: EmulatorClient,
                                                                row_id: str) -> None:
    image = TRIGGERS[row_id][0].params["ImageId"]
    reply = client.send(Call({"ImageId": image, "DestinationRegionId": None}))
    assert reply.status == 200, reply.body


def test_byok_rows_need_a_kms_key(client: EmulatorClient) -> None:
    assert client.send(Call(account="not_byok_whitelisted")).status == 200
    assert client.send(Call({"DestinationRegionId": "${regions.byok_unsupported}"})).status \
        == 200
