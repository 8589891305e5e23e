"""Usage errors: the user's mistake (a malformed spec, profile or example file, a bad option).

One base class, :class:`UsageError`; every message names the file, the path inside it and what
was expected, so the user can fix the input without reading our code.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file."""

    file: str
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: at {self.path}: {self.message}"


class UsageError(Exception):
    """The user's mistake; the CLI turns it into exit code 2 and a clear message."""


class InputFileError(UsageError):
    """An input file (spec, examples, profile) has one or more problems."""

    def __init__(self, what: str, problems: Sequence[Problem]) -> None:
        self.what = what
        self.problems = tuple(problems)
        lines = [f"invalid {what} ({len(self.problems)} problem(s)):"]
        lines += [f"  - {p}" for p in self.problems]
        super().__init__("\n".join(lines))


class SpecError(InputFileError):
    """A spec file is malformed or inconsistent."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__("spec", problems)


def json_path(parts: Iterable[object]) -> str:
    """Render a jsonschema ``absolute_path`` as ``$.rules[3].check.kind``."""
    out = "$"
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out
