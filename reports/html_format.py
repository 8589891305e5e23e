"""A self-contained HTML report: inline CSS and SVG, no script, no external resource.

Every string that may come from a target is escaped with :func:`html.escape` (through
``html_util.h``), so a message such as ``<script>alert(1)</script>`` renders as text.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .headline import subject
from .html_requirements import profile_block, requirement_groups
from .html_sections import error_matrix, failures_table, parameter_matrix, score_cards
from .html_style import stylesheet
from .html_util import anchors, h
from .readings import html_section
from .scoring import report_summary, verdict
from .textutil import coverage_text, format_duration
from .vocab import LEVELS, STATUS_LABEL, STATUSES

#: Text symbols rather than emoji, which need a colour-emoji font to render.
_MARKS = {"conforms": "✓", "inconclusive": "?", "fails": "✗"}


def _edition(report: Mapping[str, Any]) -> list[str]:
    """The contract edition the run was judged against (reports from before editions: none)."""
    if "edition" not in report:
        return []
    name, digest = report["edition"]["name"], report["edition"]["digest"]
    return [f"Edition <b>{h(name)}</b> <code title=\"{h(digest)}\">{h(digest[:19])}…</code>"]


def _banner(report: Mapping[str, Any]) -> str:
    outcome = verdict(report)
    target, spec, run = report["target"], report["spec"], report["run"]
    facts = [
        f"Target <code>{h(target['name'])}</code> ({h(target['kind'])})",
        f"Spec {h(spec['version'])} <code title=\"{h(spec['digest'])}\">"
        f"{h(spec['digest'][:19])}…</code>",
        *_edition(report),
        f"Seed <code>{h(run['seed'])}</code>",
        f"Budget {h(run['budget'])}",
        f"Started {h(run['started_at'])}",
        f"{h(format_duration(run['duration_s']))} · {h(run['requests'])} requests",
        *([f"Coverage: {h(coverage_text(target))}"] if coverage_text(target) else []),
    ]
    toc = "".join(f'<a href="#{anchor}">{label}</a>' for anchor, label in (
        ("overview", "Overview"), ("failures", "Failures"), ("parameters", "Parameters"),
        ("error-rows", "Error rows"), ("requirements", "All requirements")))
    return (
        f'<header class="banner v-{outcome.key}"><div class="wrap">'
        f'<div class="eyebrow">{h(subject(report))} · {h(report["suite"])} suite</div>'
        f'<h1><span class="mark" aria-hidden="true">{_MARKS[outcome.key]}</span>'
        f"{h(outcome.headline)}</h1>"
        f'<div class="facts">{"".join(f"<span>{fact}</span>" for fact in facts)}</div>'
        f'<nav class="toc">{toc}</nav></div></header>'
    )


def _filter_inputs() -> str:
    """Hidden radios that the stylesheet's ``:checked ~`` rules read; no script needed."""
    names = [("f", "all"), *(("f", s) for s in STATUSES), ("l", "all"),
             *(("l", level) for level in LEVELS)]
    return "".join(
        f'<input class="flt" type="radio" name="{"status" if group == "f" else "level"}" '
        f'id="{group}-{value}"{" checked" if value == "all" else ""}>'
        for group, value in names)


def _filter_bar(report: Mapping[str, Any]) -> str:
    summary = report_summary(report).to_dict()
    total = len(report["requirements"])
    labels = [f'<label for="f-all">All ({total})</label>']
    labels += [f'<label for="f-{s}">{STATUS_LABEL[s].capitalize()} ({summary[s]})</label>'
               for s in STATUSES]
    labels.append('<span class="sep"></span><label for="l-all">Any level</label>')
    labels += [f'<label for="l-{level}">{level}</label>' for level in LEVELS]
    return f'<div class="filters">{"".join(labels)}</div>'


def _section(anchor: str, title: str, body: str, intro: str = "") -> str:
    note = f'<p class="muted">{intro}</p>' if intro else ""
    return f'<section id="{anchor}"><h2>{title}</h2>{note}{body}</section>'


def render_html(report: Mapping[str, Any]) -> str:
    """Render a report dict as one self-contained HTML page."""
    ids = anchors(report["requirements"])
    tool, spec = report["tool"], report["spec"]
    title = f"{subject(report)} — {report['target']['name']}"
    main = "\n".join([
        _filter_inputs(),
        _section("overview", "Overview", score_cards(report) + profile_block(report),
                 "Score = passed / assessed requirements; errored counts as assessed."),
        _section("failures", "Failed requirements", failures_table(report, ids)),
        _section("parameters", "Parameters × rules", parameter_matrix(report, ids),
                 "One row per request parameter, one column per rule; click a cell for "
                 "its evidence."),
        _section("error-rows", "Error rows × outcome", error_matrix(report, ids)),
        *([_section("readings", "Readings of the source", html_section(report),
                    "Where the source admits more than one reading, any reading's outcome "
                    "passes; this is the reading the target's answers fit.")]
          if report.get("readings") else []),
        _section("requirements", "All requirements",
                 _filter_bar(report) + requirement_groups(report, ids)),
    ])
    footer = (
        f"{h(tool['name'])} {h(tool['version'])} · report schema "
        f"{h(report['schema_version'])} · spec {h(spec['version'])} "
        f"<code>{h(spec['digest'])}</code><br>Rendered from report.json, the source of "
        "truth for every format of this report."
    )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="color-scheme" content="light dark">'
        f"<title>{h(title)}</title>\n<style>\n{stylesheet()}</style></head>\n"
        f"<body>{_banner(report)}\n"
        f'<main class="wrap">{main}</main>\n'
        f'<footer><div class="wrap">{footer}</div></footer>\n'
        "</body></html>\n"
    )
