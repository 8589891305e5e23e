"""The one verdict policy (reports.verdict): fails > inconclusive > conforms, and every
rendering of a report says the same word."""

from __future__ import annotations

import copy
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ecs_conformance.reports import (
    ReportFormatError,
    diff_reports,
    matrix,
    read_report,
    render_badge,
    render_diff,
    render_html,
    render_junit,
    render_markdown,
    report_verdict,
    validate_report,
    verdict_reason,
    write_report,
)
from ecs_conformance.suites.cli import main

Req = Callable[..., dict[str, Any]]
Make = Callable[..., dict[str, Any]]


@pytest.mark.parametrize(("outcomes", "word"), [
    ([("MUST", "passed")], "conforms"),
    ([("MUST", "passed"), ("MUST", "not_assessed")], "conforms"),
    ([("MUST", "passed"), ("SHOULD", "failed"), ("SHOULD", "errored")], "conforms"),
    ([], "inconclusive"),
    ([("MUST", "not_assessed"), ("MUST", "not_assessed")], "inconclusive"),
    ([("MUST", "not_assessed"), ("SHOULD", "passed")], "inconclusive"),
    ([("MUST", "passed"), ("MUST", "errored")], "inconclusive"),
    ([("MUST", "errored")] * 3, "inconclusive"),
    ([("MUST", "passed"), ("MUST", "errored"), ("MUST", "failed")], "fails"),
    ([("MUST", "failed"), ("MUST", "not_assessed")], "fails"),
    ([("MUST", "passed"), ("SHOULD", "failed"), ("MUST", "failed")], "fails"),
])
def test_verdict_policy(req: Req, make_report: Make, outcomes: list[tuple[str, str]],
                        word: str) -> None:
    report = make_report([req(f"R.{i}", status, level)
                          for i, (level, status) in enumerate(outcomes)])
    assert report_verdict(report) == word
    assert report["summary"]["verdict"] == word


def test_reasons_say_why(req: Req, make_report: Make) -> None:
    def reason(*outcomes: tuple[str, str]) -> str:
        return verdict_reason(make_report([req(f"R.{i}", s, level)
                                           for i, (level, s) in enumerate(outcomes)]))

    assert reason(("MUST", "failed"), ("MUST", "errored")) == "1 MUST requirement failed, 1 errored"
    assert reason(("MUST", "errored"), ("MUST", "errored")).startswith(
        "2 MUST requirements errored")
    assert reason(("MUST", "not_assessed")) == "no MUST requirement was assessed"
    # SHOULD errored is not inconclusive, but it is reported next to the verdict
    assert reason(("MUST", "passed"), ("SHOULD", "errored")) == (
        "every assessed MUST requirement passed; 1 SHOULD requirement errored")


def _with(req: Req, make_report: Make, word: str) -> dict[str, Any]:
    status = {"conforms": "passed", "fails": "failed", "inconclusive": "errored"}[word]
    return make_report([req("R.a"), req("R.b", status), req("S.c", "failed", "SHOULD")])


@pytest.mark.parametrize("word", ["conforms", "fails", "inconclusive"])
def test_every_rendering_says_the_same_word(req: Req, make_report: Make, tmp_path: Path,
                                            word: str) -> None:
    report = _with(req, make_report, word)
    assert report_verdict(report) == word
    assert f"CopyImage conformance: {word.capitalize()}: " in render_markdown(report)
    html = render_html(report)
    assert f'class="banner v-{word}"' in html and f"{word.capitalize()}: " in html
    assert f">{word} · " in render_badge(report)
    junit = ET.fromstring(render_junit(report).encode())
    assert {p.get("value") for p in junit.iter("property") if p.get("name") == "verdict"} == {
        word}
    assert "| **verdict** |  | " in matrix([report])
    assert matrix([report]).count(f"**{word}**") == 1
    write_report(report, tmp_path)
    assert read_report(tmp_path / "report.json")["summary"]["verdict"] == word
    wrong = {w for w in ("conforms", "fails", "inconclusive") if w != word}
    for name in ("report.md", "report.html", "badge.svg", "junit.xml"):
        text = (tmp_path / name).read_text(encoding="utf-8").lower()
        text = re.sub(r"<style>.*</style>", "", text, flags=re.S)  # the CSS names all three
        assert word in text, name
        assert not [w for w in wrong if w in text], name


