"""Contract editions: the seed is unchanged, `current` is the seed plus a checked overlay."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

from ecs_conformance.spec import editions
from ecs_conformance.spec.editions_page import PAGE
from ecs_conformance.spec.editions_page import main as page_main
from ecs_conformance.spec.loader import load_spec, overlay_problems
from ecs_conformance.suites.cli import main as cli_main

# A copy of ../shared/sources/copyimage-error-codes-2025.tsv, kept in the repository so the
# test needs nothing outside it; where shared/ sits beside the checkout the copy is compared.
TSV = Path(__file__).resolve().parents[1] / "data" / "copyimage-error-codes-2025.tsv"
SHARED_TSV = (Path(__file__).resolve().parents[3] / "shared" / "sources"
              / "copyimage-error-codes-2025.tsv")


def _tsv() -> set[tuple[int, str, str]]:
    with TSV.open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle, delimiter="\t"))[1:]
    return {(int(status), code, message) for status, code, message, _ in rows}


def test_default_edition_is_the_seed() -> None:
    spec = load_spec()
    assert spec.edition.name == "seed"
    assert len(spec.error_rows) == 31
    assert spec.row("SourceRegion.NotFound").message == "The source region not found"


def test_current_edition_rows_come_from_the_sources_byte_for_byte() -> None:
    seed, current = load_spec(edition="seed"), load_spec(edition="current")
    assert current.digest != seed.digest
    listed = _tsv()
    seed_keys = {(r.status, r.code) for r in seed.error_rows}
    added = [r for r in current.error_rows if r.id not in {s.id for s in seed.error_rows}]
    assert {r.code for r in added} == {c for s, c, _ in listed if
                                       c not in {code for _, code in seed_keys}}
    for row in added:
        assert (row.status, row.code, row.message) in listed, row
    assert current.row("SourceRegion.NotFound").message == "The source region not found."
    assert current.row("DestinationRegion.NotFound").message == "The destination region not found."
    with pytest.raises(KeyError):
        current.row("InternalError~403")  # 403 InternalError is retired
    assert current.row("InternalError").status == 500
    conflict = "OperationDenied.ImageCopyConflict"
    assert current.row(conflict).code == conflict
    assert current.parameter("Encrypted").default is None
    assert seed.parameter("Encrypted").default == "false"
    assert {r.code for r in current.rule("KMSKeyId.requires-encrypted").reject.rows} == {
        "InvalidParameter.EncryptedIllegal", "InvalidEncrypted.NotMatchKmsKeyId"}


def test_every_requirement_says_in_which_editions_it_holds() -> None:
    current = load_spec(edition="current")
    seed = load_spec(edition="seed")
    assert current.requirement("error.SourceRegion.NotFound").editions == ("seed", "current")
    assert current.requirement("error.OperationDenied.ImageCopyConflict").editions == (
        "current",)
    assert current.requirement("state.same-image-conflict").editions == ("current",)
    assert seed.requirement("error.InternalError~403").editions == ("seed",)


def test_every_change_cites_a_source() -> None:
    overlay, problems = editions.read_overlay(editions.overlay_path("current"))
    assert overlay is not None, problems
    for change in overlay["changes"]:
        assert change["source"].startswith(("../shared/sources/", "facts §")), change


def _write(tmp_path: Path, changes: str) -> Path:
    path = tmp_path / "broken.yaml"
    path.write_text("kind: edition\nname: broken\ntitle: a broken overlay\nbased_on: seed\n"
                    "sources: [facts §9.3]\nchanges:\n" + changes, encoding="utf-8")
    return path


def test_an_overlay_changing_a_missing_row_is_named(tmp_path: Path) -> None:
    path = _write(tmp_path, "  - {action: change, file: errors.yaml, section: rows, key: E99, "
                            "set: {message: x}, source: facts §9.3}\n")
    (problem,) = overlay_problems(path)
    assert problem.file == str(path) and problem.path == "$.changes[0].key"
    assert "expected an existing id of errors.yaml rows, got 'E99'" in problem.message


def test_an_overlay_that_breaks_a_reference_is_named(tmp_path: Path) -> None:
    path = _write(tmp_path,
                  "  - {action: retire, file: errors.yaml, section: rows, "
                  "key: InvalidParameter.EncryptedIllegal, source: facts §9.3}\n")
    (problem,) = overlay_problems(path)
    assert "operation.yaml (edition broken, " in problem.file
    assert problem.path.endswith(".reject.rows")
    assert "'InvalidParameter.EncryptedIllegal'" in problem.message


def test_an_overlay_without_a_source_is_refused(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path,
                  "  - {action: retire, file: errors.yaml, section: rows, "
                  "key: InvalidDescription.Malformed}\n")
    assert cli_main(["spec", "validate", str(path)]) == 2
    out = capsys.readouterr().out
    assert "$.changes[0]" in out and "source" in out


def test_validate_accepts_the_shipped_overlay(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main(["spec", "validate", str(editions.overlay_path("current"))]) == 0
    assert "valid" in capsys.readouterr().out


def test_export_takes_the_edition(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main(["spec", "export", "--edition", "current"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["edition"] == "current"
    assert doc["digest"] == load_spec(edition="current").digest
    assert len(doc["errors"]["rows"]) == len(load_spec(edition="current").error_rows)


def test_editions_page_is_up_to_date() -> None:
    assert page_main(["--check"]) == 0, "run python -m ecs_conformance.spec.editions_page"


@pytest.mark.parametrize(("got", "documented", "ok"), [
    ("The source region not found.", "The source region not found.", True),
    ("The source region not found", "The source region not found.", False),
    ("The number of images exceeds the limit (100).",
     "The number of images exceeds the limit (%s).", True),
    ("The number of images exceeds the limit (%s).",
     "The number of images exceeds the limit (%s).", True),
    ("The number of images exceeds the limit 100.",
     "The number of images exceeds the limit (%s).", False),
    (None, "The image not available.", False),
])
def test_a_documented_placeholder_stands_for_the_filled_in_value(got: object, documented: str,
                                                                 ok: bool) -> None:
    from ecs_conformance.suites.checks import message_matches

    assert message_matches(got, documented) is ok


@pytest.mark.skipif(not SHARED_TSV.exists(), reason="shared/ is not beside this checkout")
def test_the_tsv_copy_matches_the_shared_source() -> None:
    assert TSV.read_bytes() == SHARED_TSV.read_bytes()


SHARED_ZH = SHARED_TSV.parent / "ecs-image-apis.zh_cn.json"
CJK = re.compile("[\u3400-\u9fff]")


def _tsv_rows() -> tuple[list[tuple[int, str, str]], list[tuple[int, str, str]]]:
    """The TSV's metadata rows (in_seed_exact True/False) and its EN doc page rows."""
    with TSV.open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle, delimiter="\t"))[1:]
    meta = [(int(s), c, m) for s, c, m, where in rows if where in ("True", "False")]
    page = [(int(s), c, m) for s, c, m, where in rows if where not in ("True", "False")]
    return meta, page


