"""pytest-xdist: each worker leaves a partial report; the controller merges them into one.

The merged report has the same shape and content rules as a one-process run: a requirement
failed anywhere is failed, then errored, then passed, then not assessed (reports.merge_reports).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from reports import merge_reports, write_report


def merge_parts(directory: Path, formats: tuple[str, ...], secrets: tuple[str, ...]) -> Path | None:
    parts_dir = directory / "parts"
    parts = sorted(parts_dir.glob("*.json")) if parts_dir.is_dir() else []
    if not parts:
        return None
    data = [json.loads(p.read_text(encoding="utf-8")) for p in parts]
    merged = merge_reports(data)
    written = write_report(merged, directory, formats, secrets=secrets)
    shutil.rmtree(parts_dir)
    return written["json"]
