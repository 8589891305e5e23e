"""pytest-xdist: each worker sends its partial report back to the controller, which merges them.

Parts travel over xdist's own channel (``workeroutput``), so workers on other machines (``--tx
ssh=…`` or ``socket=…``) need no shared disk. The merged report has the same shape and content
rules as a one-process run: a requirement failed anywhere is failed, then errored, then passed,
then not assessed (reports.merge_reports).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ecs_conformance.reports import merge_reports, write_report


def merge_parts(directory: Path, parts: Sequence[Mapping[str, Any]], formats: tuple[str, ...],
                secrets: tuple[str, ...]) -> Path | None:
    if not parts:
        return None
    merged = merge_reports(list(parts))
    written = write_report(merged, directory, formats, secrets=secrets)
    return written["json"]
