"""The requirement list of the HTML report: one collapsible entry per requirement, grouped
by category, with its facts and every piece of evidence (request, response, reproduce)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from .html_util import h, pill, pre
from .textutil import format_duration, request_text, response_text
from .vocab import STATUS_LABEL, STATUSES

Anchors = Mapping[str, str]

CATEGORY_TITLES = {
    "rule": "Parameter rules",
    "error-row": "Documented error rows",
    "gateway": "Gateway behaviour",
    "format": "Response format",
    "wire": "Wire encoding and methods",
    "signature": "Signatures",
    "state": "State and side effects",
    "client": "Client behaviour",
    "decision": "Decisions",
}


def _facts(r: Mapping[str, Any]) -> str:
    items = [("Category", h(r["category"]))]
    if r["parameter"]:
        items.append(("Parameter", f"<code>{h(r['parameter'])}</code>"))
    if r["error"]:
        error = r["error"]
        items.append(("Expected error", f"HTTP {h(error['status'])} "
                      f"<code>{h(error['code'])}</code> — {h(error['message'])}"))
    if r["reason"]:
        items.append(("Reason", h(r["reason"])))
    if r.get("source"):
        items.append(("Source", h(r["source"])))
    items.append(("Checks", f"{h(r['checks'])} in {h(format_duration(r['duration_s']))}"))
    body = "".join(f"<dt>{name}</dt><dd>{value}</dd>" for name, value in items)
    return f'<dl class="facts">{body}</dl>'


def _evidence(e: Mapping[str, Any]) -> str:
    parts = [
        f'<div class="evidence"><h4>{h(e["title"]) or "Evidence"}</h4>',
        '<div class="exp-rec">',
        f'<div><div class="k">Expected</div>{pre(e["expected"])}</div>',
        f'<div><div class="k">Received</div>{pre(e["received"])}</div>',
        "</div>",
    ]
    for label, text in (("Request", request_text(e["request"])),
                        ("Response", response_text(e["response"]))):
        if text:
            parts.append(f'<details class="raw"><summary>{label}</summary>{pre(text)}</details>')
    if e["reproduce"]:
        parts.append(f'<div class="k">Reproduce</div>{pre(e["reproduce"], "repro")}')
    parts.append("</div>")
    return "".join(parts)


def _requirement(r: Mapping[str, Any], anchor: str) -> str:
    status = r["status"]
    evidence = "".join(_evidence(e) for e in r["evidence"])
    if not evidence:
        evidence = '<p class="muted">No evidence recorded.</p>'
    count = len(r["evidence"])
    checks = f"{r['checks']} check" + ("" if r["checks"] == 1 else "s")
    meta = f"{checks} · {count} evidence" if count else checks
    return (
        f'<details class="req st-{status} lv-{r["level"]}" id="{anchor}">'
        f"<summary>{pill(status)}<span class=\"lvl\">{r['level']}</span>"
        f'<code class="rid">{h(r["id"])}</code><span class="rtitle">{h(r["title"])}</span>'
        f'<span class="meta">{h(meta)}</span></summary>'
        f'<div class="req-body">{_facts(r)}{evidence}</div></details>'
    )


def requirement_groups(report: Mapping[str, Any], anchors: Anchors) -> str:
    groups: dict[str, list[Mapping[str, Any]]] = {}
    for r in report["requirements"]:
        groups.setdefault(r["category"], []).append(r)
    out = []
    for category, members in groups.items():
        counts = " ".join(
            f'<span class="count st-{s}" title="{n} {STATUS_LABEL[s]}">{n}</span>'
            for s, n in ((s, sum(m["status"] == s for m in members)) for s in STATUSES) if n)
        title = CATEGORY_TITLES.get(category, category)
        items = "\n".join(_requirement(r, anchors[r["id"]]) for r in members)
        out.append(f'<div class="group"><h3>{h(title)} <span class="cat">{h(category)}</span>'
                   f"{counts}</h3>\n{items}\n</div>")
    return "\n".join(out) or '<p class="muted">This report has no requirements.</p>'


def profile_block(report: Mapping[str, Any]) -> str:
    profile = report["target"]["profile"]
    if profile is None:
        return ""
    text = json.dumps(profile, indent=2, ensure_ascii=False, sort_keys=True, default=str)
    return (f'<details class="raw profile"><summary>Target profile (secrets redacted)'
            f"</summary>{pre(text)}</details>")
