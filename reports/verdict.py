"""The one verdict policy of a run. Every rendering, the CLI and its exit code ask here.

Worst first:

* ``fails`` — an assessed MUST requirement failed (a failure beats everything else);
* ``inconclusive`` — no MUST failed, but a MUST requirement errored (our check could not be
  finished against this target) or no MUST requirement was assessed at all;
* ``conforms`` — every assessed MUST requirement passed and none errored.

SHOULD requirements never change the verdict: a SHOULD that failed or errored leaves a run
that ``conforms``, and is reported next to it (:func:`verdict_reason`). Not-assessed
requirements say why in the report and never change it either, unless no MUST requirement
at all was assessed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Final, Literal

from .tally import Outcome, Tally, tally

VerdictWord = Literal["conforms", "fails", "inconclusive"]

#: The verdicts, best first (the order of :data:`VERDICT_RANK`).
VERDICTS: Final[tuple[str, ...]] = ("conforms", "inconclusive", "fails")
#: How bad a verdict is; a larger rank is worse (``report diff`` uses it).
VERDICT_RANK: Final[dict[str, int]] = {word: rank for rank, word in enumerate(VERDICTS)}
#: One symbol per verdict, shared by the Markdown renderings.
VERDICT_ICON: Final[dict[str, str]] = {"conforms": "✅", "inconclusive": "⚠️", "fails": "❌"}


def decide(counts: Tally, *, crashed: bool = False) -> VerdictWord:
    """The policy itself, from the one tally (:mod:`reports.tally`). ``crashed``: a check
    of ours crashed without naming a requirement, so the run is unfinished."""
    if counts.must.failed:
        return "fails"
    if counts.must.errored or not counts.must.passed or crashed:
        return "inconclusive"
    return "conforms"


def verdict_of(requirements: Iterable[Outcome]) -> VerdictWord:
    """The verdict of requirement results or their dicts (``level`` and ``status`` are read)."""
    return decide(tally(requirements))


def crashes(report: Mapping[str, Any]) -> list[str]:
    """Checks of the suite that crashed without naming a requirement (``run.crashes``)."""
    return list(report.get("run", {}).get("crashes", []))


def report_verdict(report: Mapping[str, Any]) -> VerdictWord:
    """The verdict of a report dict, always computed from its requirements and the run's
    crashed checks — so a report written before ``summary.verdict`` existed reads the same,
    and a stored verdict is only ever a copy (the schema check refuses one that disagrees).
    A check of ours that crashed leaves the run unfinished: never ``conforms``."""
    return decide(tally(report["requirements"]), crashed=bool(crashes(report)))


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def verdict_reason(report: Mapping[str, Any]) -> str:
    """Why the report has its verdict, in one line (no verdict word in it)."""
    counts = tally(report["requirements"])
    must, should = counts.must, counts.should
    if must.failed:
        text = f"{_n(must.failed, 'MUST requirement')} failed"
        if must.errored:
            text += f", {must.errored} errored"
        return text
    if must.errored:
        return (f"{_n(must.errored, 'MUST requirement')} errored: the suite could not "
                "finish its checks against this target")
    if not must.passed:
        return "no MUST requirement was assessed"
    if crashes(report):
        return (f"{_n(len(crashes(report)), 'check')} of the suite crashed before naming a "
                "requirement; the run is unfinished")
    text = "every assessed MUST requirement passed"
    notes = []
    if should.failed:
        notes.append(f"{_n(should.failed, 'SHOULD requirement')} failed")
    if should.errored:
        notes.append(f"{_n(should.errored, 'SHOULD requirement')} errored")
    return text + (f"; {', '.join(notes)}" if notes else "")
