"""The official SDKs talk to the emulator served over HTTP by uvicorn (loopback, free port).

tea-py (V3 by default, V1 with ``signature_algorithm='v2'``) and the legacy aliyun-python-sdk-ecs
(V1): a valid copy succeeds, and three documented errors surface through each SDK's exception
fields.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import uvicorn

from ecs_conformance.reference import App, create_app

pytestmark = pytest.mark.sdk

AK, SECRET = "testid", "testsecret"
VALID = {"ImageId": "m-bp1h46wfpjsjastc0001", "RegionId": "cn-hangzhou",
         "DestinationRegionId": "cn-shanghai"}


@dataclass(frozen=True)
class Failure:
    code: str
    status: int
    message: str


#: (request overrides, expected failure) for the three documented errors.
ERRORS = {
    "invalid-name": ({"DestinationImageName": "1-bad"},
                     Failure("InvalidImageName.Malformed", 400,
                             "The specified destination Image name is wrongly formed.")),
    "unknown-image": ({"ImageId": "m-nosuchimage000000000"},
                      Failure("InvalidImageId.NotFound", 404,
                              "The specified ImageId does not exist.")),
    "same-region": ({"DestinationRegionId": "cn-hangzhou"},
                    Failure("IncorrectDestinationRegion", 403,
                            "The destination region is not equal the target region.")),
}


@pytest.fixture(scope="module")
def served() -> Iterator[tuple[App, str]]:
    app = create_app()
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    ready = threading.Event()
    for _ in range(2000):  # poll readiness; each wait is bounded, no blind sleep
        if server.started or not thread.is_alive():
            break
        ready.wait(0.005)
    assert server.started, "uvicorn did not start"
    yield app, f"127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
    sock.close()


# --- tea-py ------------------------------------------------------------------------------------
def tea_call(endpoint: str, params: dict[str, str], algorithm: str | None) -> Any:
    from alibabacloud_ecs20140526 import models as ecs_models
    from alibabacloud_ecs20140526.client import Client
    from alibabacloud_tea_openapi import utils_models

    config = utils_models.Config(access_key_id=AK, access_key_secret=SECRET, endpoint=endpoint,
                                 protocol="http", region_id="cn-hangzhou")
    if algorithm is not None:
        config.signature_algorithm = algorithm
    request = ecs_models.CopyImageRequest(
        image_id=params.get("ImageId"), region_id=params.get("RegionId"),
        destination_region_id=params.get("DestinationRegionId"),
        destination_image_name=params.get("DestinationImageName"), encrypted=False,
    )
    return Client(config).copy_image(request)


def tea_failure(call: Callable[[], Any]) -> Failure:
    from alibabacloud_tea_openapi.exceptions import AlibabaCloudException

    with pytest.raises(AlibabaCloudException) as caught:
        call()
    error: Any = caught.value
    assert error.status_code == error.data["statusCode"]
    return Failure(error.code, error.status_code, error.data["Message"])


@pytest.mark.parametrize("algorithm", [None, "v2"], ids=["v3-default", "v1-v2"])
def test_tea_py_copy_succeeds(served: tuple[App, str], algorithm: str | None) -> None:
    response = tea_call(served[1], VALID, algorithm)
    assert response.status_code == 200
    assert response.body.image_id.startswith("m-")
    assert len(response.body.request_id) == 36


@pytest.mark.parametrize("algorithm", [None, "v2"], ids=["v3-default", "v1-v2"])
@pytest.mark.parametrize("case", sorted(ERRORS))
def test_tea_py_surfaces_documented_errors(served: tuple[App, str], algorithm: str | None,
                                           case: str) -> None:
    overrides, expected = ERRORS[case]
    got = tea_failure(lambda: tea_call(served[1], {**VALID, **overrides}, algorithm))
    assert got == expected


# --- legacy aliyun-python-sdk-ecs ----------------------------------------------------------------
def legacy_call(endpoint: str, params: dict[str, str]) -> bytes:
    from aliyunsdkcore.client import AcsClient
    from aliyunsdkecs.request.v20140526.CopyImageRequest import CopyImageRequest

    client = AcsClient(AK, SECRET, "cn-hangzhou")
    request = CopyImageRequest()
    request.set_endpoint(endpoint)
    request.set_protocol_type("http")
    request.set_accept_format("json")
    request.set_ImageId(params["ImageId"])
    request.set_DestinationRegionId(params["DestinationRegionId"])
    if "DestinationImageName" in params:
        request.set_DestinationImageName(params["DestinationImageName"])
    return client.do_action_with_exception(request)


def test_legacy_copy_succeeds(served: tuple[App, str]) -> None:
    import json

    body = json.loads(legacy_call(served[1], VALID))
    assert body["ImageId"].startswith("m-")


@pytest.mark.parametrize("case", sorted(ERRORS))
def test_legacy_surfaces_documented_errors(served: tuple[App, str], case: str) -> None:
    from aliyunsdkcore.acs_exception.exceptions import ServerException

    overrides, expected = ERRORS[case]
    with pytest.raises(ServerException) as caught:
        legacy_call(served[1], {**VALID, **overrides})
    error = caught.value
    got = Failure(error.get_error_code(), error.get_http_status(), error.get_error_msg())
    assert got == expected
    assert error.get_request_id()


def test_every_sdk_request_reached_the_emulator(served: tuple[App, str]) -> None:
    app, endpoint = served
    legacy_call(endpoint, VALID)
    tea_call(endpoint, VALID, None)
    assert all(entry.action == "CopyImage" for entry in app.log)
    assert not any(e.code in {"SignatureDoesNotMatch", "IncompleteSignature"} for e in app.log)
