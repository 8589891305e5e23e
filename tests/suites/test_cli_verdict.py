"""An inconclusive run is never CONFORMS and never exit 0: a ``cmd:`` adapter that handshakes
and then prints garbage, or hangs, ends with verdict inconclusive, exit 3, and every rendering
of its report — and client-table, report matrix — says so."""

from __future__ import annotations

import json
import re
import sys
import textwrap
from pathlib import Path

import pytest

from ecs_conformance.reports import report_verdict
from ecs_conformance.suites.cli import main
from ecs_conformance.suites.summary import EXIT_CODES, exit_code, print_summary

HELLO = json.dumps({"name": "probe", "version": "1",
                    "capabilities": {"retries": 0, "signature": "v3"}})
BEHAVIOUR = {
    "garbage": "print('garbage', flush=True)",
    "hang": "time.sleep(60)",
}


def _adapter(tmp_path: Path, behaviour: str) -> str:
    script = tmp_path / f"{behaviour}.py"
    script.write_text(textwrap.dedent(f"""\
        import sys, time
        print({HELLO!r}, flush=True)
        for line in sys.stdin:
            {BEHAVIOUR[behaviour]}
        """), encoding="utf-8")
    return f"cmd:{sys.executable} {script}"


def _no_css(text: str) -> str:
    return re.sub(r"<style>.*</style>", "", text, flags=re.S)  # the CSS names every verdict


@pytest.mark.parametrize("behaviour", sorted(BEHAVIOUR))
def test_a_broken_command_adapter_is_inconclusive_everywhere(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], behaviour: str) -> None:
    reports = tmp_path / "report"
    code = main(["client", "--adapter", _adapter(tmp_path, behaviour), "--budget", "quick",
                 "--call-deadline", "1", "--report-dir", str(reports)])
    out = capsys.readouterr().out
    assert code == 3
    assert "verdict: INCONCLUSIVE (" in out and "MUST requirements errored" in out
    assert "CONFORMS" not in out
    data = json.loads((reports / "report.json").read_text(encoding="utf-8"))
    assert data["summary"]["failed"] == 0 and data["summary"]["errored"] > 0
    assert data["summary"]["verdict"] == "inconclusive" == report_verdict(data)
    markdown = (reports / "report.md").read_text(encoding="utf-8")
    assert markdown.startswith("## ⚠️ CopyImage conformance: Inconclusive: ")
    html = _no_css((reports / "report.html").read_text(encoding="utf-8"))
    assert 'class="banner v-inconclusive"' in html and "Inconclusive: " in html
    badge = (reports / "badge.svg").read_text(encoding="utf-8")
    assert "inconclusive · " in badge and 'fill="#fe7d37"' in badge
    assert '<property name="verdict" value="inconclusive" />' in (
        reports / "junit.xml").read_text(encoding="utf-8")
    for text in (markdown, html):  # no other verdict word in a headline
        assert not re.search(r"\b(Conforms|Conformant|Not conformant|Fails)\b", text)
    assert not re.search(r"\b(conforms|fails)\b", badge)

    assert main(["client-table", str(reports / "report.json")]) == 0
    row = capsys.readouterr().out.splitlines()[2]
    assert "| **inconclusive** |" in row and "conforms" not in row
    assert main(["report", "matrix", str(reports / "report.json")]) == 0
    assert "| **verdict** |  | ⚠️ **inconclusive** |" in capsys.readouterr().out
    assert main(["report", "render", "--format", "badge", str(reports / "report.json")]) == 0
    assert "inconclusive · " in capsys.readouterr().out


def _report(*outcomes: tuple[str, str]) -> dict[str, object]:
    requirements = [{"id": f"R.{i}", "level": level, "title": f"rule {i}", "status": status,
                     "reason": "why" if status in ("errored", "not_assessed") else None,
                     "evidence": []}
                    for i, (level, status) in enumerate(outcomes)]
    counts = {s: sum(1 for r in requirements if r["status"] == s)
              for s in ("passed", "failed", "not_assessed", "errored")}
    return {"target": {"name": "t"}, "summary": counts, "requirements": requirements,
            "run": {"requests": 1, "duration_s": 0.1, "seed": 0}}


@pytest.mark.parametrize(("outcomes", "code", "word"), [
    ((("MUST", "passed"), ("SHOULD", "failed"), ("SHOULD", "errored")), 0, "CONFORMS"),
    ((("MUST", "passed"), ("MUST", "errored"), ("MUST", "failed")), 1, "FAILS"),
    ((("MUST", "passed"), ("MUST", "errored")), 3, "INCONCLUSIVE"),
    ((("MUST", "not_assessed"), ("SHOULD", "passed")), 3, "INCONCLUSIVE"),
])
def test_summary_and_exit_code_follow_the_verdict(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str],
                                                   outcomes: tuple[tuple[str, str], ...],
                                                   code: int, word: str) -> None:
    report = _report(*outcomes)
    assert exit_code(report) == code == EXIT_CODES[word.lower()]
    print_summary(report, tmp_path, stream=sys.stdout)
    verdicts = [line for line in capsys.readouterr().out.splitlines() if "verdict:" in line]
    assert len(verdicts) == 1 and verdicts[0].strip().startswith(f"verdict: {word} (")


def test_exit_codes_are_distinct_from_usage_errors() -> None:
    assert EXIT_CODES == {"conforms": 0, "fails": 1, "inconclusive": 3}


@pytest.mark.parametrize("args", [
    ["run"],
    ["server", "--app", "ecs_conformance.reference.app:app", "--profile",
     "spec/profiles/default.yaml"],
])
def test_run_and_server_exit_3_on_an_inconclusive_report(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        args: list[str]) -> None:
    """The server commands read the report the suite wrote; an inconclusive one exits 3."""
    import ecs_conformance.suites.commands.server_cmd as server_cmd
    from ecs_conformance.suites.option_parsers import Carried

    def fake_suite(argv: list[str], plugins: list[object]) -> int:  # stands in for pytest
        options = next(p.options for p in plugins if isinstance(p, Carried))
        directory = Path(options.report_dir)  # type: ignore[attr-defined]
        directory.mkdir(parents=True, exist_ok=True)
        report = _report(("MUST", "passed"), ("MUST", "errored"), ("SHOULD", "passed"))
        (directory / "report.json").write_text(json.dumps(report), encoding="utf-8")
        return 0

    monkeypatch.setattr(server_cmd.pytest, "main", fake_suite)
    assert main([*args, "--report-dir", str(tmp_path)]) == 3
    out = capsys.readouterr().out
    assert "verdict: INCONCLUSIVE (1 MUST requirement errored" in out
    assert "CONFORMS" not in out
