"""The official SDKs through ``ecs-conformance client``: each run completes with a report and
nothing errored on our side; what they do wrong matches the recorded wire facts. Each adapter
drives CopyImage's companions through its SDK's own request models: every one is declared,
reaches the wire as that operation with the call's parameters, and is assessed in the run."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from ecs_conformance.adapters.sdk import EXTRA
from ecs_conformance.reference.contracts import minimal_answer
from ecs_conformance.reports import validate_report
from ecs_conformance.spec import load_spec
from ecs_conformance.spec.model import Contract
from ecs_conformance.spec.problems import UsageError
from ecs_conformance.suites.cli import main
from ecs_conformance.suites.clientkit import load_driver
from ecs_conformance.suites.clientkit.loopback import LoopbackServer
from ecs_conformance.suites.clientkit.mock import MockCore, Reply
from ecs_conformance.suites.clientkit.verify import decode

ROOT = Path(__file__).parents[2]
NODE_DIR = ROOT / "adapters" / "node"
COMPANIONS = load_spec().companions
PYTHON_SDKS = {"tea_py": "python:ecs_conformance.adapters.tea_py:call",
               "legacy_py": "python:ecs_conformance.adapters.legacy_py:call"}

pytestmark = pytest.mark.sdk


@pytest.fixture(scope="session")
def node_adapter() -> str:
    """The Node adapter, its pinned packages installed (npm ci) when node_modules is missing."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        pytest.fail("node and npm are needed for the Node SDK adapter")
    if not (NODE_DIR / "node_modules" / "@alicloud" / "ecs20140526").is_dir():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"],
                       cwd=NODE_DIR, check=True, timeout=600)
    return f"cmd:node {NODE_DIR / 'adapter.js'}"


def _run(adapter: str, directory: Path) -> dict[str, dict]:
    code = main(["client", "--adapter", adapter, "--report-dir", str(directory),
                 "--budget", "quick"])
    data = json.loads((directory / "report.json").read_text(encoding="utf-8"))
    validate_report(data)
    assert code == (1 if data["summary"]["must_failed"] else 0)
    coverage = data["target"]["coverage"]  # an SDK declares no subset: it sends all 12
    assert not coverage["declared"] and len(coverage["parameters"]) == coverage["of"] == 12
    assert coverage["defaults"] == {}
    statuses = {r["id"]: r for r in data["requirements"]}
    assert not [k for k, r in statuses.items() if r["status"] == "errored"]
    # every companion requirement is assessed: the adapter declares and drives them all
    prefixes = tuple(f"client.{c.action}." for c in COMPANIONS)
    companion = {k: r["status"] for k, r in statuses.items() if k.startswith(prefixes)}
    assert companion and all(k.startswith(prefixes) for k in companion)
    assert not [k for k, status in companion.items() if status == "not_assessed"]
    return statuses


def _companions_pass(got: dict[str, dict]) -> None:
    """What the run says about the companions: every wire, success and error-row requirement
    passed (measured for each shipped SDK; docs/sdk-reports/)."""
    prefixes = tuple(f"client.{c.action}." for c in COMPANIONS)
    assert {k: r["status"] for k, r in got.items() if k.startswith(prefixes)
            and r["status"] != "passed"} == {}


def test_tea_python_sdk(tmp_path: Path) -> None:
    got = _run("python:ecs_conformance.adapters.tea_py:call", tmp_path)
    # facts §1.2: Encrypted=True — tolerated by the service, so a SHOULD, never a MUST
    assert got["client.wire.boolean-canonical"]["status"] == "failed"
    assert got["client.wire.boolean"]["status"] == "passed"
    assert got["client.signature.v3"]["status"] == "passed"
    assert got["client.error.InvalidImageName.Malformed"]["status"] == "passed"
    assert got["client.malformed.status-kept"]["status"] == "failed"  # facts §3.2 (e2)
    _companions_pass(got)


def test_legacy_python_sdk(tmp_path: Path) -> None:
    got = _run("python:ecs_conformance.adapters.legacy_py:call", tmp_path)
    assert got["client.signature.v1"]["status"] == "passed"
    assert got["client.wire.boolean-canonical"]["status"] == "failed"
    assert got["client.malformed.non-json"]["status"] == "failed"  # facts §3.2: raw body back
    assert got["client.malformed.status-kept"]["status"] == "passed"  # keeps 502
    _companions_pass(got)


def test_node_sdk_through_the_command_protocol(tmp_path: Path, node_adapter: str) -> None:
    got = _run(node_adapter, tmp_path)
    assert got["client.wire.boolean-canonical"]["status"] == "passed"  # Node sends true
    assert got["client.signature.v3"]["status"] == "passed"
    assert got["client.timeout"]["status"] == "passed"
    _companions_pass(got)


@pytest.fixture(params=[*PYTHON_SDKS, "node"])
def sdk_adapter(request: pytest.FixtureRequest) -> str:
    """Each shipped SDK adapter, as --adapter says it."""
    if request.param == "node":
        adapter: str = request.getfixturevalue("node_adapter")
        return adapter
    return PYTHON_SDKS[request.param]


