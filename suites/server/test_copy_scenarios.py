"""Copy semantics, example by example: visibility, the queue, cancel and delete.

The state machine explores orders of these calls; these fixed scenarios make sure every clause
is exercised in every run. Moving time needs a controllable clock (the in-process emulator);
without one the time-dependent halves are not assessed.
"""

from __future__ import annotations

import pytest

from ecs_conformance.spec import roles
from ecs_conformance.spec.model import Contract
from ecs_conformance.spec.purposes import CANCEL_COPY, DELETE_IMAGE, LIST_IMAGES
from ecs_conformance.suites import companions
from ecs_conformance.suites.companion_answers import refused_as, succeeded
from ecs_conformance.suites.findings import Checked, Finding, describe
from ecs_conformance.suites.needs import QUEUE_LIMIT
from ecs_conformance.suites.property import check_all, record_errors, settle
from ecs_conformance.suites.scenarios import accept, not_assessed
from ecs_conformance.suites.session import SAME_IMAGE_CONFLICT, Session

#: the rows the companions' contracts document for the situations these scenarios provoke
FINISHED_COPY = "finished-copy"  # CancelCopyImage of a finished copy: any row of the group
IMAGE_COPYING = "image-copying"  # DeleteImage of a copy in progress


def _needs(ecs: Session, requirements: str | tuple[str, ...], purposes: tuple[str, ...],
           *needs: str) -> dict[str, Contract]:
    """The companions for ``purposes`` (not assessed without them, or without ``needs``)."""
    names = (requirements,) if isinstance(requirements, str) else requirements
    found = companions.require(ecs, purposes, *names, needs=needs)
    if ecs.live:
        not_assessed(ecs, "copy scenarios are not run against the real cloud", *names)
    return found


#: the profile's images a copy may start from: the second only where the same image cannot be
#: copied twice at once (edition current), so that several copies can be in progress together
SOURCE_ROLES = ("images.available", "images.available_extra")


def _copy(ecs: Session, result: Checked, requirement: str, image: str | None = None,
          refused_ok: bool = False) -> tuple[str, str]:
    """A copy (of ``image``, else of the profile's), its region and ID. Without a copy the
    scenario ends here (``requirement``'s result so far: the refusal, or why nothing was
    sent), before its later steps judge a copy that does not exist — unless ``refused_ok``
    and the target refused it (the ID is then ""): a refusal the scenario itself judges."""
    params = ecs.base_request()
    source = roles.name_of(ecs.spec, roles.IMAGE)
    if image is not None and source:
        params[source] = image
    checked, exchange = accept(ecs, params, companions.transport(ecs), "response.success-schema")
    result += checked
    created = ecs.created_id(exchange)
    answered = exchange.status is not None and not exchange.inconclusive
    if not created and not (refused_ok and answered):
        # what was judged stands; the scenario itself is errored, never passed
        findings, errors, passed = settle(ecs, result, ())
        ecs.results.add(findings)
        record_errors(ecs, errors)
        ecs.results.checked(*passed)
        ecs.results.errored(requirement, f"no copy to observe ({describe(exchange)})")
        pytest.fail(f"no copy to observe: {describe(exchange)}", pytrace=False)
    return ecs.target_region(params), created


def _finish_all(ecs: Session, requirement: str, region: str, image: str) -> None:
    """Move the target's clock until ``image`` in ``region`` has had its turn. Our own copy is
    described by its ID: a whole-region listing is paged and, on a long-lived target, may hold
    more copies than one answer carries."""
    clock = companions.clock_of(ecs)
    if clock is None:
        reason = "the target's clock cannot be moved, so finished copies are not observed"
        not_assessed(ecs, reason, requirement)
    # copies of this run and of earlier or concurrent runs may be queued ahead of ours: wait
    # one copy's time, then twice that, and so on (a million copies ahead take 20 looks)
    for doubling in range(21):
        ecs.advance_time(clock, ecs.profile.copy_seconds * 2 ** doubling)
        if companions.status(ecs, region, image) not in companions.COPYING:
            return


def test_new_copy_is_visible_in_progress(ecs: Session) -> None:
    requirement = "state.copy-visible"
    _needs(ecs, requirement, (LIST_IMAGES,))
    result = Checked()
    region, image = _copy(ecs, result, requirement)
    found, exchange = companions.describe(ecs, region, image)
    status = companions.status_of(ecs, found[0]) if found else None
    if status not in companions.COPYING:
        result.append(Finding(requirement, "new copy not visible as in progress",
                              "Status Creating or Waiting", f"{status!r}; {describe(exchange)}",
                              exchange))
    _finish_all(ecs, requirement, region, image)
    found, exchange = companions.describe(ecs, region, image)
    if not found or companions.status_of(ecs, found[0]) != "Available":
        result.append(Finding(requirement, "copy never became Available", "Status Available",
                              describe(exchange), exchange))
    check_all(ecs, result, requirement)


