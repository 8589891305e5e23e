"""The human-readable verdict printed after a run, and the exit-code policy.

The verdict itself is decided in one place, :func:`reports.report_verdict`; here it becomes
an exit code: 0 conforms, 1 fails, 3 inconclusive (2 is a usage or configuration error,
raised before or instead of a report).

The summary comes first (verdict and counts of requirements), then the failures grouped by
root cause in the order to fix them (suites/triage.py), each group with one minimal example
and the command that reproduces it.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final, TextIO

from ecs_conformance.reports import (
    level_scores,
    report_summary,
    report_verdict,
    subject,
    verdict_reason,
)
from ecs_conformance.suites.triage import Group, triage

ICON = {"passed": "PASS", "failed": "FAIL", "not_assessed": "n/a ", "errored": "ERR "}

#: The exit code of ``run``, ``server`` and ``client`` per verdict.
EXIT_CODES: Final[dict[str, int]] = {"conforms": 0, "fails": 1, "inconclusive": 3}

#: at most this many requirements are listed per group (the report has them all)
MAX_LISTED = 12
MAX_TEXT = 240


def exit_code(report: dict[str, Any]) -> int:
    """0 conforms, 1 fails, 3 inconclusive — the verdict of :func:`reports.report_verdict`."""
    return EXIT_CODES[report_verdict(report)]


def print_summary(report: dict[str, Any], directory: Path, *, stream: TextIO,
                  log: Path | None = None) -> None:
    """The summary, then the failures grouped in the order to fix them. ``log`` is where
    pytest's own output went, if it went to a file."""
    s = report_summary(report)  # the one count (reports.tally), never the stored copy
    must = level_scores(report)["MUST"]
    reqs = report["requirements"]
    w = stream.write
    w(f"\n{subject(report)} — {report['target']['name']}\n")
    w(f"  verdict: {s.verdict.upper()} ({verdict_reason(report)})\n")
    w(f"  MUST   {must.passed}/{must.decided} assessed requirements pass"
      + (f", {must.errored} errored" if must.errored else "") + "\n")
    w(f"  total  {s.total} requirements: {s.passed} passed, {s.failed} failed, "
      f"{s.not_assessed} not assessed, {s.errored} errored  "
      f"({report['run']['requests']} requests, {report['run']['duration_s']:.1f}s, "
      f"seed {report['run']['seed']})\n")
    groups = triage(reqs)
    if groups:
        count = sum(len(g.requirements) for g in groups)
        w(f"\nFix in this order ({count} requirement{'s' if count != 1 else ''} "
          f"in {len(groups)} group{'s' if len(groups) != 1 else ''}):\n")
        for number, group in enumerate(groups, 1):
            _group(w, number, group)
    w(f"\n  report:  {directory / 'report.json'}\n")
    if log is not None:
        w(f"  pytest output: {log}\n")


def _group(w: Any, number: int, group: Group) -> None:
    w(f"\n{number}. {group.title} ({len(group.requirements)})\n")
    for r in group.requirements[:MAX_LISTED]:
        w(f"  {ICON[r['status']]} {r['level']:<6} {r['id']}: {_clip(r['title'])}\n")
        if r["status"] == "errored":
            w(f"         {_clip(str(r['reason']))}\n")
    if len(group.requirements) > MAX_LISTED:
        w(f"  … and {len(group.requirements) - MAX_LISTED} more (see the report)\n")
    example = group.example()
    if example is not None:
        requirement, evidence = example
        _example(w, requirement, evidence)


def _example(w: Any, requirement: Mapping[str, Any], evidence: Mapping[str, Any]) -> None:
    w(f"  example ({requirement['id']}): {_clip(str(evidence.get('title') or ''))}\n")
    w(f"    expected  {_clip(str(evidence['expected']))}\n")
    w(f"    received  {_clip(str(evidence['received']))}\n")
    if evidence.get("reproduce"):
        w(f"    reproduce {evidence['reproduce']}\n")


def _clip(text: str) -> str:
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= MAX_TEXT else one_line[:MAX_TEXT - 1] + "…"
