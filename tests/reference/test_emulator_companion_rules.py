"""The emulator validates a companion's rules of every kind from its contract: the documented
row where the rule names one, else the first code seen in practice."""

from __future__ import annotations

import pytest

from ecs_conformance.reference import Call, EmulatorClient

AVAILABLE = {"RegionId": "${regions.source}", "ImageId": "${images.available}"}


@pytest.mark.parametrize(("params", "status", "code"), [
    ({"PageSize": "101"}, 400, "InvalidParameter"),
    ({"PageSize": "0"}, 400, "InvalidParameter"),
    ({"PageSize": "ten"}, 400, "InvalidParameter"),
    ({"PageNumber": "0"}, 400, "InvalidParameter"),
    ({"OSType": "solaris"}, 404, "InvalidOSType"),
    ({"Architecture": "sparc"}, 404, "InvalidArchitecture"),
    ({"Usage": "sometimes"}, 404, "InvalidUsage"),
    ({"ImageOwnerAlias": "friends"}, 400, "InvalidImageOwnerAlias.ValueNotSupported"),
    ({"ActionType": "Reboot"}, 400, "InvalidParameter"),
    ({"Filter.1.Key": "Colour", "Filter.1.Value": "blue"}, 404, "InvalidFilterKey.NotFound"),
    ({f"Tag.{n}.Key": f"k{n}" for n in range(1, 22)}, 400, "InvalidTagCount"),
    ({"Tag.21.Key": "k"}, 400, "InvalidTagCount"),
    ({"IsPublic": "maybe"}, 400, "InvalidParameter"),
])
def test_describe_images_refuses_a_broken_rule(client: EmulatorClient, params: dict[str, str],
                                               status: int, code: str) -> None:
    reply = client.send(Call({**AVAILABLE, **params}, action="DescribeImages", base=False))
    assert (reply.status, reply.fields().get("Code")) == (status, code), reply.body


@pytest.mark.parametrize("params", [
    {"PageSize": "1"}, {"PageSize": "100"}, {"PageNumber": "3"}, {"OSType": "linux"},
    {"Architecture": "x86_64"}, {"Usage": "none"}, {"ImageOwnerAlias": "self"},
    {"Filter.1.Key": "NetworkType", "Filter.1.Value": "vpc"},
    {f"Tag.{n}.Key": f"k{n}" for n in range(1, 21)}, {"IsPublic": "false"},
])
def test_describe_images_accepts_the_documented_values(client: EmulatorClient,
                                                       params: dict[str, str]) -> None:
    reply = client.send(Call({**AVAILABLE, **params}, action="DescribeImages", base=False))
    assert reply.status == 200, reply.body


def test_delete_image_refuses_a_dry_run_that_is_no_boolean(client: EmulatorClient) -> None:
    reply = client.send(Call({**AVAILABLE, "DryRun": "maybe"}, action="DeleteImage", base=False))
    assert (reply.status, reply.fields().get("Code")) == (400, "InvalidParameter"), reply.body
