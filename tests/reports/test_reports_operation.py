"""report.json names the operation it checked, and every headline comes from it.

A report from before the field still validates and renders a neutral headline: no renderer
names an operation of its own (the literal scan, tests/test_operation_literals.py, keeps
the code free of them; these tests show the rendered text follows the report).
"""

from __future__ import annotations

import copy
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ecs_conformance.reports import (
    NEUTRAL_SUBJECT,
    Report,
    ReportFormatError,
    TargetInfo,
    diff_reports,
    matrix,
    render_badge,
    render_diff,
    render_html,
    render_junit,
    render_markdown,
    validate_report,
)
from ecs_conformance.spec import load_spec
from ecs_conformance.suites.results import Results
from ecs_conformance.suites.runner import assemble_report
from ecs_conformance.suites.summary import print_summary


def _old(report: dict[str, Any]) -> dict[str, Any]:
    """The same report as written before report.json carried ``operation``."""
    old = copy.deepcopy(report)
    del old["operation"]
    return old


def _renamed(report: dict[str, Any], action: str) -> dict[str, Any]:
    new = copy.deepcopy(report)
    new["operation"]["action"] = action
    return new


def _summary_text(report: dict[str, Any], tmp_path: Path) -> str:
    stream = io.StringIO()
    print_summary(report, tmp_path, stream=stream)
    return stream.getvalue()


#: Each renderer's headline, cut out of its output.
HEADLINES: dict[str, Callable[[dict[str, Any]], str]] = {
    "markdown": lambda r: render_markdown(r).splitlines()[0],
    "html eyebrow": lambda r: render_html(r).split('<div class="eyebrow">')[1].split("·")[0],
    "html title": lambda r: render_html(r).split("<title>")[1].split("</title>")[0],
    "badge": lambda r: render_badge(r).split("<title>")[1].split("</title>")[0],
    "diff": lambda r: render_diff(diff_reports(r, r)).splitlines()[0],
    "matrix": lambda r: matrix([r, r]).splitlines()[0],
}


@pytest.mark.parametrize("where", list(HEADLINES))
def test_the_headline_is_the_reports_operation(where: str,
                                               sample_report: dict[str, Any]) -> None:
    assert "CopyImage conformance" in HEADLINES[where](sample_report)
    renamed = HEADLINES[where](_renamed(sample_report, "MadeUpAction"))
    assert "MadeUpAction conformance" in renamed and "CopyImage" not in renamed


@pytest.mark.parametrize("where", list(HEADLINES))
def test_an_old_report_has_a_neutral_headline(where: str,
                                              sample_report: dict[str, Any]) -> None:
    old = _old(sample_report)
    validate_report(old)
    assert Report.from_dict(old).to_dict() == old  # read and written back without it
    headline = HEADLINES[where](old)
    assert NEUTRAL_SUBJECT in headline and "CopyImage" not in headline


def test_side_by_side_reports_of_other_operations_are_neutral(
        sample_report: dict[str, Any]) -> None:
    other = _renamed(sample_report, "DeleteImage")
    assert matrix([sample_report, other]).startswith(f"## {NEUTRAL_SUBJECT}: 2 ")
    assert render_diff(diff_reports(sample_report, other)).startswith(f"## {NEUTRAL_SUBJECT}: ")
    assert render_diff(diff_reports(_old(sample_report), sample_report)).startswith(
        f"## {NEUTRAL_SUBJECT}: ")


def test_the_terminal_summary_follows_the_report(sample_report: dict[str, Any],
                                                 tmp_path: Path) -> None:
    assert _summary_text(sample_report, tmp_path).startswith("\nCopyImage conformance — ")
    assert _summary_text(_old(sample_report), tmp_path).startswith(f"\n{NEUTRAL_SUBJECT} — ")


def test_junit_carries_the_operation_when_the_report_does(
        sample_report: dict[str, Any]) -> None:
    assert '<property name="operation.action" value="CopyImage" />' in render_junit(
        sample_report)
    assert '<property name="operation.version" value="2014-05-26" />' in render_junit(
        sample_report)
    assert "operation." not in render_junit(_old(sample_report))


@pytest.mark.parametrize(("change", "where"), [
    (lambda op: op.pop("version"), "operation"),
    (lambda op: op.update(extra=1), "operation"),
    (lambda op: op.update(action="Copy Image"), "operation.action"),
    (lambda op: op.update(version=""), "operation.version"),
])
def test_a_malformed_operation_is_refused(change: Callable[[dict[str, Any]], object],
                                          where: str, sample_report: dict[str, Any]) -> None:
    bad = copy.deepcopy(sample_report)
    change(bad["operation"])
    with pytest.raises(ReportFormatError) as caught:
        validate_report(bad)
    assert caught.value.path.startswith(f"$.{where}")


def test_a_run_report_names_the_specs_operation() -> None:
    """The server suite's report model is built from the spec's operation (suites/runner)."""
    spec = load_spec()
    report = assemble_report(spec, Results(spec), suite="server",
                             target=TargetInfo("asgi", "t"), seed=1, budget="quick",
                             started=0.0, requests=0).to_dict()
    assert report["operation"] == {"action": spec.operation.action,
                                   "version": spec.operation.version}
