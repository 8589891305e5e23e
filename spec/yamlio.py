"""Reading YAML and validating it against our JSON Schemas, with problems that name the place."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from ecs_conformance.spec.problems import Problem, json_path

SCHEMA_DIR = Path(__file__).parent / "schemas"
# libyaml's loader when PyYAML was built with it: the same safe subset, about ten times faster.
SAFE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: Path) -> tuple[Any, list[Problem]]:
    """Load ``path`` as safe YAML; a syntax error becomes a Problem with its line."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, [Problem(str(path), "$", f"cannot be read: {exc}")]
    try:
        return yaml.load(text, Loader=SAFE_LOADER), []
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "$"
        reason = getattr(exc, "problem", None) or str(exc)
        return None, [Problem(str(path), where, f"is not valid YAML: {reason}")]


@cache
def load_schema(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))
    return data


def schema_problems(data: Any, schema: dict[str, Any], file: str) -> list[Problem]:
    """Every way ``data`` breaks ``schema``, each worded as 'expected ...'."""
    validator = jsonschema.Draft202012Validator(schema)
    problems = []
    for error in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path))):
        problems.append(Problem(file, json_path(error.absolute_path), _explain(error)))
    return problems


def _explain(error: jsonschema.ValidationError) -> str:
    kind = error.validator
    if kind == "required":
        name = error.message.split(" is a required property")[0]
        return f"expected the key {name} (missing)"
    if kind == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {})) \
            if isinstance(error.schema, dict) else []
        return f"{error.message}; expected only {allowed}"
    if kind == "enum":
        return f"expected one of {error.validator_value}, got {error.instance!r}"
    if kind == "const":
        return f"expected {error.validator_value!r}, got {error.instance!r}"
    choices = error.validator_value if kind == "oneOf" else None
    if isinstance(choices, list) and all(isinstance(c, dict) and "const" in c for c in choices):
        # a vocabulary whose every word carries its meaning (roles, purposes)
        return f"expected one of {[c['const'] for c in choices]}, got {error.instance!r}"
    if kind == "type":
        return f"expected a {error.validator_value}, got {type(error.instance).__name__} " \
            f"{error.instance!r}"
    return f"expected to satisfy '{kind}': {error.message}"
