"""The results model: frozen dataclasses that map one-to-one onto ``report.json``.

Both suites build a :class:`Report` and hand it to :func:`reports.write_report`; report.json
is :meth:`Report.to_json` and nothing else, and the other renderings are functions of
:meth:`Report.to_dict`. The summary is derived, never stored. :meth:`Report.from_dict`
validates against the JSON Schema first and refuses data whose summary does not add up.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from .evidence import Evidence, HttpExchange, HttpRequest, HttpResponse, clip_text
from .readings import ReadingResult
from .schema import validate_report
from .scoring import Summary, summarize
from .vocab import (
    BUDGETS,
    CATEGORIES,
    LEVELS,
    NEEDS_REASON,
    SCHEMA_VERSION,
    STATUSES,
    SUITES,
    TARGET_KINDS,
)

__all__ = [
    "Evidence", "ExpectedError", "HttpExchange", "HttpRequest", "HttpResponse",
    "OperationInfo", "Report",
    "RequirementResult", "RunInfo", "SpecInfo", "Summary", "TargetInfo", "ToolInfo",
    "summarize",
]

#: At most this many crashed checks are kept in ``run.crashes`` (the schema's maxItems).
MAX_CRASHES = 100
_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def _choice(value: str, allowed: tuple[str, ...], what: str) -> None:
    if value not in allowed:
        raise ValueError(f"{what} must be one of {list(allowed)}, got {value!r}")


def _not_negative(value: float, what: str) -> None:
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"{what} must be a finite number not below 0, got {value!r}")


@dataclass(frozen=True)
class ToolInfo:
    name: str
    version: str

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "version": self.version}


@dataclass(frozen=True)
class SpecInfo:
    version: str
    digest: str  # "sha256:<64 hex>"

    def to_dict(self) -> dict[str, Any]:
        return {"version": self.version, "digest": self.digest}


@dataclass(frozen=True)
class EditionInfo:
    """The contract edition a run was judged against (absent: a report from before editions)."""

    name: str
    digest: str  # "sha256:<64 hex>", the edition's spec digest

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "digest": self.digest}


@dataclass(frozen=True)
class OperationInfo:
    """The operation a run checked: its action and API version, from the spec (absent: a
    report from before reports named it)."""

    action: str
    version: str

    def to_dict(self) -> dict[str, Any]:
        return {"action": self.action, "version": self.version}


@dataclass(frozen=True)
class TargetInfo:
    """What was tested; ``profile`` must already have its secrets redacted."""

    kind: str
    name: str
    profile: Mapping[str, Any] | None = None
    coverage: Mapping[str, Any] | None = None  # client suite: parameters sent, defaults

    def __post_init__(self) -> None:
        _choice(self.kind, TARGET_KINDS, "target kind")
        if self.profile is not None:  # a private, JSON-safe copy (paths become strings)
            plain = json.loads(json.dumps(self.profile, default=str, allow_nan=False))
            object.__setattr__(self, "profile", plain)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "name": self.name,
                               "profile": dict(self.profile) if self.profile is not None else None}
        if self.coverage is not None:
            out["coverage"] = dict(self.coverage)
        return out


@dataclass(frozen=True)
class RunInfo:
    """How the run went. ``crashes``: checks of the suite that crashed without naming a
    requirement (each clipped, at most :data:`MAX_CRASHES` kept); any makes the run
    inconclusive."""

    seed: int
    budget: str
    started_at: str  # ISO-8601 with offset
    finished_at: str
    duration_s: float
    requests: int
    crashes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        _choice(self.budget, BUDGETS, "budget")
        for stamp in (self.started_at, self.finished_at):
            if not _TIMESTAMP.match(stamp):
                raise ValueError(f"timestamps must be ISO-8601 with an offset, got {stamp!r}")
        _not_negative(self.duration_s, "duration_s")
        _not_negative(self.requests, "requests")
        object.__setattr__(self, "crashes",
                           tuple(clip_text(c) for c in self.crashes[:MAX_CRASHES]))

    @classmethod
    def timed(cls, seed: int, budget: str, started: datetime, finished: datetime,
              requests: int) -> RunInfo:
        """Build from aware datetimes; the duration is their difference."""
        duration = round((finished - started).total_seconds(), 6)
        return cls(seed, budget, started.isoformat(), finished.isoformat(), duration, requests)

    def to_dict(self) -> dict[str, Any]:
        return {"seed": self.seed, "budget": self.budget, "started_at": self.started_at,
                "finished_at": self.finished_at, "duration_s": self.duration_s,
                "requests": self.requests,
                **({"crashes": list(self.crashes)} if self.crashes else {})}


@dataclass(frozen=True)
class ExpectedError:
    """The error row a requirement expects: HTTP status, ``Code`` and ``Message``."""

    status: int
    code: str
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {"status": self.status, "code": self.code, "message": self.message}


@dataclass(frozen=True)
class RequirementResult:
    """The outcome for one requirement ID; ``reason`` is required unless passed/failed."""

    id: str
    level: str
    title: str
    category: str
    status: str
    parameter: str | None = None
    error: ExpectedError | None = None
    reason: str | None = None
    checks: int = 0
    duration_s: float = 0.0
    evidence: tuple[Evidence, ...] = ()
    source: str | None = None

    def __post_init__(self) -> None:
        _choice(self.level, LEVELS, f"{self.id}: level")
        _choice(self.category, CATEGORIES, f"{self.id}: category")
        _choice(self.status, STATUSES, f"{self.id}: status")
        if self.status in NEEDS_REASON and not self.reason:
            raise ValueError(f"{self.id}: a reason is required when status is {self.status}")
        _not_negative(self.checks, f"{self.id}: checks")
        _not_negative(self.duration_s, f"{self.id}: duration_s")
        object.__setattr__(self, "evidence", tuple(self.evidence))
        if self.reason is not None:  # a reason may quote a target's answer (any text it sent)
            object.__setattr__(self, "reason", clip_text(self.reason))

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "id": self.id, "level": self.level, "title": self.title,
            "category": self.category, "parameter": self.parameter,
            "error": self.error.to_dict() if self.error else None,
            "status": self.status, "reason": self.reason, "checks": self.checks,
            "duration_s": self.duration_s, "evidence": [e.to_dict() for e in self.evidence],
        }
        if self.source is not None:
            d["source"] = self.source
        return d

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> RequirementResult:
        error = d["error"]
        return cls(
            id=d["id"], level=d["level"], title=d["title"], category=d["category"],
            status=d["status"], parameter=d["parameter"],
            error=ExpectedError(**error) if error else None, reason=d["reason"],
            checks=d["checks"], duration_s=d["duration_s"],
            evidence=tuple(Evidence.from_dict(e) for e in d["evidence"]),
            source=d.get("source"),
        )


@dataclass(frozen=True)
class Report:
    """One run of one suite against one target. The summary is derived, never stored."""

    tool: ToolInfo
    spec: SpecInfo
    suite: str
    target: TargetInfo
    run: RunInfo
    requirements: tuple[RequirementResult, ...] = field(default_factory=tuple)
    schema_version: str = SCHEMA_VERSION
    edition: EditionInfo | None = None
    readings: tuple[ReadingResult, ...] = field(default_factory=tuple)  # optional section
    operation: OperationInfo | None = None

    def __post_init__(self) -> None:
        _choice(self.suite, SUITES, "suite")
        if self.schema_version != SCHEMA_VERSION:
            raise ValueError(f"schema_version must be {SCHEMA_VERSION!r}")
        object.__setattr__(self, "requirements", tuple(self.requirements))
        object.__setattr__(self, "readings", tuple(self.readings))
        seen: set[str] = set()
        for requirement in self.requirements:
            if requirement.id in seen:
                raise ValueError(f"duplicate requirement id {requirement.id!r}")
            seen.add(requirement.id)

    @property
    def summary(self) -> Summary:
        """Counted from the requirements (reports.tally); a crashed check of ours makes a run
        that would conform inconclusive (reports.verdict)."""
        return summarize(self.requirements, crashed=bool(self.run.crashes))

    def to_dict(self) -> dict[str, Any]:
        edition = {"edition": self.edition.to_dict()} if self.edition else {}
        operation = {"operation": self.operation.to_dict()} if self.operation else {}
        return {
            "schema_version": self.schema_version, "tool": self.tool.to_dict(),
            "spec": self.spec.to_dict(), **edition, **operation, "suite": self.suite,
            "target": self.target.to_dict(), "run": self.run.to_dict(),
            "summary": self.summary.to_dict(),
            "requirements": [r.to_dict() for r in self.requirements],
            **({"readings": [r.to_dict() for r in self.readings]} if self.readings else {}),
        }

    def to_json(self) -> str:
        """report.json: the one serialisation of a report, checked against
        report.schema.json first. Stable, human-readable: 2-space indent, UTF-8 text kept,
        trailing newline."""
        data = self.to_dict()
        validate_report(data)
        return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Report:
        """Validate ``d`` (raising :class:`ReportFormatError`), then build the model."""
        validate_report(d)
        return cls(
            tool=ToolInfo(**d["tool"]), spec=SpecInfo(**d["spec"]), suite=d["suite"],
            target=TargetInfo(**d["target"]), run=RunInfo(**d["run"]),
            requirements=tuple(RequirementResult.from_dict(r) for r in d["requirements"]),
            schema_version=d["schema_version"],
            edition=EditionInfo(**d["edition"]) if "edition" in d else None,
            operation=OperationInfo(**d["operation"]) if "operation" in d else None,
            readings=tuple(ReadingResult.from_dict(r) for r in d.get("readings", ())),
        )
