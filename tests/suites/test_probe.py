"""No pass without an observed answer.

The start-up probe turns a target that cannot answer at all (a silent socket, https:// to a
plain-HTTP port, a port that does not speak HTTP, an --app that is no ASGI app) into exit 2
with a clear message; and a target that answers the probe and then falls silent ends with the
format and signature requirements errored — never passed, as they were before the probe
(``5 passed`` with zero answers).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bench._common import served_emulator
from ecs_conformance.suites.cli import main
from tests.hostile import hostile_server
from tests.suites.conftest import run_suite

PROFILE = "spec/profiles/default.yaml"
NAMED_ONLY = ("format.v1-default-xml", "format.v1-format-json", "format.v1-format-xml",
              "format.v3-json", "signature.v1-accepted")


def _server(capsys: pytest.CaptureFixture[str], tmp_path: Path, *where: str) -> tuple[int, str]:
    code = main(["server", *where, "--profile", PROFILE, "--timeout", "0.5",
                 "--budget", "quick", "--report-dir", str(tmp_path)])
    return code, capsys.readouterr().err


@pytest.mark.parametrize(("behaviour", "said"), [
    ("hang", "no answer within 0.5s"),
    ("garbage", "not HTTP/1.1"),
])
def test_a_target_that_cannot_answer_ends_with_exit_2(
        behaviour: str, said: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with hostile_server(behaviour) as endpoint:
        code, err = _server(capsys, tmp_path, "--endpoint", endpoint)
    assert code == 2
    assert f"start-up probe got no answer from {endpoint}" in err
    assert "RegionId only" in err and "creates nothing" in err  # what was sent
    assert said in err
    assert not (tmp_path / "report.json").exists()


def test_https_to_a_plain_http_port_ends_with_exit_2(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    with served_emulator() as endpoint:
        tls = endpoint.replace("http://", "https://")
        code, err = _server(capsys, tmp_path, "--endpoint", tls)
    assert code == 2
    assert "TLS handshake failed" in err
    assert f"use {endpoint}" in err  # the fix, spelled out


@pytest.mark.parametrize(("attr", "said"), [
    ("NOT_CALLABLE", "is a dict object, which is not callable"),
    ("one_argument", "does not take (scope, receive, send)"),
    ("SomeApp", "is the class SomeApp, not an application object"),
    ("sync_app", "app raised TypeError"),  # the right arguments, nothing to await: the probe
    ("mute_app", "returned without sending http.response.start"),
])
def test_an_app_that_is_not_asgi_ends_with_exit_2(attr: str, said: str, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    code, err = _server(capsys, tmp_path, "--app", f"tests.asgi_beds:{attr}")
    assert code == 2
    assert f"tests.asgi_beds:{attr}" in err
    assert said in err
    assert "ASGI 3 application" in err


def test_the_plugin_probes_too(tmp_path: Path) -> None:
    """``pytest -p ecs_conformance.suites.plugin --ecs-app …`` stops with exit 2 as the CLI does."""
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "ecs_conformance.suites.plugin", "-p",
         "no:cacheprovider",
         "--pyargs", "ecs_conformance.suites.server.test_formats",
         "--ecs-app", "tests.asgi_beds:sync_app",
         "--ecs-profile", PROFILE, "--ecs-report-dir", str(tmp_path), "-q"],
        capture_output=True, text=True, timeout=300)
    assert result.returncode == 2, result.stdout[-2000:]
    assert "start-up probe got no answer" in result.stdout + result.stderr


def test_a_target_silent_after_the_probe_gets_no_pass(tmp_path: Path) -> None:
    """The probe is answered, then nothing: every requirement is errored or failed (a valid
    request left unanswered is a finding), and none passes — in particular not the format and
    signature requirements the format tests only name."""
    from tests import asgi_beds

    asgi_beds.probe_then_silent.calls = 0
    code, report = run_suite(tmp_path, "server", "--app", "tests.asgi_beds:probe_then_silent",
                             "--profile", PROFILE, "--timeout", "0.5", "--budget", "quick")
    assert report is not None
    status = {r["id"]: r for r in report["requirements"]}
    assert report["summary"]["passed"] == 0, [i for i, r in status.items()
                                              if r["status"] == "passed"]
    for requirement in NAMED_ONLY:
        assert status[requirement]["status"] == "errored", status[requirement]
        assert status[requirement]["reason"]
    assert code != 0


@pytest.mark.parametrize(("test", "args", "named"), [
    ("test_formats.test_v1_success_format", (None, "format.v1-default-xml"),
     "format.v1-default-xml"),
    ("test_formats.test_v1_success_format", ("JSON", "format.v1-format-json"),
     "format.v1-format-json"),
    ("test_formats.test_v3_answers_json", ("POST",), "format.v3-json"),
    ("test_wire.test_methods_and_placements", ("POST", "query", "method.post-query"),
     "signature.v1-accepted"),
])
def test_one_unanswered_check_errors_what_it_only_names(test: str, args: tuple[object, ...],
                                                        named: str) -> None:
    """A single format check whose request gets no answer: the requirement it names (and
    did not check on an answer) is errored — on its own, not only because the run later
    stopped sending."""
    from ecs_conformance.spec import load_spec
    from ecs_conformance.spec.profile import load_profile
    from ecs_conformance.suites.server import test_formats, test_wire
    from ecs_conformance.suites.session import Session
    from ecs_conformance.suites.targets import AsgiTarget
    from tests.asgi_beds import ProbeThenSilent

    app = ProbeThenSilent()
    app.calls = 1  # the probe was answered; everything from now on is not
    session = Session(load_spec(), load_profile(None), AsgiTarget(app, timeout_s=0.2), "asgi")
    with pytest.raises(pytest.fail.Exception):
        module, name = test.split(".")
        getattr({"test_formats": test_formats, "test_wire": test_wire}[module], name)(
            session, *args)
    assert session.results.status(named) == "errored"
    assert "not observed (no answer" in str(session.results.outcomes[named].errors[0])
    assert session.results.must_failed()  # the unanswered valid request is the finding
