"""In-memory images per region, copy tasks and the per-region copy queue.

Seeded from the target profile: every ``images.<role>`` lives in ``regions.source``. A copy
enters its destination region as ``Creating`` when fewer than N copies run there (N =
``limits.concurrent_copies_per_region``), else as ``Waiting``; it becomes ``Available``
``limits.copy_seconds`` after it started, on the injected :class:`~reference.clock.Clock`.
"""

from __future__ import annotations

import random
import string
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from ecs_conformance.reference.clock import Clock
from ecs_conformance.spec.profile import Profile

COPYING = ("Waiting", "Creating")
ID_ALPHABET = string.ascii_lowercase + string.digits
REGION_ROLES = ("source", "destination", "copy_unsupported", "image_quota_exhausted",
                "snapshot_quota_exhausted", "byok_unsupported")


@dataclass
class Image:
    image_id: str
    region: str
    name: str
    created_at: datetime
    seq: int
    description: str = ""
    status: str = "Available"
    role: str | None = None
    owner_alias: str = "self"
    source_image: str | None = None
    source_region: str | None = None
    started_at: datetime | None = None
    encrypted: bool = False
    kms_key_id: str | None = None
    resource_group_id: str = ""
    tags: tuple[tuple[str, str], ...] = field(default_factory=tuple)

    @property
    def is_copy(self) -> bool:
        return self.source_image is not None

    @property
    def copying(self) -> bool:
        return self.status in COPYING


class EmulatorState:
    """Everything the emulator holds; implements :class:`spec.predicates.Lookup`."""

    def __init__(self, profile: Profile, clock: Clock, *, queue: bool = True,
                 seed: int | None = None, instant: bool = False) -> None:
        self.profile = profile
        self.clock = clock
        self.copy_time = timedelta(seconds=profile.copy_seconds)
        self.concurrency: int | None = profile.concurrent_copies if queue else None
        self.instant = instant  # a faulty variant: copies are Available at once
        self._rng = random.Random(seed)
        self._seq = 0
        self._slot_freed: dict[str, datetime] = {}
        regions = profile.data["regions"]
        self.regions = frozenset(regions.get("known") or
                                 [regions[r] for r in REGION_ROLES if r in regions])
        self.kms_keys = {v: k for k, v in profile.data.get("kms_keys", {}).items()}
        self.images: dict[str, Image] = {}
        now = clock.now()
        for role, image_id in profile.data["images"].items():
            self.images[image_id] = Image(
                image_id=image_id, region=profile.source_region, created_at=now,
                seq=self._next_seq(), name=f"conformance-{role.replace('_', '-')}",
                status="UnAvailable" if role == "unavailable" else "Available", role=role,
                owner_alias="others" if role == "shared_by_other_account" else "self",
            )

    # --- Lookup protocol ---------------------------------------------------------------------
    def region_exists(self, region_id: str) -> bool:
        return region_id in self.regions

    def image_exists(self, image_id: str, region_id: str) -> bool:
        return self.image(image_id, region_id) is not None

    def kms_key_exists(self, key_id: str) -> bool:
        return key_id in self.kms_keys

    # --- queries -------------------------------------------------------------------------------
    def image(self, image_id: str, region_id: str) -> Image | None:
        self.refresh()
        found = self.images.get(image_id)
        return found if found is not None and found.region == region_id else None

    def name_taken(self, region_id: str, name: str) -> bool:
        return bool(name) and any(i.region == region_id and i.name == name
                                  for i in self.images.values())

    def images_in(self, region_id: str, ids: set[str] | None,
                  statuses: set[str]) -> list[Image]:
        self.refresh()
        return sorted(
            (i for i in self.images.values()
             if i.region == region_id and i.status in statuses
             and (ids is None or i.image_id in ids)),
            key=lambda i: i.seq,
        )

    def copy_in_progress_of(self, source: Image) -> bool:
        """A copy of ``source`` is still Waiting or Creating."""
        self.refresh()
        return any(i.source_image == source.image_id and i.copying
                   for i in self.images.values())

    def progress(self, image: Image) -> str:
        if image.status != "Creating" or image.started_at is None:
            return "0%" if image.status == "Waiting" else "100%"
        done = (self.clock.now() - image.started_at) / self.copy_time
        return f"{max(0, min(99, int(done * 100)))}%"

    # --- changes -------------------------------------------------------------------------------
    def start_copy(self, source: Image, region: str, *, name: str, description: str,
                   encrypted: bool, kms_key_id: str | None, tags: tuple[tuple[str, str], ...],
                   resource_group_id: str, prefix: str = "m-") -> Image:
        self.refresh()
        now = self.clock.now()
        copy = Image(
            image_id=self.new_image_id(prefix), region=region, name=name, created_at=now,
            seq=self._next_seq(), description=description, status="Waiting",
            source_image=source.image_id, source_region=source.region, encrypted=encrypted,
            kms_key_id=kms_key_id, resource_group_id=resource_group_id, tags=tags,
        )
        if self.instant:
            copy.status, copy.started_at = "Available", now
        self.images[copy.image_id] = copy
        self.refresh()
        return copy

    def remove(self, image: Image) -> None:
        """Delete an image or cancel a copy: it disappears and frees its queue slot."""
        del self.images[image.image_id]
        if image.copying:
            self._slot_freed[image.region] = self.clock.now()
        self.refresh()

    def new_image_id(self, prefix: str = "m-") -> str:
        while True:
            image_id = prefix + "".join(self._rng.choice(ID_ALPHABET) for _ in range(20))
            if image_id not in self.images:
                return image_id

    def refresh(self) -> None:
        """Bring every copy up to the clock's current time."""
        now = self.clock.now()
        for region in {i.region for i in self.images.values() if i.copying}:
            self._advance(region, now)

    def _advance(self, region: str, now: datetime) -> None:
        while True:
            mine = [i for i in self.images.values() if i.region == region]
            running = [i for i in mine if i.status == "Creating"]
            waiting = sorted((i for i in mine if i.status == "Waiting"), key=lambda i: i.seq)
            if waiting and (self.concurrency is None or len(running) < self.concurrency):
                nxt = waiting[0]
                freed = self._slot_freed.get(region, nxt.created_at)
                nxt.status, nxt.started_at = "Creating", max(nxt.created_at, freed)
                continue
            due = [i for i in running if i.started_at and i.started_at + self.copy_time <= now]
            if not due:
                return
            done = min(due, key=lambda i: (i.started_at, i.seq))
            done.status = "Available"
            self._slot_freed[region] = (done.started_at or now) + self.copy_time

    def _next_seq(self) -> int:
        self._seq += 1
        return self._seq
