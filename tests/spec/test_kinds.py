"""Check kinds are one table: every table keyed by ``check.kind`` holds the same kinds (a kind
added to or missing from one of them fails, naming it), an unknown kind is a clear error rather
than a look-up, and the rules read parameter names from the spec, not from the code."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Collection
from dataclasses import dataclass, field, replace
from pathlib import Path

import pytest
import yaml

from ecs_conformance.reference import validation
from ecs_conformance.spec import SpecError, kinds, load_spec
from ecs_conformance.spec import export as spec_export
from ecs_conformance.spec.loader import SPEC_DIR, SPEC_FILES
from ecs_conformance.spec.model import Check, Rule
from ecs_conformance.spec.params import repeat_items, values_of
from ecs_conformance.spec.predicates import holds
from ecs_conformance.strategies import kinds as strategy_kinds

SPEC = load_spec()
FAKE = "made_up"
TABLE_NAMES = (kinds.SCHEMA_TABLE, kinds.KINDS_TABLE, validation.PHASES_TABLE,
               spec_export.EXPORTS_TABLE, strategy_kinds.KINDS_TABLE)


def every_table() -> dict[str, Collection[str]]:
    """The tables outside spec/kinds.py, read now (assert_in_step adds the enum and KINDS)."""
    return {
        validation.PHASES_TABLE: validation.phased_kinds(),
        spec_export.EXPORTS_TABLE: spec_export.EXPORTS,
        strategy_kinds.KINDS_TABLE: strategy_kinds.KINDS,
    }


def test_every_table_keyed_by_kind_is_in_step() -> None:
    kinds.assert_in_step(every_table())
    assert {r.check.kind for r in SPEC.rules} <= set(kinds.KINDS)
    assert set(kinds.KINDS) == kinds.schema_kinds()


Edit = Callable[[pytest.MonkeyPatch, str], None]


def _schema(mp: pytest.MonkeyPatch, change: Callable[[frozenset[str]], frozenset[str]]) -> None:
    now = kinds.schema_kinds()
    mp.setattr(kinds, "schema_kinds", lambda: change(now))


def _spec_kinds(mp: pytest.MonkeyPatch, change: Callable[[dict[str, kinds.KindDef]], None]
                ) -> None:
    table = dict(kinds.KINDS)
    change(table)
    mp.setattr(kinds, "KINDS", table)


def _phases(mp: pytest.MonkeyPatch, change: Callable[[set[str]], None]) -> None:
    first = set(validation.PHASES[1])
    change(first)
    mp.setattr(validation, "PHASES",
               (validation.PHASES[0], frozenset(first), *validation.PHASES[2:]))


def _add(table: dict[str, kinds.KindDef], kind: str, value: kinds.KindDef) -> None:
    table[kind] = value


def _drop(table: dict[str, kinds.KindDef], kind: str) -> None:
    del table[kind]


ADDERS: dict[str, Edit] = {
    kinds.SCHEMA_TABLE: lambda mp, k: _schema(mp, lambda s: s | {k}),
    kinds.KINDS_TABLE: lambda mp, k: _spec_kinds(mp, lambda t: _add(t, k, t["ascii"])),
    validation.PHASES_TABLE: lambda mp, k: _phases(mp, lambda s: s.add(k)),
    spec_export.EXPORTS_TABLE: lambda mp, k: mp.setitem(spec_export.EXPORTS, k, None),
    strategy_kinds.KINDS_TABLE:
        lambda mp, k: mp.setitem(strategy_kinds.KINDS, k, strategy_kinds.KINDS["ascii"]),
}
REMOVERS: dict[str, Edit] = {
    kinds.SCHEMA_TABLE: lambda mp, k: _schema(mp, lambda s: s - {k}),
    kinds.KINDS_TABLE: lambda mp, k: _spec_kinds(mp, lambda t: _drop(t, k)),
    validation.PHASES_TABLE: lambda mp, k: _phases(mp, lambda s: s.discard(k)),
    spec_export.EXPORTS_TABLE: lambda mp, k: mp.delitem(spec_export.EXPORTS, k),
    strategy_kinds.KINDS_TABLE: lambda mp, k: mp.delitem(strategy_kinds.KINDS, k),
}


def test_the_check_covers_five_tables() -> None:
    assert set(ADDERS) == set(REMOVERS) == set(TABLE_NAMES)


@pytest.mark.parametrize("table", TABLE_NAMES)
def test_a_kind_added_to_one_table_only_is_named(table: str,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    ADDERS[table](monkeypatch, FAKE)
    with pytest.raises(kinds.KindsOutOfStep) as caught:
        kinds.assert_in_step(every_table())
    message = str(caught.value)
    others = [t for t in TABLE_NAMES if t != table]
    assert f"check kind {FAKE!r} is in {table} but missing from {', '.join(others)}" in message
    assert message.count("\n  - ") == 1, message


@pytest.mark.parametrize("table", TABLE_NAMES)
def test_a_kind_missing_from_one_table_is_named(table: str,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    REMOVERS[table](monkeypatch, "index_range")
    with pytest.raises(kinds.KindsOutOfStep) as caught:
        kinds.assert_in_step(every_table())
    assert str(caught.value).endswith(f"check kind 'index_range' is in "
                                      f"{', '.join(t for t in TABLE_NAMES if t != table)} "
                                      f"but missing from {table}")


def test_out_of_step_names_each_kind_once() -> None:
    problems = kinds.out_of_step({"a": {"x", "y"}, "b": {"y", "z"}, "c": {"x", "y", "z"}})
    assert problems == ["check kind 'x' is in a, c but missing from b",
                        "check kind 'z' is in b, c but missing from a"]


# Each table is checked where it is defined, when its module is imported: a kind added to
# spec/kinds.py alone stops the import of the module whose table lacks it. (The emulator's
# PHASES are derived from each KindDef's phase, so they follow; their check guards a hand edit.)
@pytest.mark.parametrize(("module", "table"), [
    ("ecs_conformance.spec.export", spec_export.EXPORTS_TABLE),
    ("ecs_conformance.strategies.kinds", strategy_kinds.KINDS_TABLE),
])
def test_importing_a_table_out_of_step_fails(module: str, table: str) -> None:
    script = (
        "import sys, types\n"
        "from ecs_conformance.spec import kinds\n"
        "kinds.schema_kinds = lambda: frozenset(kinds.KINDS) | {'made_up'}\n"
        "kinds.KINDS = types.MappingProxyType({**kinds.KINDS, 'made_up': kinds.KINDS['ascii']})\n"
        f"import {module}\n"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(kinds.__file__).resolve().parents[1])}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          env=env, timeout=120, check=False)
    assert done.returncode != 0
    assert "KindsOutOfStep" in done.stderr
    assert f"check kind 'made_up' is in {kinds.SCHEMA_TABLE}, {kinds.KINDS_TABLE} but missing " \
           f"from {table}" in done.stderr, done.stderr


# --- an unknown kind is an error, never a look-up ---------------------------------------------
@dataclass
class Spy:
    """A Lookup that records every question and knows nothing."""

    asked: list[tuple[str, ...]] = field(default_factory=list)

    def region_exists(self, region_id: str) -> bool:
        self.asked.append(("region", region_id))
        return False

    def image_exists(self, image_id: str, region_id: str) -> bool:
        self.asked.append(("image", image_id, region_id))
        return False

    def kms_key_exists(self, key_id: str) -> bool:
        self.asked.append(("kms_key", key_id))
        return False


def _rule(kind: str, parameter: str = "KMSKeyId", **check: object) -> Rule:
    return Rule(f"{parameter}.{kind}", parameter, "a made-up rule", "MUST",
                Check(kind=kind, **check), None, "test")  # type: ignore[arg-type]


def test_holds_on_an_unknown_kind_is_an_error_not_a_kms_look_up() -> None:
    spy = Spy()
    with pytest.raises(kinds.UnknownKind, match=f"unknown check kind '{FAKE}' "
                                                f"\\(rule KMSKeyId.{FAKE}\\): expected one of"):
        holds(_rule(FAKE), {"KMSKeyId": "key"}, SPEC.char_classes, spy)
    assert spy.asked == []


@pytest.mark.parametrize("ask", [
    lambda rule: validation.phase_index(rule),
    lambda rule: spec_export.exporter(rule),
    lambda rule: strategy_kinds.handler(rule),
    lambda rule: strategy_kinds.breaker(rule),
], ids=["emulator phase", "export", "strategies narrowing", "strategies breaker"])
def test_every_table_refuses_an_unknown_kind(ask: Callable[[Rule], object]) -> None:
    with pytest.raises(kinds.UnknownKind, match=FAKE):
        ask(_rule(FAKE))


def test_a_kind_nothing_can_violate_has_no_breaker() -> None:
    with pytest.raises(ValueError, match="'optional' cannot be violated"):
        strategy_kinds.breaker(_rule("optional"))


def test_a_value_test_belongs_to_value_kinds_only() -> None:
    ascii_kind = kinds.KINDS["ascii"]
    with pytest.raises(ValueError, match="a value test iff the scope is value"):
        replace(ascii_kind, scope=kinds.Scope.REQUEST)
    with pytest.raises(ValueError, match="a value test iff the scope is value"):
        replace(kinds.KINDS["required"], scope=kinds.Scope.VALUE)


def test_the_emulator_phases_keep_their_order() -> None:
    assert [sorted(p) for p in validation.PHASES] == [
        ["optional", "required"],
        ["ascii", "boolean", "charset", "first_char", "forbidden_prefix",
         "forbidden_substring", "index_range", "integer_range", "length", "max_items",
         "non_empty", "one_of"],
        ["requires"],
        ["differs_from", "known_image", "known_kms_key", "known_region"],
    ]


# --- parameter names come from the rules -------------------------------------------------------
def test_known_image_looks_in_the_region_its_check_names() -> None:
    spy = Spy()
    shipped = SPEC.rule("ImageId.exists")
    assert shipped.check.within == "RegionId"
    params = {"ImageId": "m-1", "RegionId": "cn-a", "Source": "cn-b"}
    assert not holds(shipped, params, SPEC.char_classes, spy)
    assert not holds(_rule("known_image", "ImageId", within="Source"), params,
                     SPEC.char_classes, spy)
    assert spy.asked == [("image", "m-1", "cn-a"), ("image", "m-1", "cn-b")]


def test_repeat_list_rules_read_the_group_their_rule_names() -> None:
    params = {"Label.1.Name": "a", "Label.2.Name": "", "Label.30.Name": "c", "Tag.1.Key": "t"}
    assert repeat_items(params, "Label") == {1: {"Name": "a"}, 2: {"Name": ""}, 30: {"Name": "c"}}
    assert values_of(_rule("non_empty", "Label.Name"), params) == ["a", "", "c"]
    table = SPEC.char_classes
    assert not holds(_rule("non_empty", "Label.Name"), params, table)
    assert not holds(_rule("max_items", "Label", max=2), params, table)
    assert holds(_rule("max_items", "Label", max=3), params, table)
    assert not holds(_rule("index_range", "Label", min=1, max=20), params, table)
    assert holds(_rule("index_range", "Tag", min=1, max=20), params, table)


def test_known_image_without_within_is_rejected_by_the_loader(tmp_path: Path) -> None:
    for name in SPEC_FILES:
        shutil.copy(SPEC_DIR / name, tmp_path / name)
    path = tmp_path / "operation.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    rule = next(r for r in data["rules"] if r["id"] == "ImageId.exists")
    del rule["check"]["within"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(SpecError) as caught:
        load_spec(str(tmp_path))
    assert "check" in str(caught.value) and "'within'" in str(caught.value)

