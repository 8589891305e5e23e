"""Run a Hypothesis property against the target and keep the verdict honest.

MUST findings fail the example, so Hypothesis shrinks; the findings recorded are those of the
last example run — Hypothesis' final replay of the minimal failing input — so every reported
"must reject" verdict was observed on the shrunk input. SHOULD findings never fail an example;
they are recorded as they appear. So are MUST findings a property names ``record_only``: the
rule properties pass the shape of answers (format, schema), which every path of every example
meets, so that one wrongly shaped path does not end the exploration of every rule at its first
example; the example cases and the format tests fail on those findings instead.

No requirement passes without an observed answer (:func:`settle`): a requirement a test names
is passed only when every request of the check was answered and no answer was one the check
calls silent on it (a gateway refusal before the rule: ``Checked.unobserved``); a throttled or
unsent request (``Exchange.inconclusive``) makes its check's requirements errored, never
passed or failed.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as hs
from hypothesis.errors import Flaky

from ecs_conformance.suites.budgets import BUDGETS
from ecs_conformance.suites.findings import Checked, Finding, describe
from ecs_conformance.suites.session import Session

SHRINK_SECONDS = {name: budget.shrink_s for name, budget in BUDGETS.items()}


@contextmanager
def shrink_budget(seconds: float) -> Iterator[None]:
    """Bound Hypothesis' shrinking time for one property (its default is 300 s per property).

    Hypothesis has no public setting for this; it reads the module constant
    ``MAX_SHRINKING_SECONDS`` when shrinking starts. A target that fails big inputs (21 tags)
    would otherwise keep a run busy for minutes. Without the constant this is a no-op.
    """
    from hypothesis.internal.conjecture import engine

    before = getattr(engine, "MAX_SHRINKING_SECONDS", None)
    if before is not None:
        engine.MAX_SHRINKING_SECONDS = seconds  # type: ignore[assignment]
    try:
        yield
    finally:
        if before is not None:
            engine.MAX_SHRINKING_SECONDS = before


def answer_shape(session: Session) -> frozenset[str]:
    """The requirements on how an answer is shaped (the spec's ``format`` category: format,
    content type, schemas, message wording), as opposed to what it decides."""
    return frozenset(r.id for r in session.spec.requirements() if r.category == "format")


class MustFailure(AssertionError):
    """A MUST requirement broken by the current example."""


def split(session: Session, findings: list[Finding]) -> tuple[list[Finding], list[Finding]]:
    level = session.spec.level
    must = [f for f in findings if level(f.requirement) == "MUST"]
    return must, [f for f in findings if level(f.requirement) != "MUST"]


def summary(findings: list[Finding]) -> str:
    lines = []
    for f in findings:
        lines.append(f"[{f.requirement}] {f.title}\n    expected: {f.expected}\n"
                     f"    received: {f.received}")
        if f.exchange is not None:
            lines.append(f"    request: {f.exchange.request.route()}: "
                         f"{dict(f.exchange.request.business)}")
    return "\n".join(lines)


def settle(session: Session, checked: Checked, named: Collection[str]
           ) -> tuple[list[Finding], dict[str, str], set[str]]:
    """What a check may claim from what it observed: (findings, errored requirement → reason,
    passed requirements). Findings on inconclusive exchanges become errors; when some request
    of the check stayed throttled or was not sent, nothing of it passes (such an answer might
    have satisfied any requirement); when some request got no answer, the requirements the
    test only names (rather than checked on an answer) are errored, not passed; so is every
    requirement the check says it could not observe (``Checked.unobserved``: the gateway
    refused the request before the rule was reached), unless a finding broke it."""
    unanswered = getattr(session, "unanswered", None)  # the client suite's session has none:
    missed = unanswered() if unanswered is not None else []  # its adapter errors are its own
    void = [e for e in missed if e.inconclusive]
    findings = [f for f in checked.findings
                if f.exchange is None or f.exchange.inconclusive is None]
    errors = {f.requirement: str(f.exchange.inconclusive) for f in checked.findings
              if f.exchange is not None and f.exchange.inconclusive is not None}
    failing = {f.requirement for f in findings}
    for requirement, why in checked.unobserved.items():
        if requirement not in failing:
            errors.setdefault(requirement, why)
    passed = set(checked.assessed) | set(named)
    if void:
        reason = str(void[0].inconclusive)
        unobserved = passed
    else:
        reason = f"not observed ({describe(missed[0])})" if missed else ""
        unobserved = set(named) - set(checked.assessed) if missed else set()
    for requirement in sorted(unobserved - failing):
        errors.setdefault(requirement, reason)
    return findings, errors, passed - set(errors) - failing


def record_errors(session: Session, errors: dict[str, str]) -> None:
    for requirement, reason in errors.items():
        session.results.errored(requirement, reason)


def run_property(
    session: Session,
    strategy: hs.SearchStrategy[Any],
    body: Callable[[Any], Checked],
    *,
    requirements: tuple[str, ...],
    max_examples: int | None = None,
    record_only: Collection[str] = (),
) -> None:
    """Run ``body`` over ``strategy``; record findings; fail the pytest test on a MUST finding
    (other than those of the requirements in ``record_only``, which are recorded as seen)."""
    last: list[Finding] = []

    @settings(max_examples=max_examples or session.max_examples, database=None, deadline=None,
              derandomize=False, print_blob=False,
              phases=(Phase.explicit, Phase.generate, Phase.shrink),
              suppress_health_check=list(HealthCheck))
    @seed(session.seed)
    @given(strategy)
    def prop(example: Any) -> None:
        nonlocal last
        settle(session, Checked(), ())  # what earlier examples left is not this example's
        findings, errors, passed = settle(session, body(example), requirements)
        must, should = split(session, findings)
        should += [f for f in must if f.requirement in record_only]
        must = [f for f in must if f.requirement not in record_only]
        session.results.add(should)
        record_errors(session, errors)
        session.results.checked(*passed)
        last = must
        if must:
            raise MustFailure(summary(must))

    failure: str | None = None
    try:
        with shrink_budget(SHRINK_SECONDS[session.budget]):
            prop()
    except MustFailure:
        session.results.add(last)
        failure = f"MUST requirement broken (minimal example):\n{summary(last)}"
    except Flaky as exc:
        for requirement in requirements:
            session.results.errored(requirement, f"the target answered inconsistently: {exc}")
        failure = f"target answered the same request differently: {exc}"
    except Exception as exc:  # our machinery failed (e.g. a mislabelled request): errored
        reason = f"{type(exc).__name__}: {str(exc)[:300]}"
        for requirement in requirements:
            session.results.errored(requirement, reason)
        failure = f"the check could not complete: {reason}"
    if failure is not None:  # outside the handler: pytest shows the message, not a chain
        pytest.fail(failure, pytrace=False)


def check_all(session: Session, checked: Checked, *requirements: str) -> None:
    """For example-based cases: record everything, fail the test on a MUST finding — or on
    an errored requirement (:func:`settle`), which is never a pass either."""
    findings, errors, passed = settle(session, checked, requirements)
    must, _ = split(session, findings)
    session.results.add(findings)
    record_errors(session, errors)
    session.results.checked(*passed)
    if must:
        pytest.fail(summary(must), pytrace=False)
    if errors:
        pytest.fail("inconclusive, errored: " + "; ".join(
            f"[{r}] {why}" for r, why in sorted(errors.items())), pytrace=False)
