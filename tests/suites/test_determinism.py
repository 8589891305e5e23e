"""The same seed gives the same report, volatile fields aside (times, nonces, request IDs)."""

from __future__ import annotations

import re
from typing import Any

VOLATILE_KEYS = {"started_at", "finished_at", "duration_s"}
VOLATILE_TEXT = [
    re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}(:|%3A)\d{2}(:|%3A)\d{2}Z"),  # timestamps
    re.compile(r"[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}"),  # RequestId
    re.compile(r"\b[0-9a-f]{32,64}\b"),  # nonces and V3 signatures
]


def masked(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: ("~" if k in VOLATILE_KEYS else masked(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [masked(v) for v in value]
    if isinstance(value, str):
        for pattern in VOLATILE_TEXT:
            value = pattern.sub("~", value)
    return value


def test_same_seed_same_report(suite) -> None:
    _, first = suite("run", "--seed", "7", "--fault", "tag-key-129-accepted")
    _, second = suite("run", "--seed", "7", "--fault", "tag-key-129-accepted")
    assert first is not None and second is not None
    assert first["summary"]["failed"] >= 1
    assert masked(first) == masked(second)