def _queue_sources(ecs: Session, requirement: str, count: int) -> list[str | None]:
    """The source image of each of ``count`` copies: the one available image again and again,
    or, under an edition that refuses a second copy of an image in progress, distinct images
    (not assessed when the profile names fewer than ``count``)."""
    if not ecs.refuses_same_image:
        return [None] * count
    sources = [image for role in SOURCE_ROLES if (image := ecs.profile.role(role))]
    if len(sources) < count:
        not_assessed(ecs, f"this edition refuses a second copy of an image while its copy runs "
                          f"({SAME_IMAGE_CONFLICT}), and {count} copies in progress at once need "
                          f"{count} distinct images (the profile names {len(sources)}: "
                          f"{', '.join(SOURCE_ROLES)})", requirement)
    return list(sources[:count])


def test_queue_runs_at_most_n_copies(ecs: Session) -> None:
    requirement = "state.copy-queue"
    _needs(ecs, requirement, (LIST_IMAGES,), QUEUE_LIMIT)
    limit = ecs.profile.concurrent_copies
    # one more copy than may run proves the queue; the seed's run asks for two more
    sources = _queue_sources(ecs, requirement, limit + 1 if ecs.refuses_same_image else limit + 2)
    result = Checked()
    # distinct sources: sending one cancels none of the others (Session.send frees a source of
    # our earlier copies only when that same source is copied again)
    # a copy refused rather than queued is missing from the count below: a finding there
    images = [_copy(ecs, result, requirement, source, refused_ok=True) for source in sources]
    # each copy by its own ID: a whole-region listing is paged (DescribeImages PageSize
    # defaults to 10) and, on a long-lived target, holds other runs' copies too
    mine, exchange = [], None
    for copy_region, image in images:
        found, exchange = companions.describe(ecs, copy_region, image,
                                              status=",".join(companions.COPYING))
        mine += [companions.status_of(ecs, i) for i in found or []
                 if companions.id_of(ecs, i) == image]
    creating, waiting = mine.count("Creating"), mine.count("Waiting")
    if creating > limit or waiting < 1:
        result.append(Finding(requirement, "copy queue not honoured",
                              f"at most {limit} Creating and the rest Waiting",
                              f"{creating} Creating, {waiting} Waiting", exchange))
    check_all(ecs, result, requirement)


def test_cancel_removes_a_copy_in_progress_only(ecs: Session) -> None:
    requirement = "state.cancel"
    # the cancel contract documents several wordings for a finished copy: any conforms
    cancel = ecs.spec.companion(CANCEL_COPY)
    rows = cancel.rows_in_group(FINISHED_COPY) if cancel else ()
    found = _needs(ecs, (requirement, *dict.fromkeys(r.requirement for r in rows)),
                   (LIST_IMAGES, CANCEL_COPY))
    cancel = found[CANCEL_COPY]
    if not rows:
        not_assessed(ecs, f"{cancel.action} documents no row group {FINISHED_COPY!r}",
                     requirement)
    result = Checked()
    region, image = _copy(ecs, result, requirement)
    exchange = companions.call_on_image(ecs, CANCEL_COPY, region, image)
    result += succeeded(ecs, cancel, exchange, requirement, "copy in progress not cancelled")
    if exchange.status == 200 and companions.status(ecs, region, image) is not None:
        result.append(Finding(requirement, "cancelled copy still listed",
                              f"the copy gone from {found[LIST_IMAGES].action}",
                              describe(exchange), exchange))
    region, image = _copy(ecs, result, requirement)
    _finish_all(ecs, requirement, region, image)
    exchange = companions.call_on_image(ecs, CANCEL_COPY, region, image)
    result += refused_as(ecs, exchange, rows, requirement)
    check_all(ecs, result, requirement, rows[0].requirement)


def test_delete_is_refused_while_copying(ecs: Session) -> None:
    requirement = "state.delete-refused-while-copying"
    delete = ecs.spec.companion(DELETE_IMAGE)
    rows = tuple(r for r in delete.error_rows if r.id == IMAGE_COPYING) if delete else ()
    _needs(ecs, (requirement, *(r.requirement for r in rows)), (DELETE_IMAGE,))
    if not rows:
        not_assessed(ecs, f"the delete companion documents no row {IMAGE_COPYING!r}",
                     requirement)
    row = rows[0]  # the documented answer, as the edition in force words it
    result = Checked()
    region, image = _copy(ecs, result, requirement)
    exchange = companions.call_on_image(ecs, DELETE_IMAGE, region, image)
    result += refused_as(ecs, exchange, (row,), requirement)
    check_all(ecs, result, requirement, row.requirement)


def test_delete_of_a_finished_copy_succeeds(ecs: Session) -> None:
    """The delete companion's success shape, on an image this run owns (its baseline would
    delete the profile's image, so the operation checks never send it as is)."""
    delete = ecs.spec.companion(DELETE_IMAGE)
    if delete is None:  # no such operation, hence no requirement to record
        pytest.skip("the spec declares no companion operation for delete-image")
    requirement = f"{delete.action}.response.success-schema"
    _needs(ecs, requirement, (LIST_IMAGES, DELETE_IMAGE))
    result = Checked()
    region, image = _copy(ecs, result, requirement)
    _finish_all(ecs, requirement, region, image)
    exchange = companions.call_on_image(ecs, DELETE_IMAGE, region, image)
    result += succeeded(ecs, delete, exchange, requirement, "finished copy not deleted")
    check_all(ecs, result, requirement)
