"""A table of hostile inputs through every command and option: each ends with its documented
exit code and a message naming what is wrong — never a Python traceback, never the internal-error
exit (70), and never after the suite has started (they are all checked before the first
request)."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ecs_conformance.reports import summarize, validate_report
from ecs_conformance.suites import preflight
from ecs_conformance.suites.cli import EXIT_INTERNAL, main

PROFILE = "spec/profiles/default.yaml"
CREDS = {"ALIBABA_CLOUD_ACCESS_KEY_ID": "testid", "ALIBABA_CLOUD_ACCESS_KEY_SECRET": "s"}


def minimal_report(suite: str, edition: str = "2014-05-26") -> dict[str, Any]:
    requirements = [{"id": "ImageId.exists", "level": "MUST", "title": "t", "category": "rule",
                     "parameter": None, "error": None, "status": "passed", "reason": None,
                     "checks": 1, "duration_s": 0.1, "evidence": []}]
    report = {
        "schema_version": "1.0", "tool": {"name": "ecs-conformance", "version": "0.1.0"},
        "spec": {"version": edition, "digest": "sha256:" + "0" * 64}, "suite": suite,
        "target": {"kind": "asgi", "name": suite, "profile": None},
        "run": {"seed": 0, "budget": "quick", "started_at": "2026-01-01T00:00:00Z",
                "finished_at": "2026-01-01T00:00:01Z", "duration_s": 1.0, "requests": 1},
        "summary": summarize(requirements).to_dict(), "requirements": requirements}
    validate_report(report)
    return report


@pytest.fixture
def files(tmp_path: Path) -> dict[str, str]:
    """Named hostile files; ``{name}`` in a row's argv is replaced by the path."""
    paths = {
        "a_file": ("plain.txt", b"just text\n"),
        "empty": ("empty.yaml", b""),
        "hello": ("hello.json", b'{"hello": 1}'),
        "binary": ("binary.bin", bytes(range(256))),
        "bad_yaml": ("bad.yaml", b"a: [unclosed\n"),
        "list_yaml": ("list.yaml", b"- 1\n- 2\n"),
        "no_creds": ("profile.yaml", b"regions: {source: cn-hangzhou}\n"),
        "server_report": ("server.json", b""),
        "client_report": ("client.json", b""),
    }
    out = {}
    for name, (file, content) in paths.items():
        (tmp_path / file).write_bytes(content)
        out[name] = str(tmp_path / file)
    out["dir"] = str(tmp_path)
    out["missing"] = str(tmp_path / "missing.yaml")
    out["report_dir"] = str(tmp_path / "out")
    for suite in ("server", "client"):
        Path(out[f"{suite}_report"]).write_text(json.dumps(minimal_report(suite)), "utf-8")
    return out


@pytest.fixture
def busy_port() -> Iterator[int]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(1)
        yield int(sock.getsockname()[1])


