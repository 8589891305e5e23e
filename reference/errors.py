"""What the emulator refuses a request with: a status, a code and a message."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Refusal:
    """One error answer, before rendering (the body adds RequestId, HostId and Recommend)."""

    status: int
    code: str
    message: str


class Refused(Exception):
    """Raised anywhere in request handling to answer ``refusal``; caught by the app."""

    def __init__(self, refusal: Refusal) -> None:
        super().__init__(f"{refusal.status} {refusal.code}")
        self.refusal = refusal
