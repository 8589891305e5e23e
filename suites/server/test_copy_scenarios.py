"""Copy semantics, example by example: visibility, the queue, cancel and delete.

The state machine explores orders of these calls; these fixed scenarios make sure every clause
is exercised in every run. Moving time needs a controllable clock (the in-process emulator);
without one the time-dependent halves are not assessed.
"""

from __future__ import annotations

from ecs_conformance.spec.model import Rejection
from ecs_conformance.suites import checks, companions
from ecs_conformance.suites.contract_checks import contract_success
from ecs_conformance.suites.findings import Checked, Finding, describe
from ecs_conformance.suites.needs import CANCEL_COPY, DELETE_IMAGE, DESCRIBE_IMAGES, QUEUE_LIMIT
from ecs_conformance.suites.parse import parse_body
from ecs_conformance.suites.property import check_all
from ecs_conformance.suites.scenarios import accept, not_assessed, require
from ecs_conformance.suites.session import SAME_IMAGE_CONFLICT, Session
from ecs_conformance.suites.wire import Exchange


def _needs(ecs: Session, requirements: str | tuple[str, ...], *needs: str) -> None:
    names = (requirements,) if isinstance(requirements, str) else requirements
    require(ecs, needs, *names)
    if ecs.live:
        not_assessed(ecs, "copy scenarios are not run against the real cloud", *names)


#: the profile's images a copy may start from: the second only where the same image cannot be
#: copied twice at once (edition current), so that several copies can be in progress together
SOURCE_ROLES = ("images.available", "images.available_extra")


def _copy(ecs: Session, result: Checked, image: str | None = None) -> tuple[str, str]:
    params = ecs.base_request()
    if image is not None:
        params["ImageId"] = image
    checked, exchange = accept(ecs, params, companions.transport(ecs), "response.success-schema")
    result += checked
    return params["DestinationRegionId"], str(parse_body(exchange).fields.get("ImageId", ""))


def _status(ecs: Session, region: str, image: str) -> str | None:
    found, _ = companions.describe(ecs, region, image)
    return str(found[0].get("Status")) if found else None


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
        if _status(ecs, region, image) not in companions.COPYING:
            return


def test_new_copy_is_visible_in_progress(ecs: Session) -> None:
    requirement = "state.copy-visible"
    _needs(ecs, requirement, DESCRIBE_IMAGES)
    result = Checked()
    region, image = _copy(ecs, result)
    found, exchange = companions.describe(ecs, region, image)
    status = found[0].get("Status") if found else None
    if status not in companions.COPYING:
        result.append(Finding(requirement, "new copy not visible as in progress",
                              "Status Creating or Waiting", f"{status!r}; {describe(exchange)}",
                              exchange))
    _finish_all(ecs, requirement, region, image)
    found, exchange = companions.describe(ecs, region, image)
    if not found or found[0].get("Status") != "Available":
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
    _needs(ecs, requirement, DESCRIBE_IMAGES, QUEUE_LIMIT)
    limit = ecs.profile.concurrent_copies
    # one more copy than may run proves the queue; the seed's run asks for two more
    sources = _queue_sources(ecs, requirement, limit + 1 if ecs.refuses_same_image else limit + 2)
    result = Checked()
    # distinct sources: sending one cancels none of the others (Session.send frees a source of
    # our earlier copies only when that same source is copied again)
    images = [_copy(ecs, result, source) for source in sources]
    # each copy by its own ImageId: a whole-region listing is paged (DescribeImages PageSize
    # defaults to 10) and, on a long-lived target, holds other runs' copies too
    mine, exchange = [], None
    for copy_region, image in images:
        found, exchange = companions.describe(ecs, copy_region, image, status="Creating,Waiting")
        mine += [i for i in found or [] if i.get("ImageId") == image]
    creating = sum(1 for i in mine if i.get("Status") == "Creating")
    waiting = sum(1 for i in mine if i.get("Status") == "Waiting")
    if creating > limit or waiting < 1:
        result.append(Finding(requirement, "copy queue not honoured",
                              f"at most {limit} Creating and the rest Waiting",
                              f"{creating} Creating, {waiting} Waiting", exchange))
    check_all(ecs, result, requirement)


def test_cancel_removes_a_copy_in_progress_only(ecs: Session) -> None:
    requirement = "state.cancel"
    # CancelCopyImage's page documents several wordings for a finished copy: any conforms
    rows = ecs.spec.contract("CancelCopyImage").rows_in_group("finished-copy")
    _needs(ecs, (requirement, rows[0].requirement), DESCRIBE_IMAGES, CANCEL_COPY)
    result = Checked()
    region, image = _copy(ecs, result)
    exchange = companions.call(ecs, "CancelCopyImage", {"RegionId": region, "ImageId": image})
    if exchange.status != 200 or _status(ecs, region, image) is not None:
        result.append(Finding(requirement, "copy in progress not cancelled",
                              "HTTP 200 and the copy gone", describe(exchange), exchange))
    region, image = _copy(ecs, result)
    _finish_all(ecs, requirement, region, image)
    exchange = companions.call(ecs, "CancelCopyImage", {"RegionId": region, "ImageId": image})
    if (exchange.status or 0) < 400:
        result.append(Finding(requirement, "finished copy cancelled",
                              "a 4xx error (IncorrectImageStatus)", describe(exchange), exchange))
    result += _documented(ecs, exchange, Rejection(rows=rows))
    check_all(ecs, result, requirement, rows[0].requirement)


def test_delete_is_refused_while_copying(ecs: Session) -> None:
    requirement = "state.delete-refused-while-copying"
    row = ecs.spec.contract("DeleteImage").row("image-copying")  # the documented answer
    _needs(ecs, (requirement, row.requirement), DELETE_IMAGE)
    result = Checked()
    region, image = _copy(ecs, result)
    exchange = companions.call(ecs, "DeleteImage", {"RegionId": region, "ImageId": image})
    if (exchange.status or 0) < 400:
        result.append(Finding(requirement, "copy deleted while copying", "a 4xx error",
                              describe(exchange), exchange))
    result += _documented(ecs, exchange, Rejection(rows=(row,)))
    check_all(ecs, result, requirement, row.requirement)


def _documented(ecs: Session, exchange: Exchange, rejection: Rejection) -> Checked:
    """A companion's answer against its contract's rows (status, code, message)."""
    transport = companions.transport(ecs)
    return checks.rejection(ecs.spec, exchange, rejection,
                            requirement=rejection.rows[0].requirement,
                            scheme=transport.scheme, fmt=transport.fmt)


def test_delete_of_a_finished_copy_succeeds(ecs: Session) -> None:
    """DeleteImage's success shape, on an image this run owns (its baseline would delete the
    profile's image, so the operation checks never send it as is)."""
    contract = ecs.spec.contract("DeleteImage")
    requirement = f"{contract.action}.response.success-schema"
    _needs(ecs, requirement, DESCRIBE_IMAGES, DELETE_IMAGE)
    result = Checked()
    region, image = _copy(ecs, result)
    _finish_all(ecs, requirement, region, image)
    exchange = companions.call(ecs, contract.action, {"RegionId": region, "ImageId": image})
    result += contract_success(ecs, contract, exchange, requirement, companions.transport(ecs))
    check_all(ecs, result, requirement)