# (argv, expected exit code, text the message must contain); {name} placeholders as above
ROWS: list[tuple[list[str], int, str]] = [
    ([], 2, "required: COMMAND"),
    (["nonsense"], 2, "invalid choice: 'nonsense'"),
    (["--help"], 0, "usage: ecs-conformance"),
    # run
    (["run", "--report-dir", "/proc/x"], 2, "--report-dir /proc/x"),
    (["run", "--report-dir", "{a_file}"], 2, "not a directory"),
    (["run", "--report-dir", "{binary}/sub"], 2, "--report-dir"),
    (["run", "--seed", "-1"], 2, "--seed"),
    (["run", "--seed", "x"], 2, "--seed"),
    (["run", "--budget", "huge"], 2, "--budget"),
    (["run", "--timeout", "0"], 2, "--timeout"),
    (["run", "--timeout", "nan"], 2, "--timeout"),
    (["run", "--timeout", "inf"], 2, "--timeout"),
    (["run", "--timeout", "-5"], 2, "--timeout"),
    (["run", "--fault", "name-max-128"], 2, "--fault 'name-max-128'"),
    (["run", "--fault", ""], 2, "--fault"),
    (["run", "--profile", "{missing}"], 2, "missing.yaml"),
    (["run", "--profile", "{empty}"], 2, "empty.yaml"),
    (["run", "--profile", "{bad_yaml}"], 2, "not valid YAML"),
    (["run", "--profile", "{no_creds}"], 2, "credentials"),
    (["run", "--profile", "{dir}"], 2, "cannot be read"),
    (["run", "-n", "2"], 2, "-n/--workers is an option of 'ecs-conformance server'"),
    # server
    (["server", "--profile", PROFILE], 2, "--endpoint --app"),
    (["server", "--endpoint", "http://127.0.0.1:99999", "--profile", PROFILE], 2,
     "--endpoint 'http://127.0.0.1:99999': the port"),
    (["server", "--endpoint", "ftp://127.0.0.1/", "--profile", PROFILE], 2, "scheme 'ftp'"),
    (["server", "--endpoint", "not-a-url", "--profile", PROFILE], 2, "is not a URL"),
    (["server", "--endpoint", "127.0.0.1:8080", "--profile", PROFILE], 2, "is not a URL"),
    (["server", "--endpoint", "http://", "--profile", PROFILE], 2, "cannot read a host name"),
    (["server", "--endpoint", "http://[::1", "--profile", PROFILE], 2, "'http://[::1'"),
    (["server", "--endpoint", "ecs.aliyuncs.com", "--profile", PROFILE], 2,
     "real Alibaba Cloud"),  # the live guard speaks first, whatever the URL's form
    (["server", "--endpoint", "http://127.0.0.1:0", "--profile", PROFILE], 2, "port 0"),
    (["server", "--endpoint", "http://127.0.0.1:1", "--profile", "{no_creds}"], 2,
     "credentials"),  # the profile is checked before the endpoint
    (["server", "--endpoint", "http://127.0.0.1:1", "--profile", PROFILE, "--report-dir",
      "/proc/x"], 2, "--report-dir"),
    (["server", "--endpoint", "http://127.0.0.1:1", "--profile", PROFILE], 2, "unreachable"),
    (["server", "--app", "no_such_module:app", "--profile", PROFILE], 2, "cannot import"),
    (["server", "--app", "reference.app", "--profile", PROFILE], 2, "module:attr"),
    (["server", "--app", "ecs_conformance.reference.app:nothing", "--profile", PROFILE], 2,
     "'nothing'"),
    (["server", "--app", "ecs_conformance.reference.app:app", "--profile", PROFILE, "--max-copies",
      "-1"], 2,
     "--max-copies"),
    (["server", "--app", "ecs_conformance.reference.app:app", "--profile", PROFILE, "-n", "-1"], 2,
     "--workers"),
    (["server", "--app", "ecs_conformance.reference.app:app", "--profile", PROFILE, "-n", "lots"],
     2,
     "--workers"),
    (["server", "--app", "ecs_conformance.reference.app:app", "--endpoint", "http://x", "--profile",
      PROFILE], 2, "not allowed with argument"),
    (["server", "--endpoint", "https://ecs.cn-hangzhou.aliyuncs.com", "--profile", PROFILE],
     2, "--live"),
    # client
    (["client"], 2, "--adapter"),
    (["client", "--adapter", "nonsense"], 2, "--adapter 'nonsense'"),
    (["client", "--adapter", "python:no_such_module:call"], 2, "--adapter"),
    (["client", "--adapter", "cmd:"], 2, "--adapter"),
    (["client", "--adapter", "cmd:/nonexistent/adapter"], 2, "--adapter"),
    (["client", "--adapter", "python:ecs_conformance.adapters.reference_client:call",
      "--report-dir",
      "/proc/x"], 2, "--report-dir"),
    (["client", "--adapter", "python:ecs_conformance.adapters.reference_client:call", "--timeout",
      "0"], 2,
     "--timeout"),
    (["client", "--adapter", "python:ecs_conformance.adapters.reference_client:call",
      "--call-deadline",
      "-1"], 2, "--call-deadline"),
    (["client", "--adapter", "python:ecs_conformance.adapters.reference_client:call",
      "--handshake-timeout",
      "x"], 2, "--handshake-timeout"),
    (["client-table", "{missing}"], 2, "missing.yaml"),
    (["client-table", "{hello}"], 2, "hello.json"),
    # serve
    (["serve", "--port", "99999"], 2, "--port"),
    (["serve", "--port", "http"], 2, "--port"),
    (["serve", "--port", "{busy_port}"], 2, "already in use"),
    (["serve", "--host", "no.such.host.invalid", "--port", "0"], 2, "--host"),
    (["serve", "--port", "0", "--profile", "{missing}"], 2, "missing.yaml"),
    (["serve", "--port", "0", "--fault", "nope"], 2, "--fault 'nope' is not a faulty variant"),
    (["serve", "--port", "{busy_port}", "--fault", "v3-xmll"], 2, "did you mean v3-xml"),
    # send (credentials are set for the rows below, except the first)
    (["send", "--endpoint", "http://127.0.0.1:1", "NO_CREDS"], 2, "ALIBABA_CLOUD_ACCESS_KEY_ID"),
    (["send", "--endpoint", "ftp://x"], 2, "scheme 'ftp'"),
    (["send", "--endpoint", "not-a-url"], 2, "is not a URL"),
    (["send", "--endpoint", "http://127.0.0.1:99999"], 2, "the port"),
    (["send", "--endpoint", "http://127.0.0.1:1", "-p", "novalue"], 2, "NAME=VALUE"),
    (["send", "--endpoint", "http://127.0.0.1:1", "--times", "x"], 2, "--times"),
    (["send", "--endpoint", "http://127.0.0.1:1", "--timestamp-offset", "soon"], 2,
     "--timestamp-offset"),
    (["send", "--endpoint", "http://127.0.0.1:1", "--scheme", "v2"], 2, "--scheme"),
    (["send", "--endpoint", "http://127.0.0.1:1"], 1, "no answer"),
    # report
    (["report", "render", "{hello}", "--format", "html"], 2, "not a report.json"),
    (["report", "render", "{empty}", "--format", "html"], 2, "not a report.json"),
    (["report", "render", "{binary}", "--format", "html"], 2, "not a report.json"),
    (["report", "render", "{no_creds}", "--format", "html"], 2, "a target profile"),
    (["report", "render", "{missing}", "--format", "html"], 2, "cannot be read"),
    (["report", "render", "{dir}", "--format", "html"], 2, "cannot be read"),
    (["report", "render", "{server_report}", "--format", "pdf"], 2, "--format"),
    (["report", "diff", "{server_report}", "{client_report}"], 2, "different suites"),
    (["report", "matrix", "{server_report}", "{client_report}"], 2, "--force"),
    (["report", "matrix", "{server_report}", "{hello}"], 2, "not a report.json"),
    (["report"], 2, "report_command"),
    # spec
    (["spec", "export", "--format", "xml"], 2, "--format"),
    (["spec", "validate", "{empty}"], 2, "got an empty file"),
    (["spec", "validate", "{no_creds}"], 2, "(a target profile)"),
    (["spec", "validate", "{hello}"], 2, "expected a spec file"),
    (["spec", "validate", "{list_yaml}"], 2, "not a mapping"),
    (["spec", "validate", "{binary}"], 2, "cannot be read"),
    (["spec", "validate", "{missing}"], 2, "cannot be read"),
    (["spec", "validate", "{dir}"], 2, "cannot be read"),
    (["spec", "validate", "{bad_yaml}"], 2, "not valid YAML"),
]


