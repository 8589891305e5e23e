"""Validation of report data: the JSON Schema first, then the rules a schema cannot state.

Every problem is raised as :class:`ReportFormatError`, whose message starts with the JSON
path of the offending value (``$.requirements[3].status``) and says what was expected.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError, best_match

from .scoring import report_summary

SCHEMA_RESOURCE = "report.schema.json"


class ReportFormatError(ValueError):
    """Report data that does not have the documented shape.

    ``path`` is the JSON path of the first problem (``$`` is the whole document);
    ``problems`` lists every ``(path, message)`` found, the first being the most relevant.
    """

    def __init__(self, path: str, message: str,
                 problems: Sequence[tuple[str, str]] | None = None) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message
        self.problems: tuple[tuple[str, str], ...] = tuple(problems or ((path, message),))


def json_path(parts: Iterable[str | int]) -> str:
    """Render a sequence of keys and indexes as ``$.a.b[2].c``."""
    out = "$"
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


@lru_cache(maxsize=1)
def load_schema() -> dict[str, Any]:
    """Return the report JSON Schema (draft 2020-12) shipped with this package."""
    resource = resources.files(__package__ or "reports").joinpath(SCHEMA_RESOURCE)
    text = resource.read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


@lru_cache(maxsize=1)
def _validator() -> Draft202012Validator:
    schema = load_schema()
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def _describe(error: ValidationError) -> tuple[str, str]:
    return json_path(error.absolute_path), error.message


def _schema_problems(data: Any) -> list[tuple[str, str]]:
    errors = list(_validator().iter_errors(data))
    if not errors:
        return []
    best = best_match(errors)
    rest = sorted((_describe(e) for e in errors if e is not best), key=lambda p: p[0])
    return [_describe(best), *rest]


def _semantic_problems(data: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Rules beyond the schema: unique requirement ids and a summary that adds up."""
    problems: list[tuple[str, str]] = []
    requirements = data["requirements"]
    first_seen: dict[str, int] = {}
    for index, requirement in enumerate(requirements):
        rid = requirement["id"]
        if rid in first_seen:
            where = json_path(["requirements", first_seen[rid]])
            problems.append((json_path(["requirements", index, "id"]),
                             f"duplicate requirement id {rid!r} (first at {where})"))
        else:
            first_seen[rid] = index
    counted = report_summary(data)  # the one count (reports.tally) and verdict policy
    for key, value in counted.counts().items():
        got = data["summary"][key]
        if got != value:
            problems.append((json_path(["summary", key]),
                             f"expected {value} (counted from requirements), got {got}"))
    stored = data["summary"].get("verdict")  # absent in reports written before it existed
    if stored is not None and stored != counted.verdict:
        problems.append((json_path(["summary", "verdict"]),
                         f"expected {counted.verdict} (the verdict of the "
                         f"requirements and crashed checks), got {stored}"))
    return problems


def report_problems(data: Any) -> list[tuple[str, str]]:
    """Every problem of ``data`` as ``(json path, message)``; empty when it is valid."""
    problems = _schema_problems(data)
    if problems:
        return problems
    return _semantic_problems(data)


def validate_report(data: Any) -> None:
    """Raise :class:`ReportFormatError` unless ``data`` is a valid report dict."""
    problems = report_problems(data)
    if problems:
        path, message = problems[0]
        raise ReportFormatError(path, message, problems)
