"""The default output of a failing run, pinned: the summary first, then the failures grouped by
root cause in the order to fix them, each group with one example and its reproduce line; none
of pytest's own output on the terminal (it goes to pytest.log). Regenerate the goldens with
``UPDATE_GOLDEN=1`` when the output changes on purpose."""

from __future__ import annotations

import io
import json
import os
import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from ecs_conformance.suites.cli import main
from ecs_conformance.suites.isolation import isolated_plugins
from ecs_conformance.suites.output import Progress, pytest_output, warning_filters
from ecs_conformance.suites.triage import group_of

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
PROFILE = "spec/profiles/default.yaml"
NAIVE = ["server", "--app", "tests.suites.naive_app:app", "--profile", PROFILE]
PYTEST_NOISE = ("passed in", "failed in", "FAILURES", "=====", "[100%]", "short test summary")

#: what varies between runs of one seed: timings, the request count, the report directory,
#: the fresh image names, run-stamped values and nonces in reproduce lines
MASKS = ((re.compile(r"\(\d+ requests, [\d.]+s, seed"), "(N requests, Ts, seed"),
         (re.compile(r"conformance-[a-z0-9]{10}"), "conformance-NAME"),
         (re.compile(r"(?<=[^\x00-\x7f]-)[a-z0-9]{8}(?=['\s])"), "TOKEN"),  # 令牌-1a2b3c4d
         # against a persistent target (--app) every created name and description carries a
         # part unique to the run (suites.scenarios.stamp)
         (re.compile(r"-p '?(DestinationImageName|DestinationDescription)=[^ ]*"), r"-p \1=VALUE"),
         (re.compile(r"notthere[a-z0-9]{4}"), "nottherexxxx"))  # unknown IDs: m-zz0000notthere…


def _masked(text: str, report_dir: Path) -> str:
    text = text.replace(str(report_dir), "REPORT_DIR")
    for pattern, replacement in MASKS:
        text = pattern.sub(replacement, text)
    return text


def _check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.write_text(text, encoding="utf-8")
    if not path.exists():
        pytest.fail(f"missing golden {path}; run UPDATE_GOLDEN=1 python -m pytest {__file__}")
    assert text == path.read_text(encoding="utf-8"), (
        f"the output differs from {path}; if intended, regenerate with UPDATE_GOLDEN=1")


