"""An injectable clock: the emulator never reads the wall clock directly, so tests never sleep."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


class Clock:
    """Time as the emulator sees it.

    ``Clock()`` follows the wall clock; ``Clock(start)`` (or :meth:`frozen`) stands still at
    ``start`` until a test moves it with :meth:`advance` or :meth:`set`. Advancing a running
    clock shifts it by a fixed offset.
    """

    def __init__(self, start: datetime | None = None) -> None:
        if start is not None and (start.tzinfo is None or start.utcoffset() is None):
            raise ValueError("Clock needs a timezone-aware start time")
        self._fixed = start.astimezone(UTC) if start is not None else None
        self._offset = timedelta()

    @classmethod
    def frozen(cls, at: datetime | str) -> Clock:
        """A clock standing still at ``at`` (a datetime or ``YYYY-MM-DDThh:mm:ssZ``)."""
        if isinstance(at, str):
            at = datetime.strptime(at, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
        return cls(at)

    @property
    def is_frozen(self) -> bool:
        return self._fixed is not None

    def now(self) -> datetime:
        """The current emulator time, timezone-aware UTC."""
        base = self._fixed if self._fixed is not None else datetime.now(UTC)
        return base + self._offset

    def advance(self, seconds: float) -> datetime:
        """Move the clock forward (or back, with a negative value); return the new time."""
        self._offset += timedelta(seconds=seconds)
        return self.now()

    def set(self, at: datetime) -> None:
        """Freeze the clock at ``at``."""
        if at.tzinfo is None or at.utcoffset() is None:
            raise ValueError("Clock.set needs a timezone-aware time")
        self._fixed, self._offset = at.astimezone(UTC), timedelta()

    def __repr__(self) -> str:
        kind = "frozen" if self.is_frozen else "running"
        return f"Clock({kind}, now={self.now():%Y-%m-%dT%H:%M:%SZ})"
