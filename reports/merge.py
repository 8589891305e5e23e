"""Merge partial reports of one run (e.g. one per pytest-xdist worker) into one report.

For a requirement id found in several parts the worst outcome wins — failed over errored
over passed over not_assessed. Evidence is concatenated (the winning outcome's first),
deduplicated and capped at 5; checks and durations are summed. Run requests are summed,
the run starts at the earliest start and finishes at the latest finish.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any, Final

from .evidence import Evidence
from .model import Report, RequirementResult, RunInfo
from .readings import merge_readings
from .schema import ReportFormatError
from .vocab import STATUS_RANK

EVIDENCE_CAP: Final = 5
#: What every part of one run must share.
_SAME_RUN: Final = ("schema_version", "tool", "spec", "suite", "target")
_SAME_RUN_SETTINGS: Final = ("seed", "budget")
#: Sections a report may lack (older reports); parts of one run agree on them too.
_SAME_RUN_OPTIONAL: Final = ("edition", "operation")


def _models(parts: Sequence[Mapping[str, Any]]) -> list[Report]:
    """Each part validated and rebuilt as the model; refused unless all are of one run."""
    if not parts:
        raise ValueError("merge_reports needs at least one partial report")
    models = []
    for index, part in enumerate(parts):
        try:
            models.append(Report.from_dict(part))
        except ReportFormatError as exc:
            raise ReportFormatError(exc.path, f"{exc.message} (in part {index})",
                                    exc.problems) from exc
    first = parts[0]
    for index, part in enumerate(parts[1:], start=1):
        for key in _SAME_RUN_OPTIONAL:
            if part.get(key) != first.get(key):
                raise ValueError(f"part {index} is not from the same run as part 0: {key} "
                                 f"differs ({first.get(key)!r} != {part.get(key)!r})")
        for key in _SAME_RUN:
            if part[key] != first[key]:
                raise ValueError(f"part {index} is not from the same run as part 0: "
                                 f"{key} differs ({first[key]!r} != {part[key]!r})")
        for key in _SAME_RUN_SETTINGS:
            if part["run"][key] != first["run"][key]:
                raise ValueError(f"part {index} is not from the same run as part 0: "
                                 f"run.{key} differs ({first['run'][key]!r} != "
                                 f"{part['run'][key]!r})")
    return models


def _moment(stamp: str) -> datetime:
    return datetime.fromisoformat(stamp)


def _merge_run(runs: Sequence[RunInfo]) -> RunInfo:
    crashes = tuple(crash for run in runs for crash in run.crashes)  # the model keeps 100
    if len(runs) == 1:
        return replace(runs[0], crashes=crashes)
    started = min((r.started_at for r in runs), key=_moment)
    finished = max((r.finished_at for r in runs), key=_moment)
    wall = (_moment(finished) - _moment(started)).total_seconds()
    return replace(runs[0], started_at=started, finished_at=finished,
                   duration_s=round(max(wall, *(r.duration_s for r in runs)), 6),
                   requests=sum(r.requests for r in runs), crashes=crashes)


def _rank(requirement: RequirementResult) -> int:
    return STATUS_RANK[requirement.status]


def _evidence(entries: Sequence[RequirementResult]) -> tuple[Evidence, ...]:
    ranked = sorted(entries, key=lambda r: -_rank(r))  # stable
    seen: set[str] = set()
    out: list[Evidence] = []
    for entry in ranked:
        for evidence in entry.evidence:
            key = json.dumps(evidence.to_dict(), sort_keys=True, ensure_ascii=False)
            if key not in seen and len(out) < EVIDENCE_CAP:
                seen.add(key)
                out.append(evidence)
    return tuple(out)


def _merge_requirement(entries: Sequence[RequirementResult]) -> RequirementResult:
    winner = max(entries, key=_rank)  # first of the worst
    reasons = [r.reason for r in entries if r.status == winner.status and r.reason]
    return replace(
        entries[0],
        status=winner.status,
        reason="; ".join(dict.fromkeys(reasons)) or None,
        checks=sum(r.checks for r in entries),
        duration_s=round(sum(r.duration_s for r in entries), 6),
        evidence=_evidence(entries),
    )


def merge_models(parts: Sequence[Report]) -> Report:
    """Merge the models of partial reports of one run (checked by :func:`merge_reports`)."""
    grouped: dict[str, list[RequirementResult]] = {}
    for part in parts:
        for requirement in part.requirements:
            grouped.setdefault(requirement.id, []).append(requirement)
    return replace(parts[0], run=_merge_run([part.run for part in parts]),
                   requirements=tuple(_merge_requirement(e) for e in grouped.values()),
                   readings=merge_readings([part.readings for part in parts]))


def merge_reports(parts: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """Merge validated partial report dicts of one run; inputs are not modified.

    Raises :class:`ReportFormatError` for an invalid part and :class:`ValueError` for
    parts that do not belong to the same run (tool, spec, suite, target, seed, budget).
    The result is the merged model's dict, so its summary and verdict are derived.
    """
    return merge_models(_models(parts)).to_dict()
