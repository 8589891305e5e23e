"""An adapter author's path: adapters and --app modules in the current directory import without
PYTHONPATH=., a missing SDK names the extra that installs it, a dying cmd: adapter shows the
first error line of its stderr, --call-deadline is honoured as given, and Hypothesis' own
wording never reaches a report."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from ecs_conformance.adapters.reference_client import ReferenceClient
from ecs_conformance.spec import load_spec
from ecs_conformance.spec.problems import UsageError
from ecs_conformance.suites.clientkit import AdapterError, ClientOptions, load_driver, run_client
from ecs_conformance.suites.clientkit.command import first_error_line
from ecs_conformance.suites.clientkit.session import NONDETERMINISTIC, ClientResults
from ecs_conformance.suites.runner import load_app


@pytest.fixture
def bare_cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """tmp_path as the current directory, neither it nor "" on sys.path (as under the
    ecs-conformance console script)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "path", [p for p in sys.path if p not in ("", str(tmp_path))])
    return tmp_path


def test_a_python_adapter_in_the_current_directory_imports(bare_cwd: Path) -> None:
    (bare_cwd / "my_wrapper_adapter.py").write_text(
        "from adapters.partial_example import HANDSHAKE, call\n", encoding="utf-8")
    driver = load_driver("python:my_wrapper_adapter:call")
    assert driver.handshake.parameters is not None and "Tag" not in driver.handshake.parameters
    sys.modules.pop("my_wrapper_adapter", None)


def test_an_app_module_in_the_current_directory_imports(bare_cwd: Path) -> None:
    (bare_cwd / "my_cwd_app.py").write_text(
        "async def app(scope, receive, send):\n    pass\n\nMARK = 'the app module'\n",
        encoding="utf-8")
    app = load_app("my_cwd_app:app")
    assert app.__module__ == "my_cwd_app" and sys.modules["my_cwd_app"].MARK == "the app module"
    sys.modules.pop("my_cwd_app", None)


def test_a_missing_sdk_names_the_extra_that_installs_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "alibabacloud_ecs20140526", None)  # import fails
    monkeypatch.delitem(sys.modules, "ecs_conformance.adapters.tea_py", raising=False)
    with pytest.raises(UsageError) as info:
        load_driver("python:ecs_conformance.adapters.tea_py:call")
    message = str(info.value)
    assert "alibabacloud_ecs20140526" in message
    assert "pip install 'ecs-conformance[sdks]'" in message


def test_first_error_line_finds_the_crash_not_the_noise() -> None:
    node = ("node:internal/modules/cjs/loader:1228\n  throw err;\n  ^\n\n"
            "Error: Cannot find module '@alicloud/ecs20140526'\nRequire stack:\n- /x/adapter.js")
    assert first_error_line(node) == "Error: Cannot find module '@alicloud/ecs20140526'"
    python = ("starting\nTraceback (most recent call last):\n  File \"a.py\", line 1, in <module>\n"
              "    import sdk\nModuleNotFoundError: No module named 'sdk'\n")
    assert first_error_line(python) == "ModuleNotFoundError: No module named 'sdk'"
    assert first_error_line("all fine\nreally") is None


def test_a_dying_command_adapter_shows_its_first_error_line(tmp_path: Path) -> None:
    script = tmp_path / "dies.py"
    script.write_text(textwrap.dedent("""\
        import json, sys
        print(json.dumps({"name": "dies", "version": "1",
                          "capabilities": {"retries": 0, "signature": "v3"}}), flush=True)
        sys.stdin.readline()
        sys.stderr.write("Traceback (most recent call last):\\n  File 'x'\\n"
                         "ImportError: the SDK is missing\\n" + "noise line\\n" * 400)
        sys.exit(1)
        """), encoding="utf-8")
    driver = load_driver(f"cmd:{sys.executable} {script}", handshake_timeout_s=10)
    with pytest.raises(AdapterError) as info:
        driver.call({"endpoint": "http://127.0.0.1:9", "access_key_id": "a",
                     "access_key_secret": "s", "region_id": "cn-hangzhou", "parameters": {},
                     "timeout_s": 1}, deadline_s=10)
    driver.close()
    assert "first error on stderr: 'ImportError: the SDK is missing'" in str(info.value)


def test_the_call_deadline_is_honoured_as_given(tmp_path: Path) -> None:
    script = tmp_path / "hangs.py"
    script.write_text(textwrap.dedent("""\
        import json, sys, time
        print(json.dumps({"name": "hangs", "version": "1",
                          "capabilities": {"retries": 0, "signature": "v3"}}), flush=True)
        for line in sys.stdin:
            time.sleep(60)
        """), encoding="utf-8")
    data = run_client(ClientOptions(adapter=f"cmd:{sys.executable} {script}",
                                    report_dir=str(tmp_path), budget="quick", timeout_s=5.0,
                                    call_deadline_s=1.5, formats=("json",)))
    reasons = [r["reason"] for r in data["requirements"] if r["status"] == "errored"]
    assert reasons and any("no a result within 1.5s" in r for r in reasons), reasons[:3]


class FailsOnlyOnce(ReferenceClient):
    """Loses the request id of its first success only: the failure does not come back when
    Hypothesis replays the call."""

    seen = 0

    def call(self, call: dict[str, Any]) -> dict[str, Any]:
        result = super().call(call)
        type(self).seen += 1
        if type(self).seen == 1 and result.get("outcome") == "ok":
            return {**result, "RequestId": "lost"}
        return result


fails_only_once = FailsOnlyOnce().adapter()


def test_hypothesis_internals_never_reach_a_report(tmp_path: Path) -> None:
    data = run_client(ClientOptions(adapter="python:test_client_author:fails_only_once",
                                    report_dir=str(tmp_path), budget="quick",
                                    formats=("json",)))
    text = (tmp_path / "report.json").read_text("utf-8")
    for internal in ("Hypothesis", "Inconsistent results", "unreliable results", "Flaky",
                     "sub-exception"):
        assert internal not in text
    errored = [r for r in data["requirements"] if r["status"] == "errored"]
    assert [r["reason"] for r in errored] == [NONDETERMINISTIC]  # the replay did not fail


def test_replay_wording_is_replaced_in_errored_reasons() -> None:
    results = ClientResults(load_spec())
    results.errored("client.success.json", "the target answered inconsistently: Inconsistent "
                    "results from replaying a test case! last: INTERESTING, now: VALID")
    reason = results.requirement_dicts()
    shown = next(r for r in reason if r["id"] == "client.success.json")["reason"]
    assert shown == NONDETERMINISTIC


def test_a_call_deadline_that_is_not_positive_is_a_usage_error(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from ecs_conformance.suites.cli import main

    assert main(["client", "--adapter", "python:ecs_conformance.adapters.partial_example:call",
                 "--call-deadline", "0", "--report-dir", str(tmp_path)]) == 2
    assert "--call-deadline: must be a positive number of seconds" in capsys.readouterr().err
