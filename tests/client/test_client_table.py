"""The README's SDK compliance table is generated from the committed reports, never typed."""

from __future__ import annotations

from pathlib import Path

import pytest

from ecs_conformance.reports import read_report
from ecs_conformance.suites.cli import main
from ecs_conformance.suites.clientkit import replace_block, sdk_table

ROOT = Path(__file__).parents[2]
REPORTS = sorted((ROOT / "docs" / "sdk-reports").glob("*.json"))


def test_committed_reports_cover_the_three_sdks() -> None:
    names = {read_report(p)["target"]["name"].split()[0] for p in REPORTS}
    assert names == {"alibabacloud-ecs20140526", "aliyun-python-sdk-ecs", "@alicloud/ecs20140526"}


def test_readme_block_equals_the_generated_table() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = sdk_table(read_report(p) for p in REPORTS)
    assert replace_block(readme, table) == readme, (
        "README's sdk-table block is stale: run ecs-conformance client-table "
        "docs/sdk-reports/*.json --readme README.md")


def test_the_table_shows_each_adapters_parameter_coverage() -> None:
    table = sdk_table(read_report(p) for p in REPORTS)
    rows = [line for line in table.splitlines() if line.startswith("| ") and "**" in line]
    assert len(rows) == 3 and all("| sends 12 of 12 |" in row for row in rows)
    partial = read_report(REPORTS[0])
    partial["target"]["coverage"] = {"parameters": ["ImageId", "RegionId", "Tag"], "of": 12,
                                     "declared": True, "defaults": {}}
    assert "| sends 3 of 12 |" in sdk_table([partial])


def test_each_failure_is_explained_by_its_evidence() -> None:
    table = sdk_table(read_report(p) for p in REPORTS)
    assert "SHOULD `client.wire.boolean-canonical`" in table
    assert "received Encrypted='True'" in table


def test_table_command_prints_and_checks(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                         ) -> None:
    assert main(["client-table", *map(str, REPORTS)]) == 0
    assert capsys.readouterr().out.startswith("| SDK (adapter) |")
    stale = tmp_path / "README.md"
    stale.write_text("x\n<!-- sdk-table:start -->\nold\n<!-- sdk-table:end -->\n", "utf-8")
    assert main(["client-table", *map(str, REPORTS), "--readme", str(stale), "--check"]) == 1
    assert main(["client-table", *map(str, REPORTS), "--readme", str(stale)]) == 0
    assert "old" not in stale.read_text("utf-8")
