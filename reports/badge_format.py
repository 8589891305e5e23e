"""An SVG badge in the shields.io style: ``<Action> conformance | fails · 97% MUST``
(reports.headline: the operation the report checked).

The message is the verdict (reports.verdict) and the MUST pass rate; the colour is the
verdict's: green conforms, red fails, orange inconclusive. Widths come from approximate
Verdana 11px glyph widths.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from typing import Any, Final

from .headline import subject
from .scoring import level_scores
from .textutil import clean_text
from .verdict import report_verdict

GREEN: Final = "#4c1"
ORANGE: Final = "#fe7d37"
RED: Final = "#e05d44"

_NARROW = set("fijlrt.,:;!|'() ")
_WIDE = set("mwMW%@")


def _text_width(text: str) -> int:
    """Approximate rendered width of ``text`` in px for Verdana 11px."""
    width = 0.0
    for char in text:
        if char in _NARROW:
            width += 3.9
        elif char in _WIDE:
            width += 10.0
        elif char.isupper() or char.isdigit():
            width += 7.5
        elif ord(char) > 0x2E7F:  # CJK and other wide scripts
            width += 11.0
        else:
            width += 6.6
    return round(width)


def badge_svg(label: str, message: str, colour: str) -> str:
    """A flat two-part badge; both texts are cleaned and XML-escaped."""
    label, message = clean_text(label), clean_text(message)
    left, right = _text_width(label) + 10, _text_width(message) + 10
    total = left + right
    label_x, message_x = left * 5, (left + right / 2) * 10
    title = escape(f"{label}: {message}")
    esc_label, esc_message = escape(label), escape(message)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{total}" height="20" role="img" '
        f'aria-label="{title}">\n'
        f"  <title>{title}</title>\n"
        '  <linearGradient id="s" x2="0" y2="100%">\n'
        '    <stop offset="0" stop-color="#bbb" stop-opacity=".1"/>\n'
        '    <stop offset="1" stop-opacity=".1"/>\n'
        "  </linearGradient>\n"
        f'  <clipPath id="r"><rect width="{total}" height="20" rx="3" fill="#fff"/></clipPath>\n'
        '  <g clip-path="url(#r)">\n'
        f'    <rect width="{left}" height="20" fill="#555"/>\n'
        f'    <rect x="{left}" width="{right}" height="20" fill="{colour}"/>\n'
        f'    <rect width="{total}" height="20" fill="url(#s)"/>\n'
        "  </g>\n"
        '  <g fill="#fff" text-anchor="middle" '
        'font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="110" '
        'text-rendering="geometricPrecision">\n'
        f'    <text x="{label_x:g}" y="150" fill="#010101" fill-opacity=".3" '
        f'transform="scale(.1)">{esc_label}</text>\n'
        f'    <text x="{label_x:g}" y="140" transform="scale(.1)">{esc_label}</text>\n'
        f'    <text x="{message_x:g}" y="150" fill="#010101" fill-opacity=".3" '
        f'transform="scale(.1)">{esc_message}</text>\n'
        f'    <text x="{message_x:g}" y="140" transform="scale(.1)">{esc_message}</text>\n'
        "  </g>\n"
        "</svg>\n"
    )


#: The badge colour of each verdict.
VERDICT_COLOURS: Final = {"conforms": GREEN, "fails": RED, "inconclusive": ORANGE}


def render_badge(report: Mapping[str, Any], label: str | None = None) -> str:
    """Render the verdict badge of a report dict as SVG text; the label defaults to the
    report's headline subject (reports.headline)."""
    label = subject(report) if label is None else label
    must = level_scores(report)["MUST"]
    word = report_verdict(report)
    if "edition" in report:  # which contract the verdict is against, and its digest
        edition = report["edition"]
        label = f"{label} ({edition['name']} {edition['digest'].removeprefix('sha256:')[:8]})"
    return badge_svg(label, f"{word} · {must.percent_text} MUST", VERDICT_COLOURS[word])
