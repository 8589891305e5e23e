"""Fixtures for the reports package: realistic sample reports and small builders.

The sample mixes every status and both levels, and carries the nasty strings a target may
send back: CJK text, ``<script>alert(1)</script>``, ``&`` and control characters.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from ecs_conformance.reports import (
    Evidence,
    ExpectedError,
    HttpExchange,
    HttpRequest,
    HttpResponse,
    OperationInfo,
    Report,
    RequirementResult,
    RunInfo,
    SpecInfo,
    TargetInfo,
    ToolInfo,
    summarize,
)

DIGEST = "sha256:" + "3f" * 32
XSS = "<script>alert(1)</script>"
CONTROL = "\x00\x07\x1b[31m\x7f"
ENDPOINT = "http://127.0.0.1:8080/"


def _exchange(query: str, status: int, body: str) -> HttpExchange:
    request = HttpRequest(
        "POST", f"{ENDPOINT}?{query}",
        {"host": "127.0.0.1:8080", "x-acs-action": "CopyImage",
         "x-acs-version": "2014-05-26",
         "authorization": "ACS3-HMAC-SHA256 Credential=testid,"
                          "SignedHeaders=host;x-acs-action,Signature=9c1f0e7d"},
        "")
    response = HttpResponse(status, {"content-type": "application/json;charset=utf-8"}, body)
    return HttpExchange(request, response)


def _curl(query: str) -> str:
    return f"curl -X POST '{ENDPOINT}?{query}' -H 'x-acs-action: CopyImage'"


def _requirements() -> list[RequirementResult]:
    name_query = "DestinationImageName=%E6%B5%8B&DestinationRegionId=cn-shanghai&ImageId=m-1"
    xss_body = ('{"RequestId":"473469C7-AA6F-4DC5-B3DB-A3DC0DE3C83E","Code":"Forbidden",'
                f'"Message":"{XSS} & friends{CONTROL}"}}')
    malformed = ExpectedError(400, "InvalidImageName.Malformed",
                              "The specified destination Image name is wrongly formed.")
    wrong_region = ExpectedError(403, "IncorrectDestinationRegion",
                                 "The destination region is not equal the target region.")
    return [
        RequirementResult(
            "DestinationImageName.length", "MUST", "DestinationImageName has 2–128 characters",
            "rule", "failed", parameter="DestinationImageName", error=malformed, checks=42,
            duration_s=0.512, source="seed row 4",
            evidence=(Evidence(
                "one-character DestinationImageName 测 is rejected",
                "HTTP 400 InvalidImageName.Malformed",
                'HTTP 200 {"ImageId":"m-bp1h46wfpjsjastc0001"}',
                _exchange(name_query, 200, '{"RequestId":"6E3B","ImageId":"m-bp1h46wf0001"}'),
                _curl(name_query)),)),
        RequirementResult("DestinationImageName.pattern", "MUST",
                          "DestinationImageName starts with a letter or a Chinese character",
                          "rule", "passed", parameter="DestinationImageName", error=malformed,
                          checks=120, duration_s=1.25),
        RequirementResult("DestinationImageName.reserved-prefix", "MUST",
                          "DestinationImageName does not start with aliyun or acs:", "rule",
                          "passed", parameter="DestinationImageName", checks=30,
                          duration_s=0.3),
        RequirementResult(
            "DestinationDescription.length", "SHOULD",
            "DestinationDescription has 2–256 characters", "rule", "failed",
            parameter="DestinationDescription", checks=25, duration_s=0.25,
            evidence=(Evidence(
                "257-character description is rejected",
                "HTTP 400 InvalidDescription.Malformed",
                f"HTTP 403 Forbidden: {XSS} & friends{CONTROL}",
                _exchange("DestinationDescription=aaaa", 403, xss_body)),)),
        RequirementResult("DestinationRegionId.required", "MUST",
                          "DestinationRegionId is required", "rule", "passed",
                          parameter="DestinationRegionId", checks=5, duration_s=0.05),
        RequirementResult("Tag.count", "SHOULD", "At most 20 tags are accepted", "rule",
                          "passed", parameter="Tag", checks=8, duration_s=0.1),
        RequirementResult("KMSKeyId.requires-encrypted", "MUST",
                          "KMSKeyId requires Encrypted=true", "rule", "not_assessed",
                          parameter="KMSKeyId",
                          reason="the target profile declares no KMS support"),
        RequirementResult(
            "error.IncorrectDestinationRegion", "MUST",
            "Copying into the source region is refused", "error-row", "failed",
            error=wrong_region, checks=3, duration_s=0.04, source="seed row 19",
            evidence=(Evidence(
                "DestinationRegionId equal to RegionId is refused",
                "HTTP 403 IncorrectDestinationRegion",
                f"HTTP 500 InternalError: {XSS}",
                _exchange("RegionId=cn-hangzhou&DestinationRegionId=cn-hangzhou", 500,
                          f'{{"Code":"InternalError","Message":"{XSS}"}}'),
                _curl("RegionId=cn-hangzhou&DestinationRegionId=cn-hangzhou")),)),
        RequirementResult("error.InvalidImageId.NotFound", "MUST",
                          "An unknown ImageId is answered with 404", "error-row", "passed",
                          error=ExpectedError(404, "InvalidImageId.NotFound",
                                              "The specified ImageId does not exist."),
                          checks=4, duration_s=0.04),
        RequirementResult("error.QuotaExceed.Image", "SHOULD",
                          "A full image quota is refused", "error-row", "not_assessed",
                          error=ExpectedError(403, "QuotaExceed.Image",
                                              "The Image Quota exceeds."),
                          reason="the target cannot be driven to a full quota"),
        RequirementResult("signature.v3", "MUST", "ACS3-HMAC-SHA256 signatures are verified",
                          "signature", "passed", checks=12, duration_s=0.2),
        RequirementResult("signature.v1", "MUST", "HMAC-SHA1 signatures are verified",
                          "signature", "errored", checks=1, duration_s=0.01,
                          reason="ConnectionResetError: connection reset by peer & closed"),
        RequirementResult("format.xml-default", "SHOULD",
                          "A V1 request without Format is answered in XML", "format",
                          "passed", checks=2, duration_s=0.02),
        RequirementResult("gateway.unknown-action", "SHOULD",
                          "An unknown Action is answered with InvalidAction.NotFound",
                          "gateway", "passed", checks=1, duration_s=0.01),
        RequirementResult("state.copy-creates-image", "MUST",
                          "A successful copy creates an image in the destination region",
                          "state", "passed", checks=6, duration_s=0.4),
    ]


def build_sample(**run: Any) -> Report:
    info = {"seed": 20260527, "budget": "default", "started_at": "2026-05-27T09:30:00+00:00",
            "finished_at": "2026-05-27T09:30:04.250000+00:00", "duration_s": 4.25,
            "requests": 1234, **run}
    return Report(
        tool=ToolInfo("ecs-conformance", "0.1.0"),
        spec=SpecInfo("2014-05-26", DIGEST),
        operation=OperationInfo("CopyImage", "2014-05-26"),
        suite="server",
        target=TargetInfo("endpoint", "emulator 测试 & co",
                          {"endpoint": ENDPOINT, "region_id": "cn-hangzhou",
                           "access_key_id": "testid", "access_key_secret": "***"}),
        run=RunInfo(**info),
        requirements=tuple(_requirements()),
    )


@pytest.fixture
def sample_model() -> Report:
    return build_sample()


@pytest.fixture
def sample_report() -> dict[str, Any]:
    return build_sample().to_dict()


def _requirement(rid: str, status: str = "passed", level: str = "MUST",
                 **extra: Any) -> dict[str, Any]:
    reason = f"reason for {rid}" if status in ("not_assessed", "errored") else None
    base: dict[str, Any] = {
        "id": rid, "level": level, "title": f"title of {rid}", "category": "rule",
        "parameter": None, "error": None, "status": status, "reason": reason, "checks": 1,
        "duration_s": 0.1, "evidence": [],
    }
    return {**base, **extra}


def _report(requirements: list[dict[str, Any]], **run: Any) -> dict[str, Any]:
    data = build_sample(**run).to_dict()
    data["requirements"] = copy.deepcopy(requirements)
    data["summary"] = summarize(requirements).to_dict()
    return data


@pytest.fixture
def req() -> Callable[..., dict[str, Any]]:
    """``req(id, status="passed", level="MUST", **fields)`` → a requirement dict."""
    return _requirement


@pytest.fixture
def make_report() -> Callable[..., dict[str, Any]]:
    """``make_report([requirement dicts], **run fields)`` → a valid report dict."""
    return _report


@pytest.fixture
def evidence() -> Callable[[str], dict[str, Any]]:
    def build(title: str) -> dict[str, Any]:
        return Evidence(title, "expected", "received").to_dict()
    return build
