"""A Hypothesis state machine over CopyImage, DescribeImages, CancelCopyImage and DeleteImage.

Checks observed through the target itself: a copy appears in its destination region as Creating
or Waiting; at most N copies run at once per region and none waits while fewer run; a copy in
progress can be cancelled but not deleted; a finished copy can be deleted but not cancelled.
With the in-process emulator the suite also moves time forward and sees copies finish.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as hs
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    consumes,
    invariant,
    rule,
    run_state_machine_as_test,
)

from ecs_conformance.suites import companions
from ecs_conformance.suites.findings import Finding, describe
from ecs_conformance.suites.needs import CANCEL_COPY, DELETE_IMAGE, DESCRIBE_IMAGES, QUEUE_LIMIT
from ecs_conformance.suites.property import (
    SHRINK_SECONDS,
    MustFailure,
    shrink_budget,
    split,
    summary,
)
from ecs_conformance.suites.same_image import ONE_IMAGE
from ecs_conformance.suites.scenarios import accept, not_assessed, require, without
from ecs_conformance.suites.session import Session

REQUIREMENTS = ("state.copy-visible", "state.copy-queue", "state.cancel",
                "state.delete-refused-while-copying")


def _machine(ecs: Session) -> type[RuleBasedStateMachine]:
    clock = companions.clock_of(ecs)
    region = ecs.profile.destination_region
    limit = ecs.profile.concurrent_copies
    queue = ecs.profile.provides(QUEUE_LIMIT)  # without a declared limit it is not judged
    if not queue:
        ecs.results.skip("state.copy-queue", without(ecs, [QUEUE_LIMIT]))
    last: list[list[Finding]] = [[]]

    def judge(findings: list[Finding]) -> None:
        void = [f for f in findings if f.exchange is not None and f.exchange.inconclusive]
        for f in void:  # throttled or not sent: proves nothing either way (suites.property)
            ecs.results.errored(f.requirement, str(f.exchange and f.exchange.inconclusive))
        must, should = split(ecs, [f for f in findings if f not in void])
        ecs.results.add(should)
        last[0] = must
        if must:
            raise MustFailure(summary(must))

    class CopyMachine(RuleBasedStateMachine):
        copies = Bundle("copies")

        @rule(target=copies)
        def copy(self) -> str:
            params = ecs.base_request()
            result, exchange = accept(ecs, params, companions.transport(ecs),
                                      "response.success-schema")
            judge(result.findings)
            image_id = ecs.created_id(exchange)
            found, seen = companions.describe(ecs, ecs.target_region(params), image_id)
            status = found[0].get("Status") if found else None
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

        @rule(image=consumes(copies))
        def cancel(self, image: str) -> None:
            status = self._status(image)
            exchange = companions.call(ecs, "CancelCopyImage", ecs.on_image(region, image))
            observed("state.cancel")
            if status in companions.COPYING and exchange.status != 200:
                judge([Finding("state.cancel", "copy in progress not cancelled",
                               "HTTP 200", describe(exchange), exchange)])
            if status == "Available" and (exchange.status or 0) < 400:
                judge([Finding("state.cancel", "finished copy cancelled",
                               "a 4xx error (IncorrectImageStatus)", describe(exchange),
                               exchange)])
            if status in companions.COPYING and self._status(image) is not None:
                judge([Finding("state.cancel", "cancelled copy still listed",
                               "the copy gone from DescribeImages", f"Status {status}",
                               exchange)])

        @rule(image=consumes(copies))
        def delete(self, image: str) -> None:
            status = self._status(image)
            exchange = companions.call(ecs, "DeleteImage", ecs.on_image(region, image))
            observed("state.delete-refused-while-copying")
            if status in companions.COPYING and (exchange.status or 0) < 400:
                judge([Finding("state.delete-refused-while-copying", "copy deleted while copying",
                               "a 4xx error", describe(exchange), exchange)])

        @invariant()
        def queue_is_bounded_and_busy(self) -> None:
            if not queue:
                return
            found, exchange = companions.describe(ecs, region, status="Creating,Waiting")
            if found is None:
                ecs.unanswered()  # nothing checked here; later checks are not tainted by it
                return
            creating = sum(1 for i in found if i.get("Status") == "Creating")
            waiting = sum(1 for i in found if i.get("Status") == "Waiting")
            observed("state.copy-queue")
            if creating > limit or (waiting and creating < limit):
                judge([Finding("state.copy-queue", "copy queue not honoured",
                               f"at most {limit} Creating, and none Waiting while fewer run",
                               f"{creating} Creating, {waiting} Waiting", exchange)])

        def _status(self, image: str) -> str | None:
            found, _ = companions.describe(ecs, region, image)
            return str(found[0].get("Status")) if found else None

    def observed(requirement: str) -> None:
        """Count a check only when every request behind it got a conclusive answer."""
        missed = ecs.unanswered()
        if missed:
            ecs.results.errored(requirement, f"not observed ({describe(missed[0])})")
        else:
            ecs.results.checked(requirement)

    CopyMachine.last = last
    return CopyMachine


def test_copy_state_machine(ecs: Session) -> None:
    require(ecs, (DESCRIBE_IMAGES, CANCEL_COPY, DELETE_IMAGE), *REQUIREMENTS)
    if ecs.refuses_same_image:  # the machine copies one image again and again
        not_assessed(ecs, ONE_IMAGE, *REQUIREMENTS)
    if ecs.live:
        not_assessed(ecs, "stateful copies are not run against the real cloud", *REQUIREMENTS)
    machine = _machine(ecs)
    config = settings(
        max_examples=max(3, ecs.max_examples // 3), stateful_step_count=12, database=None,
        derandomize=True,  # run_state_machine_as_test takes no seed: fixed for determinism
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