def test_new_code_counts_reconcile_the_sources_21_with_the_issues_23() -> None:
    """Issue #14 says 23 codes are new; the sources give 21 by code and by (status, code).
    23 is the overlay's rows added (21) plus retired (seed rows 6 and 22), not a code count:
    the reconciliation in current.yaml's header and notes, and in docs/editions.md."""
    seed, current = load_spec(edition="seed"), load_spec(edition="current")
    meta, page = _tsv_rows()
    assert (len(meta), len(page)) == (49, 3)
    seed_codes = {r.code for r in seed.error_rows}
    seed_pairs = {(r.status, r.code) for r in seed.error_rows}
    seed_rows = {(r.status, r.code, r.message) for r in seed.error_rows}
    for listed in (meta, meta + page):
        assert len({c for _, c, _ in listed} - seed_codes) == 21
        assert len({(s, c) for s, c, _ in listed} - seed_pairs) == 21
        assert seed_pairs - {(s, c) for s, c, _ in listed} == {(403, "InternalError")}
    assert len(set(meta) - seed_rows) == 30  # the 21 and 9 reworded seed rows
    assert len(set(meta + page) - seed_rows) == 33  # and the doc page's 3 rewordings
    added = {r.id for r in current.error_rows} - {r.id for r in seed.error_rows}
    retired = {r.id for r in seed.error_rows} - {r.id for r in current.error_rows}
    assert (len(added), retired) == (21, {"InvalidDescription.Malformed", "InternalError~403"})
    assert len(added) + len(retired) == 23  # the issue's figure
    page_text = PAGE.read_text(encoding="utf-8")
    assert ("- rows: 21 added + 2 retired (`InternalError~403`, `InvalidDescription.Malformed`) "
            "= 23.") in page_text
    assert "**21 new codes, not 23.**" in page_text


def test_added_rows_say_where_their_chinese_meaning_is_missing() -> None:
    seed, current = load_spec(edition="seed"), load_spec(edition="current")
    seed_ids = {r.id for r in seed.error_rows}
    overlay, _ = editions.read_overlay(editions.overlay_path("current"))
    assert overlay is not None
    items = {c["item"]["id"]: c["item"] for c in overlay["changes"]
             if c["action"] == "add" and c["section"] == "rows"}
    for row in current.error_rows:
        if row.id in seed_ids:
            assert row.meaning_zh, row.id  # the seed page gives every seed row one
            continue
        assert row.meaning_zh is None or CJK.search(row.meaning_zh), row.id
        if row.meaning_zh is None:
            assert "none in the sources" in items[row.id]["meaning_zh_note"], row.id


@pytest.mark.skipif(not SHARED_ZH.exists(), reason="shared/ is not beside this checkout")
def test_the_zh_metadata_has_no_chinese_meaning_for_the_added_rows() -> None:
    """Were one there, meaning_zh would have to carry it byte for byte instead of null."""
    raw = SHARED_ZH.read_text(encoding="utf-8")
    listed = json.loads(raw)["apis"]["CopyImage"]["errorCodes"]
    entries = {e["errorCode"]: e for status in listed.values() for e in status}
    seed_ids = {r.id for r in load_spec(edition="seed").error_rows}
    added = [r for r in load_spec(edition="current").error_rows if r.id not in seed_ids]
    assert len(added) == 21
    for row in added:
        entry = entries[row.code]
        assert set(entry) == {"errorCode", "errorMessage"}, entry
        assert not CJK.search(entry["errorMessage"]), entry
        assert raw.count(row.code) == 1, row.code  # mentioned nowhere else in the file
        if row.meaning_zh is None:
            continue
        assert row.meaning_zh in raw  # a filled one is the source's text, byte for byte
