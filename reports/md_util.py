"""Markdown escaping for text that comes from a target: it must render as text, never as
markup, links or HTML, whether on GitHub (PR comment, step summary) or elsewhere."""

from __future__ import annotations

import re
from collections.abc import Sequence

from .textutil import one_line

# Every character that can start markup inline, a table cell boundary or an HTML entity.
_MARKUP = re.compile(r"([\\`*_{}\[\]<>|~&#!])")
_BACKTICKS = re.compile(r"`+")


def md_text(text: str, limit: int = 300) -> str:
    """Inline prose: one line, every markup character backslash-escaped."""
    return _MARKUP.sub(r"\\\1", one_line(text, limit))


def md_code(text: str, limit: int = 120) -> str:
    """An inline code span that is safe inside a table cell; empty text reads *(empty)*."""
    flat = one_line(text, limit)
    if not flat:
        return "*(empty)*"
    longest = max((len(run) for run in _BACKTICKS.findall(flat)), default=0)
    fence = "`" * (longest + 1)
    if flat.startswith("`") or flat.endswith("`"):
        flat = f" {flat} "
    # GFM splits table cells on "|" even inside code spans unless it is escaped.
    return fence + flat.replace("|", "\\|") + fence


def md_table(header: Sequence[str], align: str, rows: Sequence[Sequence[str]]) -> list[str]:
    """Lines of a GFM table; ``align`` has one of ``l``/``r``/``c`` per column."""
    marks = {"l": "---", "r": "---:", "c": ":---:"}
    lines = ["| " + " | ".join(header) + " |",
             "|" + "|".join(marks[a] for a in align) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def md_row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cells) + " |"
