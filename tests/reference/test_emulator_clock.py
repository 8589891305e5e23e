"""The injectable clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from ecs_conformance.reference import Clock


def test_frozen_clock_stands_still_until_advanced() -> None:
    clock = Clock.frozen("2026-11-27T01:40:00Z")
    start = clock.now()
    assert clock.now() == start and clock.is_frozen
    assert clock.advance(90) == start + timedelta(seconds=90)
    clock.set(datetime(2030, 1, 1, tzinfo=UTC))
    assert clock.now() == datetime(2030, 1, 1, tzinfo=UTC)


def test_running_clock_follows_the_wall_clock_with_an_offset() -> None:
    clock = Clock()
    clock.advance(3600)
    assert clock.now() - datetime.now(UTC) > timedelta(minutes=59)
    assert "running" in repr(clock)


@pytest.mark.parametrize("naive", [datetime(2026, 1, 1)])
def test_naive_times_are_refused(naive: datetime) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        Clock(naive)
    with pytest.raises(ValueError, match="timezone-aware"):
        Clock().set(naive)
