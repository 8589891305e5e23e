"""The proof that operations are data: a made-up operation, added as one YAML file (plus a
profile entry) to a copy of the spec, is served by the emulator, exported, and checked by the
server suite — with no Python file changed. A server that does not implement it fails exactly
its requirements, so the generic checks do fire on it.

The operation (``ProbeImageHealth``) does not exist in Alibaba Cloud; it is a fixture.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from ecs_conformance.reference.app import create_app
from ecs_conformance.reference.calls import Call
from ecs_conformance.reference.client import EmulatorClient
from ecs_conformance.spec.loader import SPEC_DIR, SPEC_DIR_ENV, load_spec
from ecs_conformance.spec.profile import DEFAULT_PROFILE, load_profile

ACTION = "ProbeImageHealth"
OPERATION = f"""\
# A made-up operation (tests/test_new_operation.py): not an Alibaba Cloud API.
kind: companion
operation:
  product: Ecs
  version: "2014-05-26"
  action: {ACTION}
  style: RPC
  methods: [GET, POST]
  path: /
  schemes: [http, https]
  endpoints: {{central: ecs.aliyuncs.com, regional: "ecs.{{region_id}}.aliyuncs.com"}}
  source: "test fixture"
parameters:
  - {{name: RegionId, type: String, required: true, example: cn-hangzhou, in_source: true,
     location: query, description: Region of the image., source: test fixture}}
  - {{name: ImageId, type: String, required: true, example: m-1, in_source: true,
     location: query, description: The image., source: test fixture}}
  - {{name: Verbose, type: Boolean, required: false, example: "false", in_source: true,
     location: query, description: More detail., source: test fixture}}
baseline:
  params: {{RegionId: "${{regions.source}}", ImageId: "${{images.available}}"}}
  answer: success
  source: test fixture
rules:
  - {{id: {ACTION}.RegionId.required, parameter: RegionId, title: RegionId is required,
     level: MUST, check: {{kind: required}},
     reject: {{status_class: 4xx, codes_seen: [MissingRegionId]}}, source: test fixture}}
  - {{id: {ACTION}.ImageId.exists, parameter: ImageId, title: ImageId names an image,
     level: MUST, check: {{kind: known_image, within: RegionId}},
     reject: {{rows: [image-not-found]}}, source: test fixture}}
  - {{id: {ACTION}.Verbose.boolean, parameter: Verbose, title: Verbose is a boolean,
     level: SHOULD, check: {{kind: boolean}},
     reject: {{status_class: 4xx, codes_seen: [InvalidParameter]}}, source: test fixture}}
rows:
  - {{id: image-not-found, status: 404, code: InvalidImageId.NotFound,
     message: The specified ImageId does not exist., meaning_zh: "", class: input,
     source: test fixture}}
responses:
  - id: success-json
    status_class: 2xx
    format: json
    content_type: application/json;charset=utf-8
    source: test fixture
    schema:
      type: object
      required: [RequestId, Healthy]
      properties: {{RequestId: {{type: string, minLength: 1}}, Healthy: {{type: boolean}}}}
  - id: success-xml
    status_class: 2xx
    format: xml
    root: {ACTION}Response
    content_type: text/xml;charset=utf-8
    source: test fixture
    schema:
      type: object
      required: [RequestId, Healthy]
      properties: {{RequestId: {{type: string, minLength: 1}}, Healthy: {{type: string}}}}
"""


@pytest.fixture(scope="module")
def extended(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A copy of the shipped spec with the made-up operation, and a profile that serves it."""
    root = tmp_path_factory.mktemp("new-operation")
    spec_dir = root / "spec"
    shutil.copytree(SPEC_DIR, spec_dir,
                    ignore=shutil.ignore_patterns("*.py", "__pycache__", "schemas"))
    (spec_dir / "operations" / f"{ACTION}.yaml").write_text(OPERATION, encoding="utf-8")
    profile = yaml.safe_load(DEFAULT_PROFILE.read_text(encoding="utf-8"))
    profile["operations"] = [c.action for c in load_spec().companions] + [ACTION]
    profile_path = root / "profile.yaml"
    profile_path.write_text(yaml.safe_dump(profile), encoding="utf-8")
    return spec_dir, profile_path


def _env(spec_dir: Path | None) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    env.pop(SPEC_DIR_ENV, None)
    if spec_dir is not None:
        env[SPEC_DIR_ENV] = str(spec_dir)
    return env


def _cli(*args: str, spec_dir: Path | None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ecs_conformance.suites.cli", *args],
                          env=_env(spec_dir), capture_output=True, text=True, timeout=900)


