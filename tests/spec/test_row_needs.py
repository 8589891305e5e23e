"""errors.yaml ``needs``: the parameter roles a row's trigger also sets from the profile.

The schema allows exactly the roles that name existing things (strategies/world.py
PROFILE_ROLE), so the server suite can turn each into the profile value it needs; the two
BYOK rows need a KMS key, and the state-row test asks the profile for it.
"""

from __future__ import annotations

import json

from ecs_conformance.spec import load_spec, roles
from ecs_conformance.spec.loader import SPEC_DIR
from ecs_conformance.strategies.world import PROFILE_ROLE
from ecs_conformance.suites.server import test_state_rows


def _needs_schema() -> dict[str, object]:
    schema = json.loads((SPEC_DIR / "schemas" / "spec.schema.json").read_text(encoding="utf-8"))
    row: dict[str, object] = schema["$defs"]["errors"]["properties"]["rows"]["items"][
        "properties"]["needs"]
    return row


def test_the_schema_allows_the_roles_naming_existing_things() -> None:
    items = _needs_schema()["items"]
    assert isinstance(items, dict)
    assert set(items["enum"]) == set(PROFILE_ROLE) and set(items["enum"]) <= set(roles.ROLES)


def test_the_byok_rows_need_a_kms_key_in_every_edition() -> None:
    for edition in (None, "current"):
        spec = load_spec(edition=edition)
        needing = {row.id: row.needs for row in spec.error_rows if row.needs}
        assert needing == {"InvalidRegion.NotSupport": (roles.KMS_KEY,),
                           "UserNotInTheWhiteList": (roles.KMS_KEY,)}, edition


def test_the_state_row_test_asks_the_profile_for_each_need() -> None:
    spec = load_spec()
    byok = spec.row("InvalidRegion.NotSupport")
    assert test_state_rows._needs(byok) == [byok.role, PROFILE_ROLE[roles.KMS_KEY]]
    plain = next(row for row in spec.error_rows if row.error_class == "state" and not row.needs)
    assert test_state_rows._needs(plain) == [plain.role]
