"""The profile needs (:meth:`spec.profile.Profile.provides`) the server suite's checks stand
on beyond the roles the spec names (error-row roles, ``${role}`` placeholders), each defined
once. A check whose need the profile does not provide is *not assessed*, the need named
(:func:`suites.scenarios.require`)."""

from __future__ import annotations

from typing import Final

DRY_RUN: Final = "supports.dry_run"
#: The companions the copy scenarios call (``operations:``, else the ``supports.*`` flags).
DESCRIBE_IMAGES: Final = "operations.DescribeImages"
CANCEL_COPY: Final = "operations.CancelCopyImage"
DELETE_IMAGE: Final = "operations.DeleteImage"
#: The docs give 1 and, later, 5 running copies per region: only a declared limit is checked.
QUEUE_LIMIT: Final = "limits.concurrent_copies_per_region"
#: A region beyond the roles (a third destination) comes from the declared list only.
KNOWN_REGIONS: Final = "regions.known"
#: Rows only an encrypted copy reaches need a usable KMS key.
ENABLED_KMS_KEY: Final = "kms_keys.enabled"


def scheme_need(scheme: str) -> str:
    """The need of a check signed with ``scheme`` (``v1``, ``v3``): the profile lists the
    scheme in ``signature_versions``."""
    return f"signature_versions.{scheme}"
