"""What kind of file the user handed us: a spec file, an examples file, a target profile or a
report.json — so that ``spec validate`` and ``report`` commands say which kind they expected
instead of failing on the first key of another kind."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ecs_conformance.spec.problems import InputFileError, Problem
from ecs_conformance.spec.profile import load_profile
from ecs_conformance.spec.validate import validate_file
from ecs_conformance.spec.yamlio import load_schema, read_yaml

PROFILE_KEYS = frozenset(load_schema("profile.schema.json")["properties"])
REPORT_KEYS = frozenset({"schema_version", "suite", "requirements"})
SPEC_KINDS = tuple(sorted(load_schema("spec.schema.json")["$defs"]))

EXPECTED_VALIDATE = (f"a spec file (kind: one of {', '.join(SPEC_KINDS)}), an examples file "
                     "(kind: examples), an edition overlay (kind: edition), a target profile "
                     "(credentials, regions, images) or a report.json")
EXPECTED_REPORT = ("the report.json an ecs-conformance run writes: a JSON object with "
                   "schema_version, suite, target, run, summary and requirements")


@dataclass(frozen=True)
class Kind:
    name: str  # "spec", "examples", "overlay", "profile", "report", "empty", "unknown"
    label: str  # for messages


def kind_of(data: Any) -> Kind:
    """The kind of parsed YAML/JSON ``data``."""
    if data is None or data == "":
        return Kind("empty", "an empty file")
    if not isinstance(data, dict):
        return Kind("unknown", f"a YAML {type(data).__name__}, not a mapping")
    kind = data.get("kind")
    if kind == "examples":
        return Kind("examples", "an examples file")
    if kind == "edition":
        return Kind("overlay", "an edition overlay")
    if kind in SPEC_KINDS:
        return Kind("spec", f"a spec file of kind {kind}")
    if "kind" in data:
        return Kind("unknown", f"a file of unknown kind {kind!r}")
    if REPORT_KEYS <= set(data):
        return Kind("report", "a report.json")
    if set(data) & PROFILE_KEYS:
        return Kind("profile", "a target profile")
    return Kind("unknown", f"a mapping with keys {sorted(map(str, data))[:6]}")


def validate_any(path: str | Path) -> tuple[Kind, list[Problem]]:
    """Recognise ``path``'s kind, then every problem it has as that kind."""
    file = Path(path)
    data, problems = read_yaml(file)  # JSON is YAML too
    if problems:
        return Kind("unknown", "unreadable"), problems
    kind = kind_of(data)
    where = str(file)
    if kind.name == "report":
        return kind, _report_problems(data, where)
    if kind.name in ("empty", "unknown"):
        return kind, [Problem(where, "$", f"expected {EXPECTED_VALIDATE}; got {kind.label}")]
    if kind.name == "profile" and "credentials" not in data:
        try:  # spec.validate takes a mapping without credentials for a spec file
            load_profile(file)
        except InputFileError as exc:
            return kind, list(exc.problems)
    return kind, validate_file(file)  # spec files (and their cross-checks), examples, profiles


def _report_problems(data: Any, where: str) -> list[Problem]:
    from ecs_conformance.reports import ReportFormatError, validate_report

    try:
        validate_report(data)
    except ReportFormatError as exc:
        return [Problem(where, path, message) for path, message in exc.problems]
    return []


def read_report_file(path: str) -> dict[str, Any]:
    """A report.json, or a :class:`UsageError`-ready message saying what else it is."""
    from ecs_conformance.reports import ReportFormatError, parse_report

    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ValueError(f"{path}: not a report.json (not UTF-8 text; expected "
                         f"{EXPECTED_REPORT})") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        other = _yaml_kind(file)
        what = (f"it looks like {other.label}" if other.name not in ("unknown", "empty")
                else f"not JSON: {exc.msg} at line {exc.lineno}")
        raise ValueError(f"{path}: not a report.json ({what}; expected {EXPECTED_REPORT})"
                         ) from None
    kind = kind_of(data)
    if kind.name != "report":
        raise ValueError(f"{path}: not a report.json (it looks like {kind.label}; expected "
                         f"{EXPECTED_REPORT})")
    try:
        return parse_report(text, path)
    except ReportFormatError as exc:
        raise ValueError(f"{path}: {exc}") from None


def _yaml_kind(file: Path) -> Kind:
    data, problems = read_yaml(file)
    return Kind("unknown", "unreadable") if problems else kind_of(data)
