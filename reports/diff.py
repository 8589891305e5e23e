"""Compare two reports: what broke, what was fixed, what is still broken, what came and went.

Categories are computed over requirement ids:

* ``newly_failing``: in both, failed now, not failed before;
* ``fixed``: in both, failed before, passed now;
* ``still_failing``: in both, failed in both;
* ``added`` / ``removed``: in only the new / only the old report (whatever their status).

Any other change of status among shared ids (e.g. failed → errored) is in ``changed``.

The verdicts (reports.verdict) are compared too: a run whose verdict got worse (conforms →
inconclusive, conforms → fails, inconclusive → fails) has regressed even when no shared
requirement newly fails, and a new run that is inconclusive never reads "no regression".
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .headline import NEUTRAL_SUBJECT, common_subject
from .md_util import md_code, md_text
from .scoring import Summary, report_summary
from .verdict import VERDICT_RANK
from .vocab import STATUS_ICON, STATUS_LABEL


@dataclass(frozen=True)
class StatusChange:
    id: str
    old: str
    new: str


@dataclass(frozen=True)
class Diff:
    newly_failing: tuple[str, ...] = ()
    fixed: tuple[str, ...] = ()
    still_failing: tuple[str, ...] = ()
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    changed: tuple[StatusChange, ...] = ()
    old_status: Mapping[str, str] = field(default_factory=dict)
    new_status: Mapping[str, str] = field(default_factory=dict)
    levels: Mapping[str, str] = field(default_factory=dict)
    titles: Mapping[str, str] = field(default_factory=dict)
    old_summary: Summary = field(default_factory=Summary)
    new_summary: Summary = field(default_factory=Summary)
    subject: str = NEUTRAL_SUBJECT  # the headline's, of both reports (reports.headline)

    @property
    def old_verdict(self) -> str:
        return self.old_summary.verdict

    @property
    def new_verdict(self) -> str:
        return self.new_summary.verdict

    @property
    def verdict_worse(self) -> bool:
        return VERDICT_RANK[self.new_verdict] > VERDICT_RANK[self.old_verdict]

    @property
    def regressed(self) -> bool:
        """True when a requirement present in both runs fails now and did not before, or
        when the verdict got worse (e.g. conforms → inconclusive)."""
        return bool(self.newly_failing) or self.verdict_worse

    @property
    def inconclusive(self) -> bool:
        """True when the new run is inconclusive: it cannot show that nothing regressed."""
        return self.new_verdict == "inconclusive"


def _index(report: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    return {r["id"]: r for r in report["requirements"]}


def edition_of(report: Mapping[str, Any]) -> tuple[str, str]:
    """(name, digest) of the contract edition a report was judged against; a report from
    before editions was judged against seed, whose digest is its spec digest."""
    edition = report.get("edition") or {"name": "seed", "digest": report["spec"]["digest"]}
    return str(edition["name"]), str(edition["digest"])


def edition_mismatch(old: Mapping[str, Any], new: Mapping[str, Any]) -> str | None:
    """Why two reports' verdicts are not comparable (other editions or digests), or None."""
    (old_name, old_digest), (new_name, new_digest) = edition_of(old), edition_of(new)
    if (old_name, old_digest) == (new_name, new_digest):
        return None
    return (f"the runs were judged against different contract editions: {old_name} "
            f"{old_digest[:19]}… and {new_name} {new_digest[:19]}…")


def diff_reports(old: Mapping[str, Any], new: Mapping[str, Any]) -> Diff:
    """Compare two report dicts (``old`` the baseline, ``new`` the current run)."""
    before, after = _index(old), _index(new)
    shared = [rid for rid in after if rid in before]
    old_status = {rid: r["status"] for rid, r in before.items()}
    new_status = {rid: r["status"] for rid, r in after.items()}

    def pick(test: Callable[[str, str], bool]) -> tuple[str, ...]:
        return tuple(rid for rid in shared if test(old_status[rid], new_status[rid]))

    merged = {**before, **after}
    return Diff(
        newly_failing=pick(lambda was, now: was != "failed" and now == "failed"),
        fixed=pick(lambda was, now: was == "failed" and now == "passed"),
        still_failing=pick(lambda was, now: was == now == "failed"),
        added=tuple(rid for rid in after if rid not in before),
        removed=tuple(rid for rid in before if rid not in after),
        changed=tuple(StatusChange(rid, old_status[rid], new_status[rid])
                      for rid in shared if old_status[rid] != new_status[rid]),
        old_status=old_status, new_status=new_status,
        levels={rid: r["level"] for rid, r in merged.items()},
        titles={rid: r["title"] for rid, r in merged.items()},
        old_summary=report_summary(old),
        new_summary=report_summary(new),
        subject=common_subject([old, new]),
    )


def _item(diff: Diff, rid: str, note: str) -> str:
    return (f"- {md_code(rid, 80)} ({diff.levels.get(rid, '?')}) "
            f"{md_text(diff.titles.get(rid, ''), 120)}{note}")


def _move(diff: Diff, rid: str) -> str:
    old, new = diff.old_status.get(rid), diff.new_status.get(rid)
    if old is None or new is None:
        status = new or old or "?"
        return f" — {STATUS_ICON.get(status, '')} {STATUS_LABEL.get(status, status)}"
    return f" — {STATUS_LABEL[old]} → {STATUS_LABEL[new]}"


def render_diff(diff: Diff) -> str:
    """The diff as Markdown, worst news first."""
    o, n = diff.old_summary, diff.new_summary
    if diff.regressed:
        headline = "❌ Regressions"
    elif diff.inconclusive:
        headline = "⚠️ Inconclusive: the new run cannot show that nothing regressed"
    else:
        headline = "✅ No regression"
    verdicts = f"Verdict **{o.verdict}** → **{n.verdict}**"
    if diff.verdict_worse:
        verdicts += " (worse)"
    lines = [
        f"## {md_text(diff.subject)}: {headline}", "", verdicts, "",
        f"Failed {o.failed} → {n.failed} (MUST {o.must_failed} → {n.must_failed}, "
        f"SHOULD {o.should_failed} → {n.should_failed}) · passed {o.passed} → {n.passed} · "
        f"errored {o.errored} → {n.errored} · not assessed {o.not_assessed} → "
        f"{n.not_assessed}", "",
    ]
    listed = set(diff.newly_failing) | set(diff.fixed)
    others = tuple(c.id for c in diff.changed if c.id not in listed)
    sections = [
        ("❌ Newly failing", diff.newly_failing, True),
        ("✅ Fixed", diff.fixed, True),
        ("➕ Added", diff.added, True),
        ("➖ Removed", diff.removed, True),
        ("🔀 Other status changes", others, True),
        ("🔁 Still failing", diff.still_failing, False),
    ]
    for title, ids, open_ in sections:
        if not ids:
            continue
        items = [_item(diff, rid, _move(diff, rid) if open_ else "") for rid in ids]
        if open_:
            lines += [f"### {title} ({len(ids)})", "", *items, ""]
        else:
            lines += ["<details>", f"<summary>{title} ({len(ids)})</summary>", "",
                      *items, "", "</details>", ""]
    if not (diff.changed or diff.added or diff.removed):
        lines += ["No requirement changed its outcome.", ""]
    return "\n".join(lines)
