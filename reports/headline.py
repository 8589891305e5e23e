"""What a report's headline calls the run: ``<Action> conformance`` from the operation the
report says it checked (``report["operation"]``, written by the model), or a neutral
``API conformance`` for a report from before the field existed. The renderers name no
operation of their own."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final

#: The headline of a report that does not say which operation it checked.
NEUTRAL_SUBJECT: Final = "API conformance"


def action_of(report: Mapping[str, Any]) -> str | None:
    """The action a report checked, or None for a report from before ``operation``."""
    operation = report.get("operation")
    return str(operation["action"]) if operation else None


def subject(report: Mapping[str, Any]) -> str:
    """``<Action> conformance``, or :data:`NEUTRAL_SUBJECT` when the report does not say."""
    action = action_of(report)
    return f"{action} conformance" if action else NEUTRAL_SUBJECT


def common_subject(reports: Sequence[Mapping[str, Any]]) -> str:
    """The subject of several reports: their action when they all name the same one,
    else neutral (reports of other operations, or older reports, side by side)."""
    actions = {action_of(report) for report in reports}
    if len(actions) == 1 and None not in actions:
        return f"{actions.pop()} conformance"
    return NEUTRAL_SUBJECT