def _sent(adapter: str, call: dict[str, Any], reply: Reply) -> tuple[dict[str, Any], list[Any]]:
    """The adapter's result for ``call`` and the requests the mock received for it."""
    driver = load_driver(adapter)
    core = MockCore(call["access_key_id"], call["access_key_secret"])
    try:
        with LoopbackServer(core) as server:
            core.program([lambda _request: reply])
            result = driver.call({**call, "endpoint": server.endpoint}, 20.0)
            return result, core.since_program()
    finally:
        driver.close()


def _call(contract: Contract, parameters: dict[str, Any]) -> dict[str, Any]:
    return {"endpoint": "", "access_key_id": "testid", "access_key_secret": "testsecret",
            "region_id": "cn-hangzhou", "parameters": parameters, "timeout_s": 5.0,
            "action": contract.action}


def test_every_companion_is_declared(sdk_adapter: str) -> None:
    driver = load_driver(sdk_adapter)
    try:
        assert driver.handshake.operations == {c.action for c in COMPANIONS}
    finally:
        driver.close()


@pytest.mark.parametrize("contract", COMPANIONS, ids=[c.action for c in COMPANIONS])
def test_a_companion_reaches_the_wire_with_its_parameters(sdk_adapter: str,
                                                          contract: Contract) -> None:
    """The SDK's own request for the action carries each parameter the call sets, by its wire
    name and value, correctly signed; the answer's RequestId comes back. (Every parameter
    with a scalar example: the repeat lists, Tag.N.* and Filter.N.*, have none.)"""
    params = {p.name: p.example for p in contract.parameters
              if p.example is not None and not p.repeat}
    assert len(params) >= 2
    answer = {"RequestId": "473469C7-AA6F-4DC5-B3DB-A3DC0DE3C83E", **minimal_answer(contract)}
    result, served = _sent(sdk_adapter, _call(contract, params),
                           Reply(200, "application/json;charset=utf-8", json.dumps(answer)))
    assert result == {**result, "outcome": "ok", "RequestId": answer["RequestId"]}
    assert len(served) == 1 and served[0].signature_problems == ()
    decoded = decode(served[0].request)
    action = (served[0].request.header("x-acs-action") if decoded.scheme == "v3"
              else decoded.first("Action"))
    assert action == contract.action
    assert {name: decoded.values(name) for name in params} == \
        {name: [value] for name, value in params.items()}


@pytest.mark.parametrize("contract", COMPANIONS, ids=[c.action for c in COMPANIONS])
def test_a_companion_error_keeps_code_and_status(sdk_adapter: str, contract: Contract) -> None:
    row = contract.error_rows[0]
    body = {"RequestId": "R-1", "Code": row.code, "Message": row.message}
    result, _ = _sent(sdk_adapter, _call(contract, {"RegionId": "cn-hangzhou"}),
                      Reply(row.status, "application/json;charset=utf-8", json.dumps(body)))
    assert (result["outcome"], result["code"], result["http_status"], result["request_id"]) == \
        ("error", row.code, row.status, "R-1")


def test_a_parameter_the_sdk_lacks_is_refused_locally(sdk_adapter: str) -> None:
    contract = COMPANIONS[0]
    result, served = _sent(sdk_adapter, _call(contract, {"RegionId": "cn-hangzhou",
                                                         "NoSuchParameter": "x"}),
                           Reply(200, "application/json;charset=utf-8", "{}"))
    assert result["outcome"] == "rejected" and "NoSuchParameter" in result["reason"]
    assert served == []


def test_an_operation_the_sdk_lacks_is_refused_locally(sdk_adapter: str) -> None:
    call = {**_call(COMPANIONS[0], {"RegionId": "cn-hangzhou"}), "action": "NoSuchOperation"}
    result, served = _sent(sdk_adapter, call, Reply(200, "application/json;charset=utf-8", "{}"))
    assert result["outcome"] == "rejected" and "NoSuchOperation" in result["reason"]
    assert served == []


def test_a_missing_legacy_ecs_package_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    """The legacy adapter finds its request classes by action; without aliyunsdkecs it still
    says which package and extra are missing (not that no operation exists)."""
    for name in [m for m in sys.modules if m.startswith("aliyunsdkecs.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "aliyunsdkecs", None)  # import fails
    monkeypatch.delitem(sys.modules, "ecs_conformance.adapters.legacy_py", raising=False)
    with pytest.raises(UsageError) as info:
        load_driver("python:ecs_conformance.adapters.legacy_py:call")
    assert "aliyun-python-sdk-ecs" in str(info.value) and EXTRA in str(info.value)


def test_tea_python_takes_a_misshapen_companion_answer_for_an_empty_success(
        node_adapter: str) -> None:
    """darabonba's from_map swallows a body the response model cannot take (``Images`` not an
    object): the SDK raises nothing and returns no body. The adapter reports that success as
    the SDK gives it, saying why its fields are null; Node's stricter cast makes it an error."""
    contract = next(c for c in COMPANIONS if c.action == "DescribeImages")
    reply = Reply(200, "application/json;charset=utf-8", '{"RequestId": "R-1", "Images": "x"}')
    result, _ = _sent(PYTHON_SDKS["tea_py"], _call(contract, {"RegionId": "cn-hangzhou"}), reply)
    assert (result["outcome"], result["RequestId"]) == ("ok", None)
    assert "without a body" in result["detail"]
    result, _ = _sent(node_adapter, _call(contract, {"RegionId": "cn-hangzhou"}), reply)
    assert result["outcome"] == "error" and "mismatch" in str(result["message"])