def _mine(report: dict[str, object]) -> dict[str, str]:
    reqs = report["requirements"]
    assert isinstance(reqs, list)
    return {r["id"]: r["status"] for r in reqs if r["id"].startswith(f"{ACTION}.")}


def test_the_emulator_serves_it_from_the_yaml(extended: tuple[Path, Path]) -> None:
    spec_dir, profile_path = extended
    spec = load_spec(str(spec_dir))
    app = create_app(load_profile(profile_path), spec=spec)
    client = EmulatorClient(app)
    ok = client.send(Call({"RegionId": "${regions.source}", "ImageId": "${images.available}"},
                          action=ACTION, base=False))
    assert ok.status == 200 and ok.fields()["Healthy"] is False
    missing = client.send(Call({"RegionId": "${regions.source}", "ImageId": "m-none"},
                               action=ACTION, base=False))
    assert (missing.status, missing.code) == (404, "InvalidImageId.NotFound")


def test_it_is_exported(extended: tuple[Path, Path]) -> None:
    spec_dir, _ = extended
    done = _cli("spec", "export", "--format", "openapi", "--operation", ACTION,
                spec_dir=spec_dir)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["paths"]["/"]["post"]["operationId"] == ACTION


def test_the_server_suite_checks_it_against_the_emulator(extended: tuple[Path, Path],
                                                         tmp_path: Path) -> None:
    spec_dir, profile_path = extended
    done = _cli("run", "--profile", str(profile_path), "--budget", "quick", "--seed", "0",
                "--report-dir", str(tmp_path), spec_dir=spec_dir)
    report = json.loads((tmp_path / "report.json").read_text("utf-8"))
    assert done.returncode == 0, done.stdout[-3000:]
    assert _mine(report) == {
        f"{ACTION}.served": "passed", f"{ACTION}.RegionId.required": "passed",
        f"{ACTION}.ImageId.exists": "passed",
        f"{ACTION}.Verbose.boolean": "passed", f"{ACTION}.error.image-not-found": "passed",
        f"{ACTION}.response.success-schema": "passed",
    }


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_a_server_without_it_fails_its_requirements(extended: tuple[Path, Path],
                                                    tmp_path: Path) -> None:
    """The shipped emulator (it reads the shipped spec) does not know the operation: every
    requirement of it fails, and nothing else does."""
    spec_dir, profile_path = extended
    port = _free_port()
    serve = subprocess.Popen([sys.executable, "-m", "ecs_conformance.suites.cli", "serve",
                              "--port", str(port)], env=_env(None),
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while True:  # readiness poll of a child process, not a timing assumption
            assert serve.poll() is None and time.monotonic() < deadline, "serve did not start"
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        done = _cli("server", "--endpoint", f"http://127.0.0.1:{port}", "--profile",
                    str(profile_path), "--budget", "quick", "--seed", "0",
                    "--report-dir", str(tmp_path), spec_dir=spec_dir)
    finally:
        serve.terminate()
        serve.wait(timeout=30)
    report = json.loads((tmp_path / "report.json").read_text("utf-8"))
    assert done.returncode == 1
    mine = _mine(report)
    assert mine.pop(f"{ACTION}.served") == "failed"
    # the answers say nothing of its rules, rows or shapes: none of them passes
    assert set(mine.values()) == {"not_assessed"}, mine
    others = {r["id"] for r in report["requirements"]
              if r["status"] == "failed" and not r["id"].startswith(f"{ACTION}.")}
    assert not others, others


def test_the_client_suite_drives_it_through_an_adapter(extended: tuple[Path, Path],
                                                      tmp_path: Path) -> None:
    """The reference client declares every operation of the spec it is given, so it calls the
    made-up one too; the client suite checks its wire, success and error row."""
    spec_dir, _ = extended
    done = _cli("client", "--adapter", "python:ecs_conformance.adapters.reference_client:call",
                "--budget", "quick", "--seed", "0", "--report-dir", str(tmp_path),
                spec_dir=spec_dir)
    report = json.loads((tmp_path / "report.json").read_text("utf-8"))
    assert done.returncode == 0, done.stdout[-3000:]
    mine = {r["id"]: r["status"] for r in report["requirements"]
            if r["id"].startswith(f"client.{ACTION}.")}
    assert mine == {f"client.{ACTION}.wire": "passed", f"client.{ACTION}.success": "passed",
                    f"client.{ACTION}.error.image-not-found": "passed"}