def _run(tmp_path: Path, capsys: pytest.CaptureFixture[str], *args: str
         ) -> tuple[int, str, str, Path]:
    report_dir = tmp_path / "report"
    code = main([*args, "--report-dir", str(report_dir)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err, report_dir


def _check_shape(out: str, err: str, report_dir: Path) -> list[str]:
    """Summary first, groups in the order to fix them; returns the group titles."""
    lines = out.strip("\n").splitlines()
    assert lines[0].startswith("CopyImage conformance — ")
    assert lines[1].startswith("  verdict: FAILS (")
    assert out.count("verdict:") == 1 and out.count(" requirements: ") == 1
    for noise in PYTEST_NOISE:  # counts are requirements, shown once: pytest's stay in the log
        assert noise not in out and noise not in err, noise
    assert "Traceback" not in out + err
    log = (report_dir / "pytest.log").read_text(encoding="utf-8")
    assert "FAILURES" in log and " failed" in log
    assert "warnings summary" not in log  # no deprecation (or other) warning in our runs
    titles = [line.split(". ", 1)[1].rsplit(" (", 1)[0]
              for line in lines if re.match(r"^\d+\. ", line)]
    data = json.loads((report_dir / "report.json").read_text(encoding="utf-8"))
    failing = [r for r in data["requirements"] if r["status"] in ("failed", "errored")]
    assert titles == [t for t in ("gateway and transport", "formats", "rules", "error rows",
                                  "state", "retries and timeouts", "other")
                      if any(group_of(r) == t for r in failing)]
    assert out.count("  example (") == out.count("    reproduce ecs-conformance send ") \
        == len(titles)
    return titles


def test_a_naive_server_gets_the_gateway_first_in_under_150_lines(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err, report_dir = _run(tmp_path, capsys, *NAIVE)
    assert code == 1
    assert len(out.splitlines()) < 150
    titles = _check_shape(out, err, report_dir)
    assert titles[:3] == ["gateway and transport", "formats", "rules"]
    first = next(line for line in out.splitlines() if line.startswith("  FAIL "))
    assert " gateway." in first
    _check_golden("output-naive.txt", _masked(out, report_dir))


def test_a_single_fault_is_one_group_with_its_example(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err, report_dir = _run(tmp_path, capsys, "run", "--fault",
                                      "v1-signature-unchecked")
    assert code == 1
    assert _check_shape(out, err, report_dir) == ["gateway and transport"]
    assert "FAIL MUST   gateway.signature-mismatch" in out and len(out.splitlines()) < 25
    _check_golden("output-single-fault.txt", _masked(out, report_dir))


def test_progress_is_plain_lines_off_a_terminal(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err, _ = _run(tmp_path, capsys, "run", "--budget", "quick")
    assert code == 0
    assert "\r" not in err
    modules = [line.split(":")[0].strip() for line in err.splitlines()
               if line.startswith("  test_")]
    assert modules[:3] == ["test_wire", "test_gateway", "test_formats"]
    assert len(modules) == len(set(modules))  # one line per module


def _report(nodeid: str, outcome: str) -> SimpleNamespace:
    return SimpleNamespace(nodeid=nodeid, when="call", passed=outcome == "passed",
                           failed=outcome == "failed")


def test_progress_on_a_terminal_rewrites_one_line() -> None:
    stream = io.StringIO()
    progress = Progress(stream, tty=True)
    progress.pytest_sessionstart()
    items = [SimpleNamespace(nodeid=n) for n, _ in RESULTS]
    progress.pytest_collection_finish(SimpleNamespace(items=items))  # type: ignore[arg-type]
    for nodeid, outcome in RESULTS:
        progress.pytest_runtest_logreport(_report(nodeid, outcome))  # type: ignore[arg-type]
    progress.pytest_sessionfinish()
    text = stream.getvalue()
    assert "\r  [3/3] test_wire  1 failing" in text
    assert text.count("\n") == 1 and text.endswith("\r")  # the line is wiped at the end


# as pytest-xdist reports them: two modules side by side
RESULTS = (("s/test_wire.py::a[x/y]", "passed"), ("s/test_gateway.py::c", "passed"),
           ("s/test_wire.py::b", "failed"))


def test_progress_off_a_terminal_is_one_line_per_module_when_it_is_done() -> None:
    stream = io.StringIO()
    progress = Progress(stream, tty=False)
    progress.pytest_xdist_node_collection_finished(None, [n for n, _ in RESULTS])
    progress.pytest_xdist_node_collection_finished(None, [n for n, _ in RESULTS])  # 2nd worker
    for nodeid, outcome in RESULTS:
        progress.pytest_runtest_logreport(_report(nodeid, outcome))  # type: ignore[arg-type]
    progress.pytest_sessionfinish()
    assert stream.getvalue() == "  test_gateway: 1 test\n  test_wire: 2 tests, 1 failing\n"


def test_pytest_output_shows_pytest(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _, report_dir = _run(tmp_path, capsys, "run", "--fault", "name-max-129",
                                    "--budget", "quick", "--pytest-output")
    assert code == 1
    assert "FAILURES" in out and " passed" in out
    assert not (report_dir / "pytest.log").exists()


def test_fail_fast_stops_at_the_most_fundamental_failure(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, _, report_dir = _run(tmp_path, capsys, *NAIVE, "--fail-fast")
    assert code == 1
    data = json.loads((report_dir / "report.json").read_text(encoding="utf-8"))
    failed = {r["id"] for r in data["requirements"] if r["status"] == "failed"}
    assert failed and all(group_of({"id": rid, "category": ""}) == "gateway and transport"
                          for rid in failed), failed
    assert "format.v1-default-xml" not in failed
    assert any("not reached" in (r["reason"] or "") for r in data["requirements"])


def test_the_pytest_log_is_scrubbed_of_secrets(tmp_path: Path) -> None:
    log = tmp_path / "pytest.log"
    with pytest_output(tmp_path, verbose=False, secrets=("testsecret", ""),
                       stream=io.StringIO()) as (_, path):
        print("call {'access_key_secret': 'testsecret'}")
    assert path == log
    assert log.read_text(encoding="utf-8") == "call {'access_key_secret': '***'}\n"


def test_a_deprecated_call_from_our_modules_fails_our_runs(tmp_path: Path) -> None:
    probe = tmp_path / "test_probe.py"
    probe.write_text(
        "import warnings\n\n\n"
        "def test_ours():\n"
        "    warnings.warn_explicit('old', DeprecationWarning, 'suites/x.py', 1,\n"
        "                           module='suites.x')\n\n\n"
        "def test_theirs():\n"
        "    warnings.warn_explicit('old', DeprecationWarning, 'lib/x.py', 1, module='lib.x')\n",
        encoding="utf-8")
    report = tmp_path / "junit.xml"
    with isolated_plugins():
        code = pytest.main([str(probe), "-p", "no:cacheprovider", "-q", "-o", "addopts=",
                            f"--junitxml={report}", *warning_filters()])
    assert code == pytest.ExitCode.TESTS_FAILED
    text = report.read_text(encoding="utf-8")
    assert text.count("<failure") == 1 and 'name="test_ours"' in text.split("<failure")[0]