def test_a_stored_verdict_must_agree_with_the_requirements(req: Req,
                                                           make_report: Make) -> None:
    report = _with(req, make_report, "inconclusive")
    report["summary"]["verdict"] = "conforms"
    with pytest.raises(ReportFormatError, match=r"^\$\.summary\.verdict: expected inconclusive"):
        validate_report(report)
    report["summary"]["verdict"] = "maybe"
    with pytest.raises(ReportFormatError, match=r"\$\.summary\.verdict"):
        validate_report(report)


def test_an_old_report_without_a_verdict_still_reads_and_renders(req: Req, make_report: Make,
                                                                  tmp_path: Path) -> None:
    report = _with(req, make_report, "inconclusive")
    del report["summary"]["verdict"]
    old = tmp_path / "old.json"
    old.write_text(json.dumps(report), encoding="utf-8")
    data = read_report(old)
    assert "verdict" not in data["summary"]
    assert report_verdict(data) == "inconclusive"
    text = render_markdown(data)
    assert "Inconclusive: 1 MUST requirement errored" in text
    assert "<details open>\n<summary>⚠️ Errored (1)</summary>" in text  # the reason, shown
    write_report(data, tmp_path / "out", ["json"])  # rewriting it adds the verdict
    assert read_report(tmp_path / "out" / "report.json")["summary"]["verdict"] == "inconclusive"


def test_committed_old_sdk_reports_read_with_a_computed_verdict() -> None:
    root = Path(__file__).parents[2] / "docs" / "sdk-reports"
    verdicts = {p.stem: report_verdict(read_report(p)) for p in sorted(root.glob("*.json"))}
    assert verdicts == {"legacy-py": "fails", "tea-node": "conforms", "tea-py": "conforms"}


# --- report diff ---------------------------------------------------------------------------

def test_conforms_to_inconclusive_is_not_no_regression(req: Req, make_report: Make) -> None:
    diff = diff_reports(_with(req, make_report, "conforms"),
                        _with(req, make_report, "inconclusive"))
    assert diff.newly_failing == () and diff.regressed and diff.inconclusive
    text = render_diff(diff)
    assert text.startswith("## CopyImage conformance: ❌ Regressions")
    assert "Verdict **conforms** → **inconclusive** (worse)" in text
    assert "No regression" not in text


def test_an_inconclusive_new_run_never_reads_no_regression(req: Req, make_report: Make) -> None:
    same = _with(req, make_report, "inconclusive")
    diff = diff_reports(same, copy.deepcopy(same))
    assert not diff.regressed and diff.inconclusive
    text = render_diff(diff)
    assert "⚠️ Inconclusive: the new run cannot show that nothing regressed" in text
    assert "No regression" not in text


@pytest.mark.parametrize(("old", "new", "code"), [
    ("conforms", "conforms", 0),
    ("fails", "conforms", 0),
    ("conforms", "inconclusive", 1),
    ("conforms", "fails", 1),
    ("inconclusive", "fails", 1),
    ("inconclusive", "inconclusive", 3),
    ("fails", "inconclusive", 3),
])
def test_diff_fail_on_regression_exit_codes(req: Req, make_report: Make, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str], old: str,
                                            new: str, code: int) -> None:
    paths = []
    for name, word in (("old", old), ("new", new)):
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps(_with(req, make_report, word)), encoding="utf-8")
        paths.append(str(path))
    assert main(["report", "diff", *paths]) == 0  # without the flag, a diff is information
    assert main(["report", "diff", *paths, "--fail-on-regression"]) == code
    assert f"Verdict **{old}** → **{new}**" in capsys.readouterr().out


def test_schema_enum_is_the_verdict_vocabulary() -> None:
    from ecs_conformance.reports import VERDICTS, load_schema

    summary = load_schema()["properties"]["summary"]
    assert tuple(summary["properties"]["verdict"]["enum"]) == VERDICTS
    assert "verdict" not in summary["required"]  # old reports stay readable
