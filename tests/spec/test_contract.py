"""The spec says what the source says: every error row, every parameter, every rule's sources."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from ecs_conformance.spec import load_spec

SEED = Path(__file__).parents[1] / "data" / "seed_copyimage.zh.txt"


def seed_rows() -> list[tuple[int, str, str]]:
    table = SEED.read_text(encoding="utf-8").split("错误码\nHttpCode")[1]
    rows = []
    for line in table.splitlines():
        if re.match(r"^\d{3} \|", line):
            status, code, message = (p.strip() for p in line.split(" | ")[:3])
            rows.append((int(status), code, message))
    return rows


def test_the_seed_copy_has_31_error_rows() -> None:
    assert len(seed_rows()) == 31


def test_each_source_error_row_is_in_the_spec_exactly_once() -> None:
    spec = load_spec()
    in_spec = Counter((r.status, r.code, r.message) for r in spec.error_rows)
    assert in_spec == Counter(seed_rows())
    assert [(r.status, r.code, r.message) for r in spec.error_rows] == seed_rows()


def test_codes_listed_twice_keep_both_rows() -> None:
    spec = load_spec()
    twice = {code for code, n in Counter(r.code for r in spec.error_rows).items() if n > 1}
    assert twice == {"InvalidImageName.Malformed", "InvalidDescription.Malformed", "InternalError"}
    statuses = {r.status for r in spec.rows_for_code("InternalError")}
    assert statuses == {403, 500}


def test_documented_typos_are_kept() -> None:
    spec = load_spec()
    codes = {r.code for r in spec.error_rows}
    assert {"Forbbiden", "OperationDeined.EncryptedSnapshot"} <= codes
    assert spec.row("OperationDenied.ImageCopying").message == "The Image are coping."


def test_every_row_is_classified_and_state_rows_name_a_profile_role() -> None:
    spec = load_spec()
    for row in spec.error_rows:
        assert row.error_class in {"input", "state", "internal"}
        if row.error_class == "state":
            assert row.role and "." in row.role
        if row.error_class == "input":
            assert spec.rules_rejecting_with(row.id), row.id
    internal = {r.id for r in spec.error_rows if r.error_class == "internal"}
    assert internal == {"InvalidAliUid.IsNull", "InternalError~403", "InternalError"}


def test_source_parameters_and_metadata_additions() -> None:
    spec = load_spec()
    names = [p.name for p in spec.parameters]
    from_source = [
        f"{p.name}.N.{f.name}" for p in spec.parameters if p.in_source and p.repeat
        for f in p.repeat.fields
    ] + [p.name for p in spec.parameters if p.in_source and not p.repeat]
    seed_table = SEED.read_text(encoding="utf-8").split("请求参数")[1].split("返回数据")[0]
    seed_names = re.findall(r"^([A-Za-z.N]+) \|", seed_table, flags=re.M)
    assert sorted(from_source) == sorted(seed_names) and len(seed_names) == 11
    assert {p.name for p in spec.parameters if not p.in_source} == {
        "DryRun", "ClientToken", "EncryptAlgorithm"}
    assert {p.name for p in spec.parameters if p.required} == {"Action", "ImageId", "RegionId"}
    tag = spec.parameter("Tag")
    assert tag.repeat and (tag.repeat.min_index, tag.repeat.max_index) == (1, 20)
    assert len(names) == len(set(names))


def test_tag_rules_follow_the_documented_wording() -> None:
    spec = load_spec()
    key_len = spec.rule("Tag.Key.length").check
    value_len = spec.rule("Tag.Value.length").check
    assert (key_len.max, value_len.min, value_len.max) == (128, 0, 128)
    assert spec.rule("Tag.Key.non-empty").check.kind == "non_empty"
    assert spec.rule("Tag.Key.reserved-prefix").check.prefixes == ("aliyun", "acs:")
    assert spec.rule("Tag.Value.reserved-prefix").check.prefixes == ("acs:",)


@pytest.mark.parametrize("rule", load_spec().rules, ids=lambda r: r.id)
def test_undocumented_rejections_are_never_a_single_guessed_code(rule) -> None:
    if rule.reject is None:
        assert rule.check.kind == "optional"
        return
    if not rule.reject.documented:
        assert rule.reject.status_class == "4xx"
        assert rule.reject.codes_seen
    assert rule.source


def test_decisions_cite_both_sides() -> None:
    spec = load_spec()
    ids = {d.id for d in spec.decisions}
    assert {"decision.concurrent-copies", "decision.access-key-not-found-status",
            "decision.booleans", "decision.destination-optional"} <= ids
    assert all(len(d.sources) >= 2 for d in spec.decisions)


def test_gateway_requirements_have_levels_and_statuses() -> None:
    spec = load_spec()
    gateway = {r.id: r for r in spec.protocol_requirements if r.category == "gateway"}
    for needed in ("signature-mismatch", "unknown-access-key", "nonce-reused",
                   "timestamp-expired", "unknown-action", "unknown-version",
                   "unsupported-method", "throttling"):
        req = gateway[f"gateway.{needed}"]
        assert req.expect is not None
    assert gateway["gateway.unknown-access-key"].expect.statuses == (400, 404)


def test_requirement_ids_are_unique() -> None:
    ids = [r.id for r in load_spec().requirements()]
    assert len(ids) == len(set(ids))
