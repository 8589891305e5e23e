"""``run --list-faults``: the faulty variants of the emulator, one a line."""

from __future__ import annotations

from typing import TextIO


def list_faults(stream: TextIO) -> int:
    from ecs_conformance.reference import FAULTS

    width = max(len(name) for name in FAULTS)
    for name, fault in FAULTS.items():
        stream.write(f"{name:<{width}}  {fault.description}  [{', '.join(fault.requirements)}]\n")
    stream.write(f"{len(FAULTS)} faulty variants; run one with: ecs-conformance run --fault NAME\n")
    return 0
