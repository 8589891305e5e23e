"""spec/readings.yaml: loaded, cross-checked with clear errors, and honoured by the strategies
(no grey value in a valid base or a violation)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings

from ecs_conformance.spec import SpecError, load_profile, load_spec
from ecs_conformance.spec.predicates import values_of
from ecs_conformance.strategies import violation
from tests.spec.test_loader import Mutation, _copy_spec, _mutate

SPEC = load_spec()
PROFILE = load_profile(None)


def _entry(data: dict, reading_id: str) -> dict:
    return next(r for r in data["readings"] if r["id"] == reading_id)


CASES: list[tuple[str, Mutation, str, str]] = [
    ("primary not among the readings",
     lambda d: _entry(d, "reading.cjk-range").update(primary="narrow"),
     "$.readings[0].primary", "expected one of"),
    ("unknown requirement",
     lambda d: _entry(d, "reading.cjk-range")["rules"].append("Name.first-char"),
     "$.readings[0].rules[2]", "expected a requirement ID"),
    ("probe without an outcome for a reading",
     lambda d: _entry(d, "reading.cjk-range")["probes"][0]["expect"].pop("core"),
     "$.readings[0].probes[0].expect", "minProperties"),
    ("probe naming an unknown reading",
     lambda d: _entry(d, "reading.cjk-range")["probes"][0]["expect"].update(other="accepted"),
     "$.readings[0].probes[0].expect", "expected an outcome for each reading"),
    ("probe naming an unknown row",
     lambda d: _entry(d, "reading.cjk-range")["probes"][0]["expect"].update(core="row:E77"),
     "$.readings[0].probes[0].expect.core", "expected an error row ID"),
    ("outcome outside the vocabulary",
     lambda d: _entry(d, "reading.cjk-range")["probes"][0]["expect"].update(core="refused"),
     "$.readings[0].probes[0].expect.core", "pattern"),
    ("grey characters for an unknown parameter",
     lambda d: _entry(d, "reading.cjk-range")["grey"].update(parameters=["ImageName"]),
     "$.readings[0].grey.parameters[0]", "expected a declared parameter"),
    ("reversed character range",
     lambda d: _entry(d, "reading.cjk-range")["grey"]["chars"].append([0x4DBF, 0x3400]),
     "$.readings[0].grey.chars[4]", "expected low <= high"),
    ("entry without the source's words",
     lambda d: _entry(d, "reading.cjk-range").pop("words"), "$.readings[0]", "'words'"),
]


@pytest.mark.parametrize(("title", "change", "path", "expected"), CASES,
                         ids=[c[0] for c in CASES])
def test_broken_readings_are_rejected_with_a_clear_error(
        tmp_path: Path, title: str, change: Mutation, path: str, expected: str) -> None:
    directory = _copy_spec(tmp_path)
    _mutate(directory, "readings.yaml", change)
    with pytest.raises(SpecError) as info:
        load_spec(str(directory))
    assert str(directory / "readings.yaml") in str(info.value)
    assert any(path in p.path and expected in p.message for p in info.value.problems), \
        str(info.value)


def test_the_shipped_readings_cover_the_known_ambiguities() -> None:
    ids = {r.id for r in SPEC.readings}
    assert {"reading.cjk-range", "reading.length-units", "reading.copying-image",
            "reading.unlisted-parameters", "reading.empty-optional", "reading.url-position",
            "reading.copy-queue"} <= ids
    for entry in SPEC.readings:
        assert entry.primary in {o.id for o in entry.options}
        assert entry.probes and all(len(p.expect) == len(entry.options) for p in entry.probes)


def test_no_must_rule_on_parameters_the_source_does_not_list() -> None:
    unlisted = {p.name for p in SPEC.parameters if not p.in_source}
    assert unlisted == {"DryRun", "ClientToken", "EncryptAlgorithm"}
    assert [r.id for r in SPEC.rules if r.parameter in unlisted and r.level == "MUST"] == []
    assert SPEC.level("state.dry-run") == "SHOULD"


URL_RULES = [r for r in SPEC.rules if SPEC.grey_mid_substring(r.id)]


@pytest.mark.parametrize("rule", URL_RULES, ids=lambda r: r.id)
def test_url_violations_put_the_url_at_the_start(rule: object) -> None:
    """Only a URL at the start is refused under every reading (reading.url-position)."""
    assert URL_RULES

    @settings(max_examples=40, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(violation(SPEC, PROFILE, rule))  # type: ignore[arg-type]
    def check(labelled: object) -> None:
        values = values_of(rule, labelled.params)  # type: ignore[arg-type, attr-defined]
        assert any(v.startswith(s) for v in values for s in rule.check.substrings)  # type: ignore[attr-defined]

    check()


@pytest.mark.parametrize("rule", [r for r in SPEC.rules if r.reject is not None],
                         ids=lambda r: r.id)
def test_violations_carry_no_grey_character(rule: object) -> None:
    names = [n for n in ("DestinationImageName", "DestinationDescription") if SPEC.grey_chars(n)]

    @settings(max_examples=40, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(violation(SPEC, PROFILE, rule))  # type: ignore[arg-type]
    def check(labelled: object) -> None:
        params = labelled.params  # type: ignore[attr-defined]
        for name in names:
            grey = SPEC.grey_chars(name)
            value = params.get(name, "")
            assert not any(lo <= ord(c) <= hi for c in value for lo, hi in grey), (name, value)

    check()


def test_no_must_requirement_admits_it_is_not_in_the_source() -> None:
    """Levels trace to the source: what the spec itself says has no source sentence behind it
    is at most SHOULD."""
    must = [r for r in SPEC.requirements() if r.level == "MUST"]
    assert [r.id for r in must if "not in the source" in r.source] == []


def test_spec_validate_cross_checks_a_readings_file(tmp_path: Path) -> None:
    from ecs_conformance.spec.validate import validate_file

    bad = tmp_path / "readings.yaml"
    bad.write_text((Path(__file__).resolve().parents[2] / "spec" / "readings.yaml")
                   .read_text(encoding="utf-8").replace("primary: wide", "primary: narrow"),
                   encoding="utf-8")
    problems = validate_file(bad)
    assert [(p.path, p.file) for p in problems] == [("$.readings[0].primary", str(bad))]
