"""A Hypothesis state machine over the operation and its companions that list images, cancel a
copy and delete an image (found by purpose: spec/purposes.py).

Checks observed through the target itself: a copy appears in its destination region as Creating
or Waiting; at most N copies run at once per region and none waits while fewer run; a copy in
progress can be cancelled but not deleted; a finished copy can be deleted but not cancelled.
Each companion's answer is judged by its contract: a refusal must be the row its contract
documents for the situation (any row of CancelCopyImage's ``finished-copy`` group; DeleteImage's
``image-copying`` as the edition in force words it), a success must have its success shape.
With the in-process emulator the suite also moves time forward and sees copies finish.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, Phase, seed, settings
from hypothesis import strategies as hs
from hypothesis.errors import Flaky
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    consumes,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)

from ecs_conformance.spec.model import Contract, ErrorRow
from ecs_conformance.spec.purposes import CANCEL_COPY, DELETE_IMAGE, LIST_IMAGES
from ecs_conformance.suites import companions
from ecs_conformance.suites.companion_answers import refused_as, succeeded
from ecs_conformance.suites.findings import Checked, Finding, describe
from ecs_conformance.suites.needs import QUEUE_LIMIT
from ecs_conformance.suites.property import (
    SHRINK_SECONDS,
    MustFailure,
    shrink_budget,
    split,
    summary,
)
from ecs_conformance.suites.same_image import ONE_IMAGE
from ecs_conformance.suites.scenarios import accept, not_assessed, without
from ecs_conformance.suites.session import Session
from ecs_conformance.suites.wire import Exchange

CANCEL, DELETE = "state.cancel", "state.delete-refused-while-copying"
REQUIREMENTS = ("state.copy-visible", "state.copy-queue", CANCEL, DELETE)
#: the rows each companion's contract documents for the situations the machine provokes
FINISHED_COPY = "finished-copy"  # CancelCopyImage of a finished copy: any row of the group
IMAGE_COPYING = "image-copying"  # DeleteImage of a copy in progress


def _rows(ecs: Session, contract: Contract, key: str) -> tuple[ErrorRow, ...]:
    """The rows of ``contract`` with ID or group ``key`` (the documented answers to one
    situation); the machine is not assessed when the contract documents none."""
    rows = tuple(r for r in contract.error_rows if key in (r.id, r.group))
    if not rows:
        not_assessed(ecs, f"{contract.action} documents no error row {key!r}", *REQUIREMENTS)
    return rows


def _machine(ecs: Session, found: dict[str, Contract]) -> type[RuleBasedStateMachine]:
    cancel_contract, delete_contract = found[CANCEL_COPY], found[DELETE_IMAGE]
    finished_rows = _rows(ecs, cancel_contract, FINISHED_COPY)
    copying_rows = _rows(ecs, delete_contract, IMAGE_COPYING)
    clock = companions.clock_of(ecs)
    region = ecs.profile.destination_region
    limit = ecs.profile.concurrent_copies
    queue = ecs.profile.provides(QUEUE_LIMIT)  # without a declared limit it is not judged
    if not queue:
        ecs.results.skip("state.copy-queue", without(ecs, [QUEUE_LIMIT]))
    last: list[list[Finding]] = [[]]
    # cancel or delete a finished copy (the clock moved first) or one as it stands
    finish = hs.booleans() if clock is not None else hs.just(False)

    def judge(findings: list[Finding] | Checked, exchange: Exchange | None = None) -> None:
        """Record ``findings``; raise on a MUST one. A :class:`Checked` of a companion's
        answer also counts the requirements it assessed without a finding (its rows', the
        success shape's) as checked, when ``exchange`` got a conclusive answer."""
        checked = findings if isinstance(findings, Checked) else Checked(findings)
        findings = checked.findings
        void = [f for f in findings if f.exchange is not None and f.exchange.inconclusive]
        for f in void:  # throttled or not sent: proves nothing either way (suites.property)
            ecs.results.errored(f.requirement, str(f.exchange and f.exchange.inconclusive))
        must, should = split(ecs, [f for f in findings if f not in void])
        ecs.results.add(should)
        if exchange is not None and exchange.status is not None and not exchange.inconclusive:
            failing = {f.requirement for f in findings}
            ecs.results.checked(*sorted(checked.assessed - failing - set(REQUIREMENTS)))
        last[0] = must
        if must:
            raise MustFailure(summary(must))

    class CopyMachine(RuleBasedStateMachine):
        copies = Bundle("copies")

        @initialize(target=copies)
        def first_copy(self) -> str:
            """Every program starts with a copy, so cancel and delete are open at once."""
            return self._copy()

        @rule(target=copies)
        def copy(self) -> str:
            return self._copy()

        def _copy(self) -> str:
            params = ecs.base_request()
            result, exchange = accept(ecs, params, companions.transport(ecs),
                                      "response.success-schema")
            judge(result.findings)
            image_id = ecs.created_id(exchange)
            if not image_id:  # refused (judged above) or not sent: no copy to observe
                ecs.unanswered()
                return image_id
            listed, seen = companions.describe(ecs, ecs.target_region(params), image_id)
            status = companions.status_of(ecs, listed[0]) if listed else None
            observed("state.copy-visible")
            if status not in companions.COPYING:
                judge([Finding("state.copy-visible", "new copy not visible as in progress",
                               "Status Creating or Waiting in the destination region",
                               f"Status {status!r}; {describe(seen)}", seen)])
            return image_id

        if clock is not None:
            @rule(seconds=hs.sampled_from([1, ecs.profile.copy_seconds // 2,
                                           ecs.profile.copy_seconds]))
            def wait(self, seconds: int) -> None:
                ecs.advance_time(clock, seconds)

        @rule(image=consumes(copies), finished=finish)
        def cancel(self, image: str, finished: bool) -> None:
            status = self._status(image, finished)
            exchange = companions.call_on_image(ecs, CANCEL_COPY, region, image)
            observed(CANCEL)
            if status in companions.COPYING:
                judge(succeeded(ecs, cancel_contract, exchange, CANCEL,
                                "copy in progress not cancelled"), exchange)
                if companions.status(ecs, region, image) is not None:
                    judge([Finding(CANCEL, "cancelled copy still listed",
                                   f"the copy gone from {found[LIST_IMAGES].action}",
                                   f"Status {status}", exchange)])
            elif status == "Available":
                judge(refused_as(ecs, exchange, finished_rows, CANCEL), exchange)

        @rule(image=consumes(copies), finished=finish)
        def delete(self, image: str, finished: bool) -> None:
            status = self._status(image, finished)
            exchange = companions.call_on_image(ecs, DELETE_IMAGE, region, image)
            observed(DELETE)
            if status in companions.COPYING:
                judge(refused_as(ecs, exchange, copying_rows, DELETE), exchange)
            elif status == "Available":
                judge(succeeded(ecs, delete_contract, exchange, DELETE,
                                "finished copy not deleted"), exchange)

        def _status(self, image: str, finished: bool) -> str | None:
            """The copy's status, after moving the clock until it has had its turn when
            ``finished`` (a finished copy is met in every run, not only after enough waits;
            a copy queued behind others takes one more copy's time per look)."""
            status = companions.status(ecs, region, image)
            for doubling in range(21 if finished and clock is not None else 0):
                if status not in companions.COPYING:
                    break
                ecs.advance_time(clock, ecs.profile.copy_seconds * 2 ** doubling)
                status = companions.status(ecs, region, image)
            return status

        @invariant()
        def queue_is_bounded_and_busy(self) -> None:
            if not queue:
                return
            listed, exchange = companions.describe(ecs, region,
                                                   status=",".join(companions.COPYING))
            if listed is None:
                ecs.unanswered()  # nothing checked here; later checks are not tainted by it
                return
            statuses = [companions.status_of(ecs, i) for i in listed]
            creating, waiting = statuses.count("Creating"), statuses.count("Waiting")
            observed("state.copy-queue")
            if creating > limit or (waiting and creating < limit):
                judge([Finding("state.copy-queue", "copy queue not honoured",
                               f"at most {limit} Creating, and none Waiting while fewer run",
                               f"{creating} Creating, {waiting} Waiting", exchange)])

    def observed(requirement: str) -> None:
        """Count a check only when every request behind it got a conclusive answer."""
        missed = ecs.unanswered()
        if missed:
            ecs.results.errored(requirement, f"not observed ({describe(missed[0])})")
        else:
            ecs.results.checked(requirement)

    CopyMachine.last = last
    # the run's --seed, as every property of the suite (suites.property): without it the
    # derandomized seed would be a digest of this class's source, changing with any edit
    return seed(ecs.seed)(CopyMachine)


def test_copy_state_machine(ecs: Session) -> None:
    found = companions.require(ecs, (LIST_IMAGES, CANCEL_COPY, DELETE_IMAGE), *REQUIREMENTS)
    if ecs.refuses_same_image:  # the machine copies one image again and again
        not_assessed(ecs, ONE_IMAGE, *REQUIREMENTS)
    if ecs.live:
        not_assessed(ecs, "stateful copies are not run against the real cloud", *REQUIREMENTS)
    machine = _machine(ecs, found)
    config = settings(
        max_examples=max(3, ecs.max_examples // 3), stateful_step_count=12, database=None,
        derandomize=False,  # seeded with the run's --seed (the machine class carries it)
        deadline=None, phases=(Phase.generate, Phase.shrink),
        suppress_health_check=list(HealthCheck))
    try:
        with shrink_budget(SHRINK_SECONDS[ecs.budget]):
            run_state_machine_as_test(machine, settings=config)
    except MustFailure:
        findings = machine.last[0]  # type: ignore[attr-defined]
        ecs.results.add(findings)
        pytest.fail(f"MUST requirement broken (minimal program):\n{summary(findings)}",
                    pytrace=False)
    except Flaky as exc:
        # replaying a program meets the target in another state (its copies and clock moved
        # on): no minimal program, but a MUST finding already observed stands
        findings = machine.last[0]  # type: ignore[attr-defined]
        if not findings:
            raise
        ecs.results.add(findings)
        pytest.fail(f"MUST requirement broken (the program could not be replayed: "
                    f"{type(exc).__name__}):\n{summary(findings)}", pytrace=False)
