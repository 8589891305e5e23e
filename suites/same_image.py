"""Editions that refuse a second copy of an image whose copy is in progress (edition current:
state.same-image-conflict and the row with the code it expects).

Under them the session cancels its own copies of a source before copying it again
(:meth:`suites.session.Session.send`), so checks about other things always copy a free image;
the few checks that need a copy to stay in progress say so here.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from ecs_conformance.spec.model import ErrorRow, Spec
from ecs_conformance.spec.purposes import LIST_IMAGES
from ecs_conformance.suites import companions
from ecs_conformance.suites.scenarios import not_assessed
from ecs_conformance.suites.session import SAME_IMAGE_CONFLICT, Session

ONE_IMAGE = ("this edition refuses a second copy of an image while its copy runs "
             f"({SAME_IMAGE_CONFLICT}), and the profile names one available image to copy")


def conflict_code(spec: Spec) -> str | None:
    """The code the edition's same-image conflict requirement expects (protocol.yaml
    ``state.same-image-conflict``); None when the edition has no such requirement."""
    found = [r for r in spec.state_requirements if r.id == SAME_IMAGE_CONFLICT]
    return found[0].expect.code if found and found[0].expect else None


def is_conflict_row(spec: Spec, row: ErrorRow) -> bool:
    """Whether ``row`` is the same-image conflict's (found through the requirement that
    expects it, not by its code)."""
    code = conflict_code(spec)
    return code is not None and row.code == code


@contextmanager
def holding_copies(session: Session, hold: bool = True) -> Iterator[None]:
    """With ``hold``, send without cancelling our copies in progress first (to provoke the
    conflict)."""
    before, session.keep_copies = session.keep_copies, hold or session.keep_copies
    try:
        yield
    finally:
        session.keep_copies = before


def finish_copies(session: Session, requirement: str, region: str) -> None:
    """Let every copy in ``region`` finish (moving the target's clock), so that a finished
    copy, not one in progress, stands in the way; not assessed where time cannot be moved."""
    clock = companions.clock_of(session)
    if clock is None:
        not_assessed(session, "it needs a finished copy under an edition refusing a second copy "
                              "of an image in progress, and the target's clock cannot be moved",
                     requirement)
    if session.spec.companion(LIST_IMAGES) is None:  # it lists the copies to wait for
        not_assessed(session, companions.no_companion([LIST_IMAGES]), requirement)
    found, _ = companions.describe(session, region, status=",".join(companions.COPYING))
    turns = -(-len(found or []) // session.profile.concurrent_copies) + 1
    session.advance_time(clock, session.profile.copy_seconds * turns)
