"""The independent-reading test (issue 11, "Done when"): a server that follows the *other*
reading of every grey zone of the source (tests/other_reading.py) ends with no MUST failure,
and the report's readings section says which reading each target follows."""

from __future__ import annotations

from pathlib import Path

from ecs_conformance.spec import load_spec
from tests.suites.conftest import failed_ids, run_suite

SPEC = load_spec()
PROFILE = str(Path(__file__).resolve().parents[2] / "spec" / "profiles" / "default.yaml")
# The other-reading server keeps the emulator's copy queue (per destination region): every copy
# the suite makes shares both regions, so the readings agree there (tests/other_reading.py).
SAME_AS_PRIMARY = {"reading.copy-queue"}


def _followed(report: dict) -> dict[str, list[str]]:
    return {entry["id"]: entry["follows"] for entry in report["readings"]}


def test_a_server_following_the_other_readings_has_no_must_failure(tmp_path: Path) -> None:
    code, report = run_suite(tmp_path, "server", "--app", "tests.other_reading:APP",
                             "--profile", PROFILE, "--seed", "0")
    assert report is not None
    assert failed_ids(report, "MUST") == set(), [
        (r["id"], r["evidence"][:1]) for r in report["requirements"]
        if r["status"] == "failed" and r["level"] == "MUST"]
    assert report["summary"]["errored"] == 0
    assert code == 0
    followed = _followed(report)
    for entry in SPEC.readings:
        others = [o.id for o in entry.options if o.id != entry.primary]
        wanted = [entry.primary] if entry.id in SAME_AS_PRIMARY else others
        assert followed[entry.id] == wanted, (entry.id, followed[entry.id])
    # its row-10 answer to a copy of a copy in progress says nothing of row 15
    row15 = next(r for r in report["requirements"]
                 if r["id"] == "error.OperationDenied.ImageCopying")
    assert row15["status"] == "not_assessed" and "reading.copying-image" in row15["reason"]


def test_the_emulator_follows_the_primary_readings(tmp_path: Path) -> None:
    code, report = run_suite(tmp_path, "run", "--seed", "0", "--budget", "quick")
    assert report is not None and code == 0
    assert _followed(report) == {e.id: [e.primary] for e in SPEC.readings}
    markdown = (tmp_path / "report" / "report.md").read_text(encoding="utf-8")
    html = (tmp_path / "report" / "report.html").read_text(encoding="utf-8")
    assert "### Readings of the source" in markdown and "reading.cjk-range" in markdown
    assert 'id="readings"' in html and "reading.url-position" in html
