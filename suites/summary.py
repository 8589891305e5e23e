"""The human-readable verdict printed after a run, and the exit-code policy."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TextIO

ICON = {"passed": "PASS", "failed": "FAIL", "not_assessed": "n/a ", "errored": "ERR "}


def exit_code(report: dict[str, Any]) -> int:
    """0 when no assessed MUST requirement fails, else 1."""
    return 1 if report["summary"]["must_failed"] else 0


def print_summary(report: dict[str, Any], directory: Path, *, stream: TextIO) -> None:
    s = report["summary"]
    reqs = report["requirements"]
    must = [r for r in reqs if r["level"] == "MUST" and r["status"] in ("passed", "failed")]
    passed_must = sum(1 for r in must if r["status"] == "passed")
    w = stream.write
    w(f"\nCopyImage conformance — {report['target']['name']}\n")
    w(f"  MUST   {passed_must}/{len(must)} assessed requirements pass\n")
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
    verdict = "FAILS" if s["must_failed"] else "CONFORMS (no assessed MUST requirement fails)"
    w(f"  verdict: {verdict}\n  report:  {directory / 'report.json'}\n")
