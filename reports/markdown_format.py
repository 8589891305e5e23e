"""Markdown for ``$GITHUB_STEP_SUMMARY`` or a PR comment: verdict, score per level, failed
requirements with expected vs received, and collapsible lists of errored and not-assessed
requirements with their reasons. Output stays under 60 KiB; what does not fit is counted
in a note pointing at the full report."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Final

from .headline import subject
from .md_util import md_code, md_row, md_table, md_text
from .readings import markdown_section
from .scoring import level_scores, verdict
from .textutil import coverage_text, first_evidence, format_duration
from .verdict import report_verdict
from .vocab import LEVELS, STATUS_ICON

MARKDOWN_LIMIT_BYTES: Final = 60 * 1024
_NOTE_RESERVE: Final = 400  # room kept for truncation notes and the footer


def _size(lines: Sequence[str]) -> int:
    return sum(len(line.encode("utf-8")) + 1 for line in lines)


def _header(report: Mapping[str, Any]) -> list[str]:
    outcome = verdict(report)
    target, spec, run = report["target"], report["spec"], report["run"]
    facts = " · ".join([
        f"**Target** {md_code(target['name'], 80)} ({target['kind']})",
        f"**Suite** {report['suite']}",
        f"**Spec** {md_text(spec['version'], 40)} ({md_code(spec['digest'][:19] + '…')})",
        *([f"**Edition** {md_text(report['edition']['name'], 40)} "
           f"({md_code(report['edition']['digest'][:19] + '…')})"] if "edition" in report else []),
        f"**Seed** {run['seed']}",
        f"**Budget** {run['budget']}",
        *([f"**Coverage** {md_text(coverage_text(target) or '', 400)}"]
          if coverage_text(target) else []),
    ])
    return [f"## {outcome.icon} {md_text(subject(report))}: {md_text(outcome.headline)}", "",
            facts, ""]


def _scores(report: Mapping[str, Any]) -> list[str]:
    rows = []
    for level, score in level_scores(report).items():
        rows.append([f"**{level}**", str(score.passed), str(score.failed), str(score.errored),
                     str(score.not_assessed), f"**{score.percent_text}** ({score.fraction})"])
    run = report["run"]
    return [
        *md_table(["Level", "Passed", "Failed", "Errored", "Not assessed", "Score"],
                  "lrrrrr", rows),
        "",
        f"{run['requests']} requests in {format_duration(run['duration_s'])}, "
        f"started {run['started_at']}. Score = passed / assessed (errored counts as assessed).",
        "",
    ]


def _failed_row(requirement: Mapping[str, Any]) -> str:
    evidence = first_evidence(requirement)
    error = requirement["error"]
    if evidence is not None:
        expected, received = md_code(evidence["expected"]), md_code(evidence["received"])
    else:
        expected = md_code(f"HTTP {error['status']} {error['code']}") if error else "—"
        received = "—"
    what = f"{md_code(requirement['id'], 80)}<br>{md_text(requirement['title'], 120)}"
    return md_row([STATUS_ICON["failed"], requirement["level"], what, expected, received])


def _more(count: int, what: str) -> list[str]:
    return ["", f"*…and {count} more {what} not shown here: see report.json or report.html.*"]


def _failed(report: Mapping[str, Any], budget: int) -> list[str]:
    failed = [r for level in LEVELS for r in report["requirements"]
              if r["status"] == "failed" and r["level"] == level]
    if not failed:
        return []
    lines = [f"### {STATUS_ICON['failed']} Failed requirements ({len(failed)})", "",
             *md_table(["", "Level", "Requirement", "Expected", "Received"], "lllll", [])]
    for shown, requirement in enumerate(failed):
        row = _failed_row(requirement)
        if _size(lines) + _size([row]) > budget:
            return lines + _more(len(failed) - shown, "failed requirements") + [""]
        lines.append(row)
    return [*lines, ""]


def _reasons(report: Mapping[str, Any], status: str, title: str, budget: int) -> list[str]:
    chosen = [r for r in report["requirements"] if r["status"] == status]
    if not chosen:
        return []
    # the errored requirements are why a run is inconclusive: shown open then
    opened = status == "errored" and report_verdict(report) == "inconclusive"
    lines = ["<details open>" if opened else "<details>",
             f"<summary>{STATUS_ICON[status]} {title} ({len(chosen)})</summary>", ""]
    for shown, requirement in enumerate(chosen):
        item = (f"- {md_code(requirement['id'], 80)} ({requirement['level']}): "
                f"{md_text(requirement['reason'] or '', 300)}")
        if _size(lines) + _size([item]) > budget:
            lines += _more(len(chosen) - shown, "requirements")
            break
        lines.append(item)
    return [*lines, "", "</details>", ""]


def _fits(lines: list[str], room: int) -> list[str]:
    return lines if _size(lines) <= room else []


def render_markdown(report: Mapping[str, Any], limit: int = MARKDOWN_LIMIT_BYTES) -> str:
    """Render a report dict as GitHub-flavoured Markdown of at most ``limit`` bytes."""
    tool = report["tool"]
    footer = [f"<sub>{md_text(tool['name'])} {md_text(tool['version'])} · report.json is the "
              "source of truth; this summary is rendered from it.</sub>"]
    lines = _header(report) + _scores(report)
    sections: list[Callable[[int], list[str]]] = [
        lambda room: _failed(report, room),
        lambda room: _fits(markdown_section(report), room),
        lambda room: _reasons(report, "errored", "Errored", room),
        lambda room: _reasons(report, "not_assessed", "Not assessed", room),
    ]
    for section in sections:
        room = limit - _size(lines) - _size(footer) - _NOTE_RESERVE
        lines += section(max(room, 0))
    text = "\n".join(lines + footer) + "\n"
    encoded = text.encode("utf-8")
    if len(encoded) > limit:  # only reachable with absurdly small limits
        note = "\n\n*…truncated.*\n".encode()
        text = encoded[: max(0, limit - len(note))].decode("utf-8", errors="ignore")
        text += note.decode()
    return text
