"""Copy semantics on the injected clock: queueing, completion, cancel, delete and DryRun."""

from __future__ import annotations

import pytest

from ecs_conformance.reference import App, Call, Clock, EmulatorClient, create_app
from ecs_conformance.spec import Profile

DEST = "${regions.destination}"


def describe(client: EmulatorClient, status: str | None = "Creating,Waiting,Available",
             region: str = DEST, image_id: str | None = None) -> dict[str, str]:
    params = {"RegionId": region}
    if status is not None:
        params["Status"] = status
    if image_id is not None:
        params["ImageId"] = image_id
    reply = client.send(Call(params, action="DescribeImages"))
    assert reply.status == 200, reply.body
    body = reply.fields()
    assert body["TotalCount"] == len(body["Images"]["Image"])
    return {image["ImageId"]: image["Status"] for image in body["Images"]["Image"]}


def copy(client: EmulatorClient, **params: str) -> str:
    reply = client.send(Call(params))
    assert reply.status == 200, reply.body
    return str(reply.fields()["ImageId"])


def test_copy_is_creating_then_available(app: App, client: EmulatorClient) -> None:
    image = copy(client, DestinationImageName="first")
    assert describe(client) == {image: "Creating"}
    assert describe(client, status=None) == {}
    app.clock.advance(app.profile.copy_seconds - 1)
    assert describe(client) == {image: "Creating"}
    app.clock.advance(1)
    assert describe(client) == {image: "Available"}
    assert describe(client, status=None) == {image: "Available"}


def test_copies_queue_per_region(app: App, client: EmulatorClient) -> None:
    first, second, third = (copy(client) for _ in range(3))
    assert describe(client) == {first: "Creating", second: "Waiting", third: "Waiting"}
    app.clock.advance(app.profile.copy_seconds)
    assert describe(client) == {first: "Available", second: "Creating", third: "Waiting"}
    app.clock.advance(2 * app.profile.copy_seconds)
    assert set(describe(client).values()) == {"Available"}


def test_queues_are_independent_per_region(client: EmulatorClient) -> None:
    shanghai = copy(client)
    shenzhen = copy(client, DestinationRegionId="cn-shenzhen")
    assert describe(client) == {shanghai: "Creating"}
    assert describe(client, region="cn-shenzhen") == {shenzhen: "Creating"}


def test_concurrency_comes_from_the_profile(profile: Profile) -> None:
    data = {**profile.data, "limits": {"concurrent_copies_per_region": 2, "copy_seconds": 60}}
    app = create_app(Profile(profile.path, data), clock=Clock.frozen("2026-01-01T00:00:00Z"))
    client = EmulatorClient(app)
    ids = [copy(client) for _ in range(3)]
    assert [describe(client)[i] for i in ids] == ["Creating", "Creating", "Waiting"]
    app.clock.advance(60)
    assert [describe(client)[i] for i in ids] == ["Available", "Available", "Creating"]


def test_describe_filters_by_image_id_and_status(client: EmulatorClient) -> None:
    first, second = copy(client), copy(client)
    assert describe(client, image_id=f"{first},{second}") == {first: "Creating",
                                                              second: "Waiting"}
    assert describe(client, status="Waiting") == {second: "Waiting"}
    source = describe(client, status=None, region="${regions.source}")
    assert client.expand("${images.available}") in source
    assert client.expand("${images.unavailable}") not in source


def test_describe_xml_wraps_lists(client: EmulatorClient) -> None:
    copy(client)
    reply = client.send(Call({"RegionId": DEST, "Status": "Creating"}, action="DescribeImages",
                             fmt=None))
    assert reply.fields()["_root"] == "DescribeImagesResponse"
    assert b"<Images><Image><ImageId>m-" in reply.body


def test_cancel_removes_a_copy_in_progress(app: App, client: EmulatorClient) -> None:
    first, second = copy(client), copy(client)
    reply = client.send(Call({"RegionId": DEST, "ImageId": first}, action="CancelCopyImage"))
    assert reply.status == 200 and set(reply.fields()) == {"RequestId"}
    assert describe(client) == {second: "Creating"}


def test_cancel_of_a_finished_copy_is_refused(app: App, client: EmulatorClient) -> None:
    image = copy(client)
    app.clock.advance(app.profile.copy_seconds)
    reply = client.send(Call({"RegionId": DEST, "ImageId": image}, action="CancelCopyImage"))
    assert (reply.status, reply.code) == (400, "IncorrectImageStatus")
    assert describe(client) == {image: "Available"}


def test_cancel_of_an_image_that_is_no_copy_is_refused(client: EmulatorClient) -> None:
    reply = client.send(Call({"RegionId": "${regions.source}", "ImageId": "${images.available}"},
                             action="CancelCopyImage"))
    assert (reply.status, reply.code) == (400, "ImageCreatedNotFromCopy")


@pytest.mark.parametrize("action", ["CancelCopyImage", "DeleteImage"])
def test_unknown_image_is_404(client: EmulatorClient, action: str) -> None:
    reply = client.send(Call({"RegionId": DEST, "ImageId": "m-nothere"}, action=action))
    assert (reply.status, reply.code) == (404, "InvalidImageId.NotFound")


def test_delete_is_refused_while_copying(app: App, client: EmulatorClient) -> None:
    image = copy(client)
    reply = client.send(Call({"RegionId": DEST, "ImageId": image}, action="DeleteImage"))
    assert (reply.status, reply.code) == (403, "OperationDenied.ImageCopying")
    app.clock.advance(app.profile.copy_seconds)
    reply = client.send(Call({"RegionId": DEST, "ImageId": image}, action="DeleteImage"))
    assert reply.status == 200
    assert describe(client) == {}


def test_dry_run_creates_nothing(client: EmulatorClient, spec: object) -> None:
    reply = client.send(Call({"DryRun": "true", "DestinationImageName": "dry"}))
    assert (reply.status, reply.code) == (400, "DryRunOperation")
    assert reply.fields()["Message"] == "Request validation has been passed with DryRun flag set."
    assert describe(client) == {}
    assert client.send(Call({"DryRun": "false", "DestinationImageName": "dry"})).status == 200


def test_copy_without_destination_goes_to_the_source_region(client: EmulatorClient) -> None:
    image = copy(client, DestinationRegionId=None)  # type: ignore[arg-type]
    assert describe(client, region="${regions.source}", image_id=image) == {image: "Creating"}


def test_copied_image_carries_the_request_fields(client: EmulatorClient) -> None:
    image = copy(client, DestinationImageName="测试镜像-1", DestinationDescription="a b",
                 **{"Tag.1.Key": "env", "Tag.1.Value": ""})
    reply = client.send(Call({"RegionId": DEST, "ImageId": image, "Status": "Creating"},
                             action="DescribeImages"))
    (found,) = reply.fields()["Images"]["Image"]
    assert found["ImageName"] == "测试镜像-1" and found["Description"] == "a b"
    assert found["IsCopied"] is True and found["Progress"] == "0%"
    assert found["Tags"] == {"Tag": [{"TagKey": "env", "TagValue": ""}]}


def test_describe_unknown_region_is_404(client: EmulatorClient) -> None:
    reply = client.send(Call({"RegionId": "xx-1"}, action="DescribeImages"))
    assert (reply.status, reply.code) == (404, "InvalidRegionId.NotFound")
