"""Example cases as data (spec/examples/*.yaml): load, validate, and expand placeholders."""

from __future__ import annotations

import random
import re
import string
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ecs_conformance.spec.model import Spec
from ecs_conformance.spec.problems import InputFileError, Problem
from ecs_conformance.spec.yamlio import load_schema, read_yaml, schema_problems

EXAMPLES_DIR = Path(__file__).parent / "examples"
PLACEHOLDER = re.compile(r"\$\{([a-z_]+\.[a-z_]+|fresh:\d+)\}")
FRESH_ALPHABET = string.ascii_lowercase + string.digits


@dataclass(frozen=True)
class ExampleCase:
    description: str
    requirement: str
    params: tuple[tuple[str, str | None], ...]
    expect: str
    file: str

    @property
    def roles(self) -> tuple[str, ...]:
        """The profile roles this case reads (through ${role.path} placeholders)."""
        found = {m.group(1) for _, v in self.params if v for m in PLACEHOLDER.finditer(v)}
        return tuple(sorted(r for r in found if not r.startswith("fresh:")))


@lru_cache(maxsize=4)
def load_examples(spec: Spec, directory: str | None = None) -> tuple[ExampleCase, ...]:
    base = Path(directory) if directory else EXAMPLES_DIR
    schema = load_schema("examples.schema.json")
    known = {r.id for r in spec.requirements()}
    cases: list[ExampleCase] = []
    problems: list[Problem] = []
    for path in sorted(base.glob("*.yaml")):
        data, found = read_yaml(path)
        found = found or schema_problems(data, schema, str(path))
        problems += found
        if found:
            continue
        for i, case in enumerate(data["cases"]):
            if case["requirement"] not in known:
                problems.append(Problem(str(path), f"$.cases[{i}].requirement",
                                        f"expected a requirement ID of the spec, got "
                                        f"{case['requirement']!r}"))
            cases.append(ExampleCase(
                description=case["description"], requirement=case["requirement"],
                params=tuple(case["params"].items()), expect=case["expect"], file=path.name,
            ))
    if problems:
        raise InputFileError("examples", problems)
    return tuple(cases)


def expand(
    value: str, role: Callable[[str], str | None], rng: random.Random
) -> str | None:
    """Replace ${role.path} (None when the profile lacks the role) and ${fresh:N}."""
    missing = False

    def one(match: re.Match[str]) -> str:
        nonlocal missing
        key = match.group(1)
        if key.startswith("fresh:"):
            return "".join(rng.choice(FRESH_ALPHABET) for _ in range(int(key[6:])))
        got = role(key)
        if got is None:
            missing = True
            return ""
        return got

    out = PLACEHOLDER.sub(one, value)
    return None if missing else out


def apply(
    base: Mapping[str, str], case: ExampleCase, role: Callable[[str], str | None],
    rng: random.Random,
) -> dict[str, str] | None:
    """The base request with the case's overrides; None when a needed role is absent."""
    out = dict(base)
    for name, value in case.params:
        if value is None:
            out.pop(name, None)
            continue
        expanded = expand(value, role, rng)
        if expanded is None:
            return None
        out[name] = expanded
    return out
