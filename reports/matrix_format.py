"""Several implementations side by side: one Markdown table, a row per requirement id and
a column per target, cells ✅ passed, ❌ failed, ➖ not assessed, ⚠️ errored, blank when
that report does not contain the requirement; the last rows give each target's scores and
verdict (reports.verdict)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .headline import common_subject
from .md_util import md_code, md_table, md_text
from .scoring import level_scores
from .verdict import VERDICT_ICON, report_verdict
from .vocab import LEVELS, STATUS_ICON, STATUS_LABEL


def _column_names(reports: Sequence[Mapping[str, Any]]) -> list[str]:
    """Target names, made unique with the target kind and then a counter."""
    names = [r["target"]["name"] for r in reports]
    out: list[str] = []
    for report, name in zip(reports, names, strict=True):
        label = name if names.count(name) == 1 else f"{name} ({report['target']['kind']})"
        base, n = label, 1
        while label in out:
            n += 1
            label = f"{base} #{n}"
        out.append(label)
    return out


def matrix(reports: Sequence[Mapping[str, Any]]) -> str:
    """Compare report dicts of several targets as a Markdown table."""
    if not reports:
        return "*No reports to compare.*\n"
    levels: dict[str, str] = {}
    for report in reports:
        for r in report["requirements"]:
            levels.setdefault(r["id"], r["level"])
    statuses = [{r["id"]: r["status"] for r in report["requirements"]} for report in reports]
    rows = [[md_code(rid, 80), levels[rid], *(STATUS_ICON.get(s.get(rid, ""), "")
                                              for s in statuses)]
            for rid in levels]
    for level in LEVELS:
        scores = [level_scores(report)[level] for report in reports]
        rows.append([f"**{level} score**", "",
                     *(f"**{s.percent_text}** ({s.fraction})" for s in scores)])
    rows.append(["**verdict**", "", *(f"{VERDICT_ICON[word]} **{word}**"
                                      for word in map(report_verdict, reports))])
    header = ["Requirement", "Level", *(md_text(name, 60) for name in _column_names(reports))]
    legend = " · ".join(f"{STATUS_ICON[s]} {STATUS_LABEL[s]}" for s in STATUS_ICON)
    lines = [f"## {md_text(common_subject(reports))}: {len(reports)} implementations", "",
             *md_table(header, "ll" + "c" * len(reports), rows), "",
             f"{legend} · blank: not in that report", ""]
    return "\n".join(lines)
