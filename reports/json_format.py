"""report.json: the source of truth. Writing it goes through the model (:meth:`Report.to_json`,
schema-checked); reading validates it."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .model import Report
from .schema import ReportFormatError, validate_report


def render_json(report: Report | Mapping[str, Any]) -> str:
    """report.json text of a model or of a report dict (validated and rebuilt as the model
    first): :meth:`Report.to_json`, the one serialisation."""
    model = report if isinstance(report, Report) else Report.from_dict(report)
    return model.to_json()


def parse_report(text: str, source: str = "report.json") -> dict[str, Any]:
    """Parse and validate report JSON text; ``source`` names it in error messages."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno} column {exc.colno}"
        raise ReportFormatError("$", f"{source} is not JSON ({exc.msg} at {where})") from exc
    try:
        validate_report(data)
    except ReportFormatError as exc:
        raise ReportFormatError(exc.path, f"{exc.message} (in {source})", exc.problems) from exc
    result: dict[str, Any] = data
    return result


def read_report(path: str | Path) -> dict[str, Any]:
    """Read and validate a report.json file, returning the plain dict."""
    file = Path(path)
    return parse_report(file.read_text(encoding="utf-8"), str(file))