@pytest.mark.parametrize(("argv", "code", "message"), ROWS,
                         ids=[" ".join(row[0])[:60] or "no-arguments" for row in ROWS])
def test_hostile_input(argv: list[str], code: int, message: str, files: dict[str, str],
                       busy_port: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                       capsys: pytest.CaptureFixture[str]) -> None:
    for name, value in CREDS.items():
        if "NO_CREDS" in argv:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    names = {**files, "busy_port": str(busy_port)}
    args = [a.format(**names) for a in argv if a != "NO_CREDS"]
    if args and args[0] in ("run", "server", "client") and "--report-dir" not in args:
        args += ["--report-dir", files["report_dir"]]
    result = main(args)
    captured = capsys.readouterr()
    text = captured.out + captured.err
    assert "Traceback" not in text
    assert result != EXIT_INTERNAL, text
    assert result == code, text
    assert message in text, text
    assert "running the suite" not in text  # refused before the first request


def test_a_missing_extra_is_named_with_its_install_command(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        tmp_path: Path) -> None:
    real = preflight.importlib.util.find_spec
    monkeypatch.setattr(preflight.importlib.util, "find_spec",
                        lambda name, *a: None if name == "xdist" else real(name, *a))
    assert main(["server", "--app", "ecs_conformance.reference.app:app", "--profile", PROFILE,
                 "-n", "2",
                 "--report-dir", str(tmp_path)]) == 2
    assert "pip install 'ecs-conformance[parallel]'" in capsys.readouterr().err


def test_an_internal_error_is_one_line_and_exit_70(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import ecs_conformance.suites.commands.spec_cmd as spec_cmd
    def broken(path: str) -> None:
        raise KeyError("a bug of ours")

    monkeypatch.setattr(spec_cmd, "validate_any", broken)
    assert main(["spec", "validate", PROFILE]) == EXIT_INTERNAL
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "internal error, please report it: KeyError" in err


def test_reports_of_other_editions_are_refused_and_force_compares_anyway(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old, new, client = tmp_path / "old.json", tmp_path / "new.json", tmp_path / "client.json"
    old.write_text(json.dumps(minimal_report("server", "2014-05-26")), "utf-8")
    new.write_text(json.dumps(minimal_report("server", "2099-01-01")), "utf-8")
    client.write_text(json.dumps(minimal_report("client")), "utf-8")
    assert main(["report", "diff", str(old), str(new)]) == 2
    assert "different API versions" in capsys.readouterr().err
    assert main(["report", "diff", str(old), str(new), "--force"]) == 0
    assert main(["report", "matrix", str(old), str(client), "--force"]) == 0
    assert "| Requirement |" in capsys.readouterr().out
    assert main(["report", "diff", str(old), str(old)]) == 0
