"""Merge partial reports of one run (e.g. one per pytest-xdist worker) into one report.

For a requirement id found in several parts the worst outcome wins — failed over errored
over passed over not_assessed. Evidence is concatenated (the winning outcome's first),
deduplicated and capped at 5; checks and durations are summed. Run requests are summed,
the run starts at the earliest start and finishes at the latest finish.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, Final

from .readings import merge_readings
from .schema import ReportFormatError, validate_report
from .scoring import summarize
from .verdict import report_verdict
from .vocab import STATUS_RANK

EVIDENCE_CAP: Final = 5
#: What every part of one run must share.
_SAME_RUN: Final = ("schema_version", "tool", "spec", "suite", "target")
_SAME_RUN_SETTINGS: Final = ("seed", "budget")

Requirement = Mapping[str, Any]


def _check_parts(parts: Sequence[Mapping[str, Any]]) -> None:
    if not parts:
        raise ValueError("merge_reports needs at least one partial report")
    for index, part in enumerate(parts):
        try:
            validate_report(part)
        except ReportFormatError as exc:
            raise ReportFormatError(exc.path, f"{exc.message} (in part {index})",
                                    exc.problems) from exc
    first = parts[0]
    for index, part in enumerate(parts[1:], start=1):
        if part.get("edition") != first.get("edition"):
            raise ValueError(f"part {index} is not from the same run as part 0: edition "
                             f"differs ({first.get('edition')!r} != {part.get('edition')!r})")
        for key in _SAME_RUN:
            if part[key] != first[key]:
                raise ValueError(f"part {index} is not from the same run as part 0: "
                                 f"{key} differs ({first[key]!r} != {part[key]!r})")
        for key in _SAME_RUN_SETTINGS:
            if part["run"][key] != first["run"][key]:
                raise ValueError(f"part {index} is not from the same run as part 0: "
                                 f"run.{key} differs ({first['run'][key]!r} != "
                                 f"{part['run'][key]!r})")


def _moment(stamp: str) -> datetime:
    return datetime.fromisoformat(stamp)


def _merge_run(parts: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    runs = [part["run"] for part in parts]
    run = dict(runs[0])
    if len(runs) > 1:
        run["started_at"] = min((r["started_at"] for r in runs), key=_moment)
        run["finished_at"] = max((r["finished_at"] for r in runs), key=_moment)
        wall = (_moment(run["finished_at"]) - _moment(run["started_at"])).total_seconds()
        run["duration_s"] = round(max(wall, *(r["duration_s"] for r in runs)), 6)
        run["requests"] = sum(r["requests"] for r in runs)
    crashes = [crash for r in runs for crash in r.get("crashes", [])][:100]
    run.pop("crashes", None)
    if crashes:
        run["crashes"] = crashes
    return run


def _evidence(entries: Sequence[Requirement]) -> list[dict[str, Any]]:
    ranked = sorted(entries, key=lambda r: -STATUS_RANK[r["status"]])  # stable
    seen: set[str] = set()
    out: list[dict[str, Any]] = []
    for entry in ranked:
        for evidence in entry["evidence"]:
            key = json.dumps(evidence, sort_keys=True, ensure_ascii=False)
            if key not in seen and len(out) < EVIDENCE_CAP:
                seen.add(key)
                out.append(copy.deepcopy(evidence))
    return out


def _merge_requirement(entries: Sequence[Requirement]) -> dict[str, Any]:
    winner = max(entries, key=lambda r: STATUS_RANK[r["status"]])  # first of the worst
    merged = copy.deepcopy(dict(entries[0]))
    reasons = [r["reason"] for r in entries if r["status"] == winner["status"] and r["reason"]]
    merged.update(
        status=winner["status"],
        reason="; ".join(dict.fromkeys(reasons)) or None,
        checks=sum(r["checks"] for r in entries),
        duration_s=round(sum(r["duration_s"] for r in entries), 6),
        evidence=_evidence(entries),
    )
    return merged


def merge_reports(parts: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """Merge validated partial report dicts of one run; inputs are not modified.

    Raises :class:`ReportFormatError` for an invalid part and :class:`ValueError` for
    parts that do not belong to the same run (tool, spec, suite, target, seed, budget).
    """
    _check_parts(parts)
    grouped: dict[str, list[Requirement]] = {}
    for part in parts:
        for requirement in part["requirements"]:
            grouped.setdefault(requirement["id"], []).append(requirement)
    requirements = [_merge_requirement(entries) for entries in grouped.values()]
    first = parts[0]
    merged: dict[str, Any] = {
        **{key: copy.deepcopy(first[key]) for key in _SAME_RUN},
        **({"edition": copy.deepcopy(first["edition"])} if "edition" in first else {}),
        "run": _merge_run(parts),
        "summary": summarize(requirements).to_dict(),
        "requirements": requirements,
    }
    readings = merge_readings([part.get("readings") or [] for part in parts])
    if readings:
        merged["readings"] = readings
    ordered: dict[str, Any] = {key: merged[key] for key in (
        "schema_version", "tool", "spec", "edition", "suite", "target", "run", "summary",
        "requirements", "readings") if key in merged}
    ordered["summary"]["verdict"] = report_verdict(ordered)  # crashed checks count too
    validate_report(ordered)
    return ordered
