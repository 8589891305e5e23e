"""``ecs-conformance spec validate FILE``: check one spec, edition overlay, examples or profile
file."""

from __future__ import annotations

from pathlib import Path

from ecs_conformance.spec.loader import overlay_problems, read_file
from ecs_conformance.spec.problems import InputFileError, Problem
from ecs_conformance.spec.profile import load_profile
from ecs_conformance.spec.yamlio import load_schema, read_yaml, schema_problems


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
    checked, problems = read_file(file)
    if kind == "readings" and checked is not None:  # cross-checked against the shipped spec
        from ecs_conformance.spec.loader import check_readings, load_spec

        spec = load_spec()
        names = {p.name for p in spec.parameters} | {
            f"{p.name}.{f.name}" for p in spec.parameters if p.repeat for f in p.repeat.fields}
        problems = check_readings(checked, str(file), {r.id for r in spec.requirements()},
                                  {row.id for row in spec.error_rows}, names)
    return problems
