"""The report's readings section: which reading of the source the target follows, where the
source admits several (``report.json`` key ``readings``, optional).

The server suite builds :class:`ReadingResult` entries from spec/readings.yaml and the
answers to its probes (the model clips their texts and derives ``follows``); the report
model carries them, and they are rendered here for Markdown and HTML as a section of its
own. A reading observation is information, never a verdict: it changes no requirement's
status.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from .evidence import clip_text
from .html_util import h, table
from .md_util import md_code, md_table, md_text


@dataclass(frozen=True)
class ProbeResult:
    id: str
    request: str
    observed: str
    matches: tuple[str, ...] = ()

    def __post_init__(self) -> None:  # a target's text: clipped like any captured text
        object.__setattr__(self, "request", clip_text(self.request))
        object.__setattr__(self, "observed", clip_text(self.observed))
        object.__setattr__(self, "matches", tuple(self.matches))

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "request": self.request, "observed": self.observed,
                "matches": list(self.matches)}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> ProbeResult:
        return cls(d["id"], d["request"], d["observed"], tuple(d["matches"]))


@dataclass(frozen=True)
class ReadingResult:
    """One ambiguity of the source, its readings, and the readings the target's answers fit."""

    id: str
    title: str
    words: str
    primary: str
    readings: tuple[tuple[str, str], ...]  # (reading id, description)
    probes: tuple[ProbeResult, ...] = ()
    note: str | None = None
    follows: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        object.__setattr__(self, "probes", tuple(self.probes))
        if self.note is not None:
            object.__setattr__(self, "note", clip_text(self.note))
        if not self.follows and self.probes:
            object.__setattr__(self, "follows", follows(self.readings, self.probes))

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "title": self.title, "words": self.words, "primary": self.primary,
            "readings": [{"id": i, "description": d} for i, d in self.readings],
            "follows": list(self.follows), "note": self.note,
            "probes": [p.to_dict() for p in self.probes],
        }

    def add_probe(self, probe: ProbeResult) -> ReadingResult:
        """This entry with one more probe answer; ``follows`` is derived again."""
        return replace(self, probes=(*self.probes, probe), follows=())

    def with_probes(self, probes: Sequence[ProbeResult], note: str | None = None
                    ) -> ReadingResult:
        """This entry with more probe answers (a probe id already present keeps its place
        and takes the newer answer) and, if it had none, ``note``; ``follows`` is derived
        again from all the probes."""
        united = {p.id: p for p in (*self.probes, *probes)}
        return ReadingResult(self.id, self.title, self.words, self.primary, self.readings,
                             tuple(united.values()), self.note or note)

    def with_note(self, reason: str) -> ReadingResult:
        """This entry with ``reason`` (why some probes were not sent) added to its note."""
        note = reason if self.note is None else f"{self.note}; {reason}"
        return replace(self, note=note, follows=())

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> ReadingResult:
        return cls(
            d["id"], d["title"], d["words"], d["primary"],
            tuple((r["id"], r["description"]) for r in d["readings"]),
            tuple(ProbeResult.from_dict(p) for p in d["probes"]), d.get("note"),
            tuple(d["follows"]),
        )


def follows(readings: Sequence[tuple[str, str]], probes: Sequence[ProbeResult]
            ) -> tuple[str, ...]:
    """The readings that every probe's observed answer agrees with."""
    ids = [i for i, _ in readings]
    return tuple(i for i in ids if probes and all(i in p.matches for p in probes))


def merge_readings(parts: Sequence[Sequence[ReadingResult]]) -> tuple[ReadingResult, ...]:
    """The readings sections of several partial reports of one run, probes united by id."""
    merged: dict[str, ReadingResult] = {}
    for part in parts:
        for new in part:
            old = merged.get(new.id)
            merged[new.id] = new if old is None else old.with_probes(new.probes, new.note)
    return tuple(merged.values())


def _verdict(entry: Mapping[str, Any]) -> str:
    if entry["follows"]:
        return ", ".join(entry["follows"])
    if not entry["probes"]:
        return "not probed" + (f" ({entry['note']})" if entry.get("note") else "")
    return "none of the readings (the answers disagree)"


def markdown_section(report: Mapping[str, Any]) -> list[str]:
    """The "Readings of the source" section (empty when the report has none)."""
    entries = report.get("readings") or []
    if not entries:
        return []
    rows = [[md_code(e["id"], 60), md_text(e["title"], 120), md_text(_verdict(e), 160),
             md_code(e["primary"], 40)] for e in entries]
    return ["### Readings of the source", "",
            "Where the source admits more than one reading, any reading's outcome passes; "
            "this is the reading the target's answers fit (information, not a verdict).", "",
            *md_table(["ambiguity", "what", "target follows", "emulator follows"], "llll", rows),
            ""]


def html_section(report: Mapping[str, Any]) -> str:
    """The body of the HTML "Readings of the source" section ("" when there is none)."""
    entries = report.get("readings") or []
    if not entries:
        return ""
    rows = []
    for e in entries:
        probes = "<br>".join(
            f"<code>{h(p['request'])}</code> → {h(p['observed'])} "
            f"({h(', '.join(p['matches']) or 'no reading')})" for p in e["probes"])
        readings = "<br>".join(f"<b>{h(r['id'])}</b>: {h(r['description'])}"
                               for r in e["readings"])
        rows.append(f"<tr><td><code>{h(e['id'])}</code><br>{h(e['title'])}<br>"
                    f"<q lang=\"zh\">{h(e['words'])}</q></td><td>{readings}</td>"
                    f"<td><b>{h(_verdict(e))}</b></td><td>{probes}</td></tr>")
    return table(["ambiguity", "readings", "target follows", "probes"], rows)
