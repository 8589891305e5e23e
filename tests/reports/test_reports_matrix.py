"""matrix(): several implementations side by side in one Markdown table."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from ecs_conformance.reports import matrix

Req = Callable[..., dict[str, Any]]
Make = Callable[..., dict[str, Any]]


def _named(report: dict[str, Any], name: str, kind: str = "endpoint") -> dict[str, Any]:
    out = copy.deepcopy(report)
    out["target"].update(name=name, kind=kind)
    return out


def test_rows_are_requirements_and_columns_are_targets(req: Req, make_report: Make) -> None:
    a = _named(make_report([req("A.x"), req("B.y", "failed"), req("C.z", "errored")]), "one")
    b = _named(make_report([req("A.x", "not_assessed"), req("D.w", "failed", "SHOULD")]),
               "two")
    lines = matrix([a, b]).splitlines()
    assert "| Requirement | Level | one | two |" in lines
    assert "| `A.x` | MUST | ✅ | ➖ |" in lines
    assert "| `B.y` | MUST | ❌ |  |" in lines
    assert "| `C.z` | MUST | ⚠️ |  |" in lines
    assert "| `D.w` | SHOULD |  | ❌ |" in lines
    assert "| **MUST score** |  | **33%** (1/3) | **n/a** (0/0) |" in lines


def test_duplicate_target_names_are_told_apart(req: Req, make_report: Make) -> None:
    base = make_report([req("A.x")])
    header = matrix([_named(base, "svc", "asgi"), _named(base, "svc", "endpoint"),
                     _named(base, "svc", "endpoint")]).splitlines()[2]
    assert header == "| Requirement | Level | svc (asgi) | svc (endpoint) | svc (endpoint) \\#2 |"


def test_target_names_cannot_break_the_table(req: Req, make_report: Make) -> None:
    text = matrix([_named(make_report([req("A.x")]), "a|b <script>")])
    assert "| Requirement | Level | a\\|b \\<script\\> |" in text


def test_no_reports() -> None:
    assert matrix([]) == "*No reports to compare.*\n"
