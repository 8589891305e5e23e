"""The human-readable verdict printed after a run, and the exit-code policy.

The verdict itself is decided in one place, :func:`reports.report_verdict`; here it becomes
an exit code: 0 conforms, 1 fails, 3 inconclusive (2 is a usage or configuration error,
raised before or instead of a report).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Final, TextIO

from reports import report_verdict, verdict_reason

ICON = {"passed": "PASS", "failed": "FAIL", "not_assessed": "n/a ", "errored": "ERR "}

#: The exit code of ``run``, ``server`` and ``client`` per verdict.
EXIT_CODES: Final[dict[str, int]] = {"conforms": 0, "fails": 1, "inconclusive": 3}


def exit_code(report: dict[str, Any]) -> int:
    """0 conforms, 1 fails, 3 inconclusive — the verdict of :func:`reports.report_verdict`."""
    return EXIT_CODES[report_verdict(report)]


def print_summary(report: dict[str, Any], directory: Path, *, stream: TextIO) -> None:
    s = report["summary"]
    reqs = report["requirements"]
    must = [r for r in reqs if r["level"] == "MUST" and r["status"] in ("passed", "failed")]
    passed_must = sum(1 for r in must if r["status"] == "passed")
    errored_must = sum(1 for r in reqs if r["level"] == "MUST" and r["status"] == "errored")
    w = stream.write
    w(f"\nCopyImage conformance — {report['target']['name']}\n")
    w(f"  MUST   {passed_must}/{len(must)} assessed requirements pass"
      + (f", {errored_must} errored" if errored_must else "") + "\n")
    w(f"  total  {s['passed']} passed, {s['failed']} failed, {s['not_assessed']} not assessed, "
      f"{s['errored']} errored  ({report['run']['requests']} requests, "
      f"{report['run']['duration_s']:.1f}s, seed {report['run']['seed']})\n")
    failing = [r for r in reqs if r["status"] in ("failed", "errored")]
    for r in sorted(failing, key=lambda r: (r["level"] != "MUST", r["id"])):
        w(f"  {ICON[r['status']]} {r['level']:<6} {r['id']}: {r['title']}\n")
        for ev in r["evidence"][:1]:
            w(f"         expected {ev['expected']}\n         received {ev['received']}\n")
        if r["status"] == "errored":
            w(f"         {r['reason']}\n")
    verdict = report_verdict(report)
    w(f"  verdict: {verdict.upper()} ({verdict_reason(report)})\n"
      f"  report:  {directory / 'report.json'}\n")
