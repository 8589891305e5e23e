"""Plain-text helpers shared by every renderer: cleaning, shortening, evidence as text."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

# Characters XML 1.0 forbids (all C0 controls except tab, LF, CR; surrogates; U+FFFE/F),
# plus the C1 controls and DEL, which only ever confuse a reader.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_SPACES = re.compile(r"\s+")


def clean_text(text: str) -> str:
    """Drop control characters that are invalid in XML/HTML; keep tab, LF and CR."""
    return _CONTROL.sub("", text)


def one_line(text: str, limit: int = 160) -> str:
    """Clean text, fold whitespace runs into one space, and cut it to ``limit`` characters."""
    flat = _SPACES.sub(" ", clean_text(text)).strip()
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def coverage_text(target: Mapping[str, Any]) -> str | None:
    """A client's declared parameter coverage and its own defaults, for people:
    "sends 6 of 12 parameters (ImageId, …); fills in DestinationDescription='x'"; None when the
    report has no coverage (server suite, older client reports)."""
    coverage = target.get("coverage")
    if not coverage:
        return None
    names = list(coverage["parameters"])
    text = f"sends {len(names)} of {coverage['of']} parameters"
    if coverage.get("declared"):
        text += f" ({', '.join(names)})"
    defaults = coverage.get("defaults") or {}
    if defaults:
        text += "; fills in " + ", ".join(f"{k}={v!r}" for k, v in defaults.items())
    return text


def format_duration(seconds: float) -> str:
    """Durations are always shown as ``<n>.<nn> s`` (one pattern, easy to mask in tests)."""
    return f"{seconds:.2f} s"


def request_text(request: Mapping[str, Any] | None) -> str:
    """An HTTP request as a readable message: request line, headers, blank line, body."""
    if not request:
        return ""
    lines = [f"{request['method']} {request['url']}"]
    lines += [f"{name}: {value}" for name, value in request["headers"].items()]
    if request["body"]:
        lines += ["", request["body"]]
    return clean_text("\n".join(lines))


def response_text(response: Mapping[str, Any] | None) -> str:
    """An HTTP response as a readable message; a missing status reads ``(no response)``."""
    if not response:
        return ""
    status = response["status"]
    lines = [f"HTTP {status}" if status is not None else "(no response)"]
    lines += [f"{name}: {value}" for name, value in response["headers"].items()]
    if response["body"]:
        lines += ["", response["body"]]
    return clean_text("\n".join(lines))


def evidence_text(evidence: Mapping[str, Any]) -> str:
    """One piece of evidence as plain text (for JUnit bodies and terminals)."""
    parts = [
        f"* {evidence['title']}",
        f"  expected: {evidence['expected']}",
        f"  received: {evidence['received']}",
    ]
    for label, text in (("request", request_text(evidence["request"])),
                        ("response", response_text(evidence["response"]))):
        if text:
            parts.append(f"  {label}:")
            parts += [f"    {line}" for line in text.splitlines()]
    if evidence["reproduce"]:
        parts.append(f"  reproduce: {evidence['reproduce']}")
    return clean_text("\n".join(parts))


def first_evidence(requirement: Mapping[str, Any]) -> Mapping[str, Any] | None:
    evidence = requirement["evidence"]
    return evidence[0] if evidence else None


def slug(text: str) -> str:
    """A safe HTML id fragment: letters, digits, ``.``, ``_`` and ``-`` only."""
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-") or "x"
