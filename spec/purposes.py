"""Companion purposes: what another operation of the spec is *for*, declared in its YAML
(``purpose: cancel-copy`` in spec/operations/<Action>.yaml), so that generic code asks for "the
operation that cancels a copy" (:meth:`spec.model.Spec.companion`) rather than naming one. The
vocabulary and each purpose's meaning live in ``spec/schemas/spec.schema.json``
(``$defs.companion.properties.purpose``); a test keeps the constants below equal to it.
"""

from __future__ import annotations

from typing import Final

from ecs_conformance.spec import roles

CANCEL_COPY: Final = "cancel-copy"  # cancels a copy in progress
LIST_IMAGES: Final = "list-images"  # lists a region's images by ID and status
DELETE_IMAGE: Final = "delete-image"  # deletes an image

PURPOSES: Final = (CANCEL_COPY, LIST_IMAGES, DELETE_IMAGE)

#: the parameter roles a companion with each purpose must declare (the loader checks them)
NEEDS_ROLES: Final = {
    CANCEL_COPY: (roles.IMAGE, roles.REGION_SOURCE),
    LIST_IMAGES: (roles.REGION_SOURCE, roles.IMAGE, roles.STATUS),
    DELETE_IMAGE: (roles.IMAGE, roles.REGION_SOURCE),
}
