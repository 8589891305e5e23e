"""The closed vocabularies of a report, mirrored from ``report.schema.json``.

A test keeps these tuples equal to the schema's enums, so the schema stays the single
source of truth and the Python side cannot drift from it.
"""

from __future__ import annotations

from typing import Final, Literal

Level = Literal["MUST", "SHOULD"]
Status = Literal["passed", "failed", "not_assessed", "errored"]
Category = Literal[
    "rule", "error-row", "gateway", "format", "wire", "signature", "state", "client", "decision"
]
TargetKind = Literal["asgi", "endpoint", "python-adapter", "command-adapter"]
SuiteName = Literal["server", "client"]
Budget = Literal["quick", "default", "thorough"]

SCHEMA_VERSION: Final = "1.0"

LEVELS: Final[tuple[str, ...]] = ("MUST", "SHOULD")
STATUSES: Final[tuple[str, ...]] = ("passed", "failed", "not_assessed", "errored")
CATEGORIES: Final[tuple[str, ...]] = (
    "rule", "error-row", "gateway", "format", "wire", "signature", "state", "client", "decision"
)
TARGET_KINDS: Final[tuple[str, ...]] = ("asgi", "endpoint", "python-adapter", "command-adapter")
SUITES: Final[tuple[str, ...]] = ("server", "client")
BUDGETS: Final[tuple[str, ...]] = ("quick", "default", "thorough")

#: Statuses whose requirement must say why (``reason`` is a non-empty string).
NEEDS_REASON: Final[frozenset[str]] = frozenset({"not_assessed", "errored"})

#: When one requirement has several outcomes (merged parts), the highest rank wins:
#: failed over errored over passed over not_assessed.
STATUS_RANK: Final[dict[str, int]] = {
    "not_assessed": 0,
    "passed": 1,
    "errored": 2,
    "failed": 3,
}

#: One symbol per status, shared by the Markdown renderers.
STATUS_ICON: Final[dict[str, str]] = {
    "passed": "✅",
    "failed": "❌",
    "not_assessed": "➖",
    "errored": "⚠️",
}

STATUS_LABEL: Final[dict[str, str]] = {
    "passed": "passed",
    "failed": "failed",
    "not_assessed": "not assessed",
    "errored": "errored",
}

#: Cap on any captured text (bodies, expected/received) in bytes of UTF-8.
TEXT_LIMIT_BYTES: Final = 4096
