"""ecs-conformance reports: the results model, its JSON Schema, and every rendering of it.

JSON (``report.json``) is the source of truth, and only the model writes it: suites build a
:class:`Report` and call :func:`write_report`, which renders report.json as
:meth:`Report.to_json` (schema-checked) and JUnit XML, Markdown, HTML and the SVG badge as
pure functions of its dict. Every count (summary, scores, verdict) comes from
:func:`reports.tally.tally`. This package imports nothing from the rest of the project.
"""

from __future__ import annotations

from .badge_format import render_badge
from .diff import Diff, StatusChange, diff_reports, edition_mismatch, render_diff
from .evidence import Evidence, HttpExchange, HttpRequest, HttpResponse, clip_text
from .headline import NEUTRAL_SUBJECT, common_subject, subject
from .html_format import render_html
from .json_format import parse_report, read_report, render_json
from .junit_format import render_junit
from .markdown_format import MARKDOWN_LIMIT_BYTES, render_markdown
from .matrix_format import matrix
from .merge import merge_models, merge_reports
from .model import (
    EditionInfo,
    ExpectedError,
    OperationInfo,
    Report,
    RequirementResult,
    RunInfo,
    SpecInfo,
    TargetInfo,
    ToolInfo,
)
from .readings import ProbeResult, ReadingResult
from .redact import redact
from .schema import ReportFormatError, load_schema, validate_report
from .scoring import (
    LevelScore,
    Summary,
    Verdict,
    level_scores,
    report_summary,
    summarize,
    verdict,
)
from .tally import Tally, tally
from .verdict import VERDICT_RANK, VERDICTS, report_verdict, verdict_of, verdict_reason
from .vocab import SCHEMA_VERSION
from .writer import DEFAULT_FORMATS, FORMATS, write_report

__all__ = [
    "DEFAULT_FORMATS",
    "FORMATS",
    "MARKDOWN_LIMIT_BYTES",
    "NEUTRAL_SUBJECT",
    "SCHEMA_VERSION",
    "VERDICTS",
    "VERDICT_RANK",
    "Diff",
    "EditionInfo",
    "Evidence",
    "ExpectedError",
    "HttpExchange",
    "HttpRequest",
    "HttpResponse",
    "LevelScore",
    "OperationInfo",
    "ProbeResult",
    "ReadingResult",
    "Report",
    "ReportFormatError",
    "RequirementResult",
    "RunInfo",
    "SpecInfo",
    "StatusChange",
    "Summary",
    "Tally",
    "TargetInfo",
    "ToolInfo",
    "Verdict",
    "clip_text",
    "common_subject",
    "diff_reports",
    "edition_mismatch",
    "level_scores",
    "load_schema",
    "matrix",
    "merge_models",
    "merge_reports",
    "parse_report",
    "read_report",
    "redact",
    "render_badge",
    "render_diff",
    "render_html",
    "render_json",
    "render_junit",
    "render_markdown",
    "report_summary",
    "report_verdict",
    "subject",
    "summarize",
    "tally",
    "validate_report",
    "verdict",
    "verdict_of",
    "verdict_reason",
    "write_report",
]
