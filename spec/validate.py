"""``ecs-conformance spec validate FILE``: check one spec, edition overlay, examples or profile
file."""

from __future__ import annotations

from pathlib import Path

from spec.loader import overlay_problems, read_file
from spec.problems import InputFileError, Problem
from spec.profile import load_profile
from spec.yamlio import load_schema, read_yaml, schema_problems


def validate_file(path: str | Path) -> list[Problem]:
    """Every problem of ``path``: a spec file (by its kind), an examples file or a profile."""
    file = Path(path)
    data, problems = read_yaml(file)
    if problems:
        return problems
    kind = data.get("kind") if isinstance(data, dict) else None
    if kind == "edition":
        return overlay_problems(file)
    if kind == "examples":
        return schema_problems(data, load_schema("examples.schema.json"), str(file))
    if kind is None and isinstance(data, dict) and "credentials" in data:
        try:
            load_profile(file)
        except InputFileError as exc:
            return list(exc.problems)
        return []
    _, problems = read_file(file)
    return problems
