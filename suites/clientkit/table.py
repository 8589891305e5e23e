"""The SDK compliance table: Markdown generated from client-suite reports, never typed by hand.

Each failure is explained by its first piece of evidence; failures with the same explanation
(e.g. many error rows) are listed once with all their requirement IDs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from ecs_conformance.reports import level_scores, report_summary

START, END = "<!-- sdk-table:start -->", "<!-- sdk-table:end -->"
_BLOCK = re.compile(re.escape(START) + r".*?" + re.escape(END), re.S)


def _cell(text: object, limit: int = 160) -> str:
    flat = " ".join(str(text).split()).replace("|", "\\|").replace("`", "'")
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _row(report: Mapping[str, Any]) -> str:
    s = report_summary(report)  # the one count and policy: fails > inconclusive > conforms
    must = level_scores(report)["MUST"]
    return (f"| {_cell(report['target']['name'])} | {_coverage(report)} | **{s.verdict}** | "
            f"{must.passed}/{must.decided} | {s.should_failed} | {s.not_assessed} | "
            f"{s.errored} |")


def _coverage(report: Mapping[str, Any]) -> str:
    """The parameters the client declares it sends, "sends 6 of 12"; "—" for a report
    written before coverage was recorded."""
    coverage = report["target"].get("coverage")
    if not coverage:
        return "—"
    return f"sends {len(coverage['parameters'])} of {coverage['of']}"


def _failures(report: Mapping[str, Any]) -> list[str]:
    groups: dict[tuple[str, str, str, str], list[str]] = {}
    for r in report["requirements"]:
        if r["status"] == "errored":
            groups.setdefault(("ERRORED", r["reason"] or "", "", ""), []).append(r["id"])
        if r["status"] != "failed":
            continue
        first = r["evidence"][0] if r["evidence"] else None
        key = ((r["level"], first["title"], first["expected"], first["received"]) if first
               else (r["level"], r["title"], "", ""))
        if r["id"].startswith("client.error.") and key[1]:
            key = (r["level"], key[1], "", "")  # the row's own values differ; say it once
        groups.setdefault(key, []).append(r["id"])
    lines = []
    for (level, title, expected, received), ids in sorted(groups.items()):
        shown = ", ".join(f"`{i}`" for i in ids[:4]) + (f" and {len(ids) - 4} more"
                                                        if len(ids) > 4 else "")
        detail = f": expected {_cell(expected)}; received {_cell(received)}" if expected else ""
        lines.append(f"- {level} {shown} — {_cell(title)}{detail}")
    return lines


def sdk_table(reports: Iterable[Mapping[str, Any]]) -> str:
    """The Markdown table (one row per report) and, per SDK, its failures with evidence."""
    chosen = sorted(reports, key=lambda r: r["target"]["name"])
    out = ["| SDK (adapter) | parameters | verdict | MUST passed | SHOULD failed | not assessed "
           "| errored |", "|---|---|---|---|---|---|---|"]
    out += [_row(r) for r in chosen]
    for report in chosen:
        failures = _failures(report)
        if failures:
            out += ["", f"**{_cell(report['target']['name'])}**", "", *failures]
    return "\n".join(out) + "\n"


def replace_block(text: str, table: str) -> str:
    """``text`` with the block between the sdk-table markers replaced by ``table``."""
    if not _BLOCK.search(text):
        raise ValueError(f"no {START} … {END} block found")
    return _BLOCK.sub(lambda _: f"{START}\n{table}{END}", text, count=1)
