"""The overview parts of the HTML report: score cards, the failures table, the matrix of
parameters × rules and the matrix of error rows × outcome."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .html_util import STATUS_SYMBOL, h, pill, req_link, table
from .scoring import LevelScore, grade, level_scores, report_summary
from .textutil import first_evidence, format_duration, one_line
from .vocab import LEVELS, STATUS_LABEL, STATUSES

Anchors = Mapping[str, str]


def _ring(score: LevelScore) -> str:
    """A donut chart of the pass rate (circumference 100, so the dash is the percent)."""
    arc = score.percent or 0
    return (
        '<svg class="ring" viewBox="0 0 36 36" width="76" height="76" aria-hidden="true">'
        '<circle class="track" cx="18" cy="18" r="15.915"/>'
        f'<circle class="arc g-{grade(score.percent)}" cx="18" cy="18" r="15.915" '
        f'stroke-dasharray="{arc} {100 - arc}" stroke-dashoffset="25"/>'
        f'<text x="18" y="20.6" text-anchor="middle">{h(score.percent_text)}</text></svg>'
    )


def _level_card(score: LevelScore) -> str:
    extra = f"{score.not_assessed} not assessed" if score.not_assessed else "all assessed"
    return (
        f'<div class="card level g-{grade(score.percent)}">{_ring(score)}<div>'
        f'<div class="card-title">{score.level}</div>'
        f'<div class="big">{score.fraction}</div>'
        f'<div class="muted">passed of assessed · {extra}</div></div></div>'
    )


def _outcome_bar(report: Mapping[str, Any]) -> str:
    totals = report_summary(report)
    summary: dict[str, int] = {s: getattr(totals, s) for s in STATUSES}
    total = sum(summary.values()) or 1
    parts = "".join(
        f'<span class="seg st-{s}" style="width:{summary[s] * 100 / total:.3f}%" '
        f'title="{summary[s]} {STATUS_LABEL[s]}"></span>' for s in STATUSES if summary[s])
    legend = " ".join(
        f'<span class="key"><i class="dot st-{s}"></i>{summary[s]} {STATUS_LABEL[s]}</span>'
        for s in STATUSES)
    return (f'<div class="card wide"><div class="card-title">Outcomes</div>'
            f'<div class="bar">{parts}</div><div class="legend">{legend}</div></div>')


def score_cards(report: Mapping[str, Any]) -> str:
    scores = level_scores(report)
    run = report["run"]
    checks = sum(r["checks"] for r in report["requirements"])
    run_card = (
        '<div class="card run"><div class="card-title">Run</div>'
        f'<div class="big">{run["requests"]}</div><div class="muted">requests · '
        f'{checks} checks · {h(format_duration(run["duration_s"]))}</div></div>'
    )
    cards = "".join(_level_card(scores[level]) for level in LEVELS)
    return f'<div class="cards">{cards}{run_card}{_outcome_bar(report)}</div>'


def _code(text: str, limit: int = 200) -> str:
    flat = one_line(text, limit)
    return f"<code>{h(flat)}</code>" if flat else '<span class="muted">(empty)</span>'


def failures_table(report: Mapping[str, Any], anchors: Anchors) -> str:
    failed = [r for level in LEVELS for r in report["requirements"]
              if r["status"] == "failed" and r["level"] == level]
    if not failed:
        return '<p class="muted">No requirement failed.</p>'
    rows = []
    for r in failed:
        evidence = first_evidence(r)
        expected = _code(evidence["expected"]) if evidence else "—"
        received = _code(evidence["received"]) if evidence else "—"
        rows.append(
            f'<tr><td><span class="lvl">{r["level"]}</span></td>'
            f'<td>{req_link(r, anchors[r["id"]])}<div>{h(r["title"])}</div></td>'
            f"<td>{expected}</td><td>{received}</td></tr>")
    return table(["Level", "Requirement", "Expected", "Received"], rows, "failures")


def _rule_name(requirement: Mapping[str, Any]) -> str:
    prefix = f"{requirement['parameter']}."
    rid: str = requirement["id"]
    return rid[len(prefix):] if rid.startswith(prefix) else rid


def parameter_matrix(report: Mapping[str, Any], anchors: Anchors) -> str:
    """Rows: parameters; columns: rule names; cells: the rule's status, linked."""
    grid: dict[str, dict[str, Mapping[str, Any]]] = {}
    for r in report["requirements"]:
        if r["parameter"] and r["category"] != "error-row":
            grid.setdefault(r["parameter"], {})[_rule_name(r)] = r
    if not grid:
        return '<p class="muted">No per-parameter rules in this report.</p>'
    frequency: dict[str, int] = {}
    for rules in grid.values():
        for name in rules:
            frequency[name] = frequency.get(name, 0) + 1
    columns = sorted(frequency, key=lambda name: -frequency[name])  # stable: first seen
    rows = []
    for parameter, rules in grid.items():
        cells = []
        for name in columns:
            r = rules.get(name)
            if r is None:
                cells.append('<td class="empty"></td>')
                continue
            status = r["status"]
            tip = h(f"{r['id']} ({r['level']}): {STATUS_LABEL[status]}")
            cells.append(f'<td><a class="cell st-{status}" href="#{anchors[r["id"]]}" '
                         f'title="{tip}">{STATUS_SYMBOL[status]}</a></td>')
        rows.append(f'<tr><th scope="row"><code>{h(parameter)}</code></th>{"".join(cells)}</tr>')
    header = ["Parameter", *(f'<span class="rule">{h(name)}</span>' for name in columns)]
    return table(header, rows, "matrix")


def error_matrix(report: Mapping[str, Any], anchors: Anchors) -> str:
    """Rows: documented error rows; columns: what was expected, the outcome, what was received."""
    chosen = [r for r in report["requirements"] if r["category"] == "error-row"]
    if not chosen:
        return '<p class="muted">No error rows in this report.</p>'
    rows = []
    for r in chosen:
        error = r["error"]
        expected = (f'HTTP {error["status"]} <code>{h(error["code"])}</code>'
                    if error else "—")
        outcome = f'<td class="oc">{pill(r["status"])}</td>'
        evidence = first_evidence(r)
        received = _code(evidence["received"], 120) if evidence else ""
        rows.append(f"<tr><td>{req_link(r, anchors[r['id']])}</td><td>{expected}</td>"
                    f"{outcome}<td>{received}</td></tr>")
    header = ["Error row", "Expected", "Outcome", "Received"]
    return table(header, rows, "errors")
