"""Small HTML building blocks. Every string that reaches the page goes through :func:`h`."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from html import escape
from typing import Any, Final

from .textutil import clean_text, slug
from .vocab import STATUS_LABEL

#: A symbol per status, so colour is never the only cue.
STATUS_SYMBOL: Final[dict[str, str]] = {
    "passed": "✓",
    "failed": "✗",
    "errored": "!",
    "not_assessed": "–",
}


def h(value: object) -> str:
    """Escape any value for HTML text or a quoted attribute (control characters dropped)."""
    return escape(clean_text(str(value)), quote=True)


def anchors(requirements: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """A unique, safe HTML id per requirement id (``req-<slug>``, suffixed on collision)."""
    out: dict[str, str] = {}
    used: set[str] = set()
    for requirement in requirements:
        base = f"req-{slug(requirement['id'])}"
        anchor, n = base, 1
        while anchor in used:
            n += 1
            anchor = f"{base}-{n}"
        used.add(anchor)
        out[requirement["id"]] = anchor
    return out


def pill(status: str) -> str:
    """A coloured status label with its symbol."""
    return (f'<span class="pill st-{status}">{STATUS_SYMBOL[status]} '
            f"{STATUS_LABEL[status]}</span>")


def req_link(requirement: Mapping[str, Any], anchor: str, text: str | None = None) -> str:
    label = h(text if text is not None else requirement["id"])
    return f'<a href="#{anchor}"><code>{label}</code></a>'


def pre(text: str, css: str = "") -> str:
    klass = f' class="{css}"' if css else ""
    return f"<pre{klass}>{h(text)}</pre>" if text else '<p class="muted">(empty)</p>'


def table(header: Iterable[str], rows: Iterable[str], css: str = "") -> str:
    """A table from pre-escaped header cells and pre-built ``<tr>`` rows."""
    head = "".join(f"<th>{cell}</th>" for cell in header)
    body = "\n".join(rows)
    klass = f' class="{css}"' if css else ""
    return (f'<div class="scroll"><table{klass}><thead><tr>{head}</tr></thead>'
            f"<tbody>\n{body}\n</tbody></table></div>")
