"""A check of ours that crashes is never conforming (both suites' pytest plugins use this).

A test that raises anything but a decided outcome — a MUST finding, pytest's own
fail/skip/xfail/exit — is our bug: the requirements it named are errored, and a crash that
named none is kept in ``run.crashes``, which makes the run inconclusive.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from ecs_conformance.suites.property import MustFailure
from ecs_conformance.suites.results import Results

# Exceptions that are a decided outcome: a MUST finding, or pytest's own fail/skip/xfail/exit.
DECIDED: tuple[type[BaseException], ...] = (
    MustFailure, pytest.fail.Exception, pytest.skip.Exception, pytest.xfail.Exception,
    pytest.exit.Exception)


def decided(exc: BaseException) -> bool:
    if isinstance(exc, BaseExceptionGroup):  # Hypothesis reports several distinct failures so
        return all(decided(inner) for inner in exc.exceptions)
    return isinstance(exc, DECIDED)


def named_requirements(item: pytest.Item) -> set[str]:
    """Requirement IDs a test's parameters name (a rule, an error row, a requirement string)."""
    callspec = getattr(item, "callspec", None)
    names: set[str] = set()
    for value in (callspec.params.values() if callspec else ()):
        for candidate in (value, getattr(value, "id", None), getattr(value, "requirement", None)):
            if isinstance(candidate, str):
                names.add(candidate)
    return names


@contextmanager
def guarded(results: Results, item: pytest.Item) -> Iterator[None]:
    """Run one test's call phase, turning a crash of ours into errored requirements."""
    results.begin_test()
    try:
        yield
    except Exception as exc:
        if not decided(exc):
            results.crashed(item.nodeid, f"{type(exc).__name__}: {exc}"[:1000],
                            named_requirements(item))
        raise
    finally:
        results.end_test()
