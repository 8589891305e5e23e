"""State clauses an edition adds or sharpens: a second copy of an image whose copy runs
(edition current refuses it), and the code of DeleteImage on a copy in progress (edition
current documents 403 OperationDenied.ImageCopying). Under editions without these clauses the
tests record nothing: the requirement is not part of the contract being checked.
"""

from __future__ import annotations

import pytest

from ecs_conformance.spec import purposes
from ecs_conformance.suites import checks, companions
from ecs_conformance.suites.property import check_all
from ecs_conformance.suites.same_image import holding_copies
from ecs_conformance.suites.scenarios import accept, not_assessed
from ecs_conformance.suites.session import SAME_IMAGE_CONFLICT, Session

DELETE = "state.delete-refused-while-copying"


def _needs_copy(ecs: Session, requirement: str) -> None:
    if not ecs.can_copy():
        not_assessed(ecs, f"it needs a real copy and this live run made its {ecs.max_copies}",
                     requirement)


def test_second_copy_of_an_image_being_copied_is_refused(ecs: Session) -> None:
    if not ecs.refuses_same_image:
        pytest.skip(f"{SAME_IMAGE_CONFLICT} is not part of edition {ecs.spec.edition.name}")
    requirement = SAME_IMAGE_CONFLICT
    expect = ecs.spec.protocol_requirement(requirement).expect
    assert expect is not None
    _needs_copy(ecs, requirement)
    transport = companions.transport(ecs)
    result, _ = accept(ecs, ecs.base_request(), transport, "response.success-schema")
    with holding_copies(ecs):
        exchange = ecs.call(ecs.base_request(), transport)
    result += checks.expectation(ecs.spec, exchange, expect, requirement=requirement,
                                 scheme=transport.scheme, fmt=transport.fmt)
    check_all(ecs, result, requirement)


def test_delete_while_copying_answers_the_documented_code(ecs: Session) -> None:
    expect = ecs.spec.protocol_requirement(DELETE).expect
    if expect is None:
        pytest.skip(f"edition {ecs.spec.edition.name} documents no code for {DELETE}")
    companions.require(ecs, (purposes.DELETE_IMAGE,), DELETE)
    _needs_copy(ecs, DELETE)
    transport = companions.transport(ecs)
    result, exchange = accept(ecs, ecs.base_request(), transport, "response.success-schema")
    image = ecs.created_id(exchange)
    deleted = companions.call_on_image(ecs, purposes.DELETE_IMAGE,
                                       ecs.profile.destination_region, image)
    result += checks.expectation(ecs.spec, deleted, expect, requirement=DELETE,
                                 scheme=transport.scheme, fmt=transport.fmt)
    check_all(ecs, result, DELETE)
