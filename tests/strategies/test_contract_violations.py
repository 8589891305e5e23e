"""The violation strategies for any operation: every rule of every companion contract, of any
kind, is broken on the contract's baseline by its kind's breaker, and exactly that rule (plus
its declared also_breaks) is broken."""

from __future__ import annotations

import re
import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as hs

from ecs_conformance.spec import load_profile, load_spec
from ecs_conformance.spec.kinds import KINDS as SPEC_KINDS
from ecs_conformance.spec.loader import SPEC_DIR
from ecs_conformance.spec.model import Contract, Rule, Spec
from ecs_conformance.strategies import LabelledRequest, contract_violation
from ecs_conformance.strategies.book import ContractBook, book_of
from ecs_conformance.suites.contract_checks import contract_recheck
from ecs_conformance.suites.labels import LabelError

SPEC, PROFILE = load_spec(), load_profile()
FAST = settings(derandomize=True, database=None, deadline=None, max_examples=25,
                suppress_health_check=list(HealthCheck))
PLACEHOLDER = re.compile(r"\$\{([a-z_]+\.[a-z_]+)\}")
RULES = [(c, r) for c in SPEC.companions for r in c.rules if r.reject is not None]


def _baseline(contract: Contract) -> dict[str, str]:
    return {name: PLACEHOLDER.sub(lambda m: PROFILE.role(m.group(1)) or "", value)
            for name, value in contract.baseline}


def test_the_companions_hold_rules_of_kinds_beyond_the_old_fixed_examples() -> None:
    """Not vacuous: the companions' rules span request, value-list and range kinds."""
    kinds = {r.check.kind for _, r in RULES}
    assert {"integer_range", "one_of", "max_items", "index_range"} <= kinds, kinds


@pytest.mark.parametrize(("contract", "rule"), RULES, ids=[r.id for _, r in RULES])
def test_each_companion_rule_is_broken_alone(contract: Contract, rule: Rule) -> None:
    base = _baseline(contract)
    contract_recheck(contract, PROFILE, LabelledRequest(base, ()))  # the baseline breaks none

    @FAST
    @given(contract_violation(SPEC, PROFILE, contract, rule, base))
    def check(labelled: LabelledRequest) -> None:
        (main,) = labelled.violations
        assert main.requirement == rule.id and main.rejection == rule.reject
        contract_recheck(contract, PROFILE, labelled)

    check()


def test_a_mislabelled_request_is_refused_by_the_recheck() -> None:
    contract = SPEC.contract("DescribeImages")
    rule = contract.rule("DescribeImages.PageSize.range")
    labelled = next(iter(_examples(contract_violation(SPEC, PROFILE, contract, rule,
                                                      _baseline(contract)))))
    with pytest.raises(LabelError, match=r"PageSize\.range"):
        contract_recheck(contract, PROFILE, LabelledRequest(labelled.params, ()))


def _examples(strategy: hs.SearchStrategy[LabelledRequest]) -> list[LabelledRequest]:
    out: list[LabelledRequest] = []

    @FAST
    @given(strategy)
    def collect(labelled: LabelledRequest) -> None:
        out.append(labelled)

    collect()
    return out


@pytest.mark.parametrize("rule_id", ["DescribeImages.PageSize.range",
                                     "DescribeImages.OSType.values"])
def test_breaks_reach_both_sides_and_no_case_variant(rule_id: str) -> None:
    """A range is left on both sides; a value list never by a documented value in another
    case (whether a target compares case is not what the rule says)."""
    contract = SPEC.contract("DescribeImages")
    rule = contract.rule(rule_id)
    values = [ex.params[rule.parameter] for ex in
              _examples(contract_violation(SPEC, PROFILE, contract, rule, _baseline(contract)))]
    assert values
    if rule.check.kind == "integer_range":
        assert any(int(v) < (rule.check.min or 0) for v in values)
        assert any(int(v) > (rule.check.max or 0) for v in values)
    else:
        documented = {v.lower() for v in rule.check.values}
        assert not {v.lower() for v in values} & documented


def test_the_primary_operation_is_its_own_book() -> None:
    primary = SPEC.contracts()[0]
    assert book_of(SPEC, primary) is SPEC
    companion = book_of(SPEC, SPEC.contract("DescribeImages"))
    assert isinstance(companion, ContractBook) and companion.grey_chars("ImageId") == ()


@pytest.mark.parametrize("kind", ["integer_range", "one_of"])
def test_the_new_kinds_judge_only_a_given_value(kind: str) -> None:
    contract = SPEC.contract("DescribeImages")
    rule = next(r for r in contract.rules if r.check.kind == kind)
    evaluate = SPEC_KINDS[kind].evaluate
    table = contract.char_classes
    assert evaluate(rule, {}, table, None)  # absent: nothing to judge
    assert evaluate(rule, {rule.parameter: ""}, table, None)  # empty: the spelling of absent
    assert not evaluate(rule, {rule.parameter: "12x"}, table, None)
    if kind == "integer_range":
        assert evaluate(rule, {rule.parameter: str(rule.check.min)}, table, None)
        for bad in ("1e2", "--5", "\u0665", " 5"):
            assert not evaluate(rule, {rule.parameter: bad}, table, None), bad
    else:
        assert evaluate(rule, {rule.parameter: rule.check.values[0]}, table, None)
        assert not evaluate(rule, {rule.parameter: rule.check.values[0].upper()}, table, None)


# --- any kind, any operation: a made-up companion with value kinds and a second repeat list --
MADE_UP = """\
# A made-up operation (tests/strategies/test_contract_violations.py): not an Alibaba Cloud API.
kind: companion
operation:
  product: Ecs
  version: "2014-05-26"
  action: LabelImage
  style: RPC
  methods: [POST]
  path: /
  schemes: [https]
  endpoints: {central: ecs.aliyuncs.com, regional: "ecs.{region_id}.aliyuncs.com"}
  source: test fixture
parameters:
  - {name: RegionId, type: String, required: true, example: cn-hangzhou, in_source: true,
     location: query, description: Region., source: test fixture}
  - {name: Label, type: String, required: false, example: ab, in_source: true,
     location: query, description: A label., source: test fixture}
  - {name: Note, type: String, required: false, example: n, in_source: true,
     location: query, description: A note., source: test fixture}
  - name: Mark
    type: RepeatList
    required: false
    in_source: true
    location: query
    description: Marks.
    source: test fixture
    repeat:
      min_index: 1
      max_index: 3
      max_items: 3
      fields:
        - {name: Name, type: String, description: The mark's name.}
        - {name: Weight, type: String, description: Its weight.}
baseline:
  params: {RegionId: "${regions.source}"}
  answer: success
  source: test fixture
rules:
  - {id: LabelImage.Label.length, parameter: Label, title: Label is 2 to 32 characters,
     level: MUST, check: {kind: length, min: 2, max: 32},
     reject: {status_class: 4xx, codes_seen: [InvalidParameter]}, source: test fixture}
  - {id: LabelImage.Label.first, parameter: Label, title: Label starts with a letter,
     level: MUST, check: {kind: first_char, classes: [ascii_letter]},
     reject: {status_class: 4xx, codes_seen: [InvalidParameter]}, source: test fixture}
  - {id: LabelImage.Label.charset, parameter: Label, title: Label has letters and digits,
     level: MUST, check: {kind: charset, classes: [ascii_letter, digit], chars: "-:"},
     reject: {status_class: 4xx, codes_seen: [InvalidParameter]}, source: test fixture}
  - {id: LabelImage.Label.prefix, parameter: Label, title: Label does not start with acs,
     level: MUST, check: {kind: forbidden_prefix, prefixes: ["acs:"]},
     reject: {status_class: 4xx, codes_seen: [InvalidParameter]}, source: test fixture}
  - {id: LabelImage.Label.dashes, parameter: Label, title: Label holds no double dash,
     level: MUST, check: {kind: forbidden_substring, substrings: ["--"]},
     reject: {status_class: 4xx, codes_seen: [InvalidParameter]}, source: test fixture}
  - {id: LabelImage.Note.ascii, parameter: Note, title: Note is ASCII,
     level: SHOULD, check: {kind: ascii},
     reject: {status_class: 4xx, codes_seen: [InvalidParameter]}, source: test fixture}
  - {id: LabelImage.Note.non-empty, parameter: Note, title: Note is not empty,
     level: SHOULD, check: {kind: non_empty},
     reject: {status_class: 4xx, codes_seen: [InvalidParameter]}, source: test fixture}
  - {id: LabelImage.Mark.count, parameter: Mark, title: At most 3 marks,
     level: MUST, check: {kind: max_items, max: 3},
     reject: {status_class: 4xx, codes_seen: [InvalidParameter]}, source: test fixture}
  - {id: LabelImage.Mark.index, parameter: Mark, title: Mark indices are 1 to 3,
     level: MUST, check: {kind: index_range, min: 1, max: 3},
     reject: {status_class: 4xx, codes_seen: [InvalidParameter]}, source: test fixture}
  - {id: LabelImage.Mark.Name.values, parameter: Mark.Name, title: A mark is red or blue,
     level: MUST, check: {kind: one_of, values: [red, blue]},
     reject: {status_class: 4xx, codes_seen: [InvalidParameter]}, source: test fixture}
rows: []
responses:
  - {id: success-json, status_class: 2xx, format: json,
     content_type: application/json;charset=utf-8, source: test fixture,
     schema: {type: object, required: [RequestId], properties: {RequestId: {type: string}}}}
  - {id: success-xml, status_class: 2xx, format: xml, root: LabelImageResponse,
     content_type: text/xml;charset=utf-8, source: test fixture,
     schema: {type: object, required: [RequestId], properties: {RequestId: {type: string}}}}
"""


@pytest.fixture(scope="module")
def made_up(tmp_path_factory: pytest.TempPathFactory) -> tuple[Spec, Contract]:
    spec_dir = tmp_path_factory.mktemp("made-up") / "spec"
    shutil.copytree(SPEC_DIR, spec_dir,
                    ignore=shutil.ignore_patterns("*.py", "__pycache__", "schemas"))
    (spec_dir / "operations" / "LabelImage.yaml").write_text(MADE_UP, encoding="utf-8")
    spec = load_spec(str(spec_dir))
    return spec, spec.contract("LabelImage")


MADE_UP_RULES = ["length", "first", "charset", "prefix", "dashes", "ascii", "non-empty",
                 "count", "index", "values"]


@pytest.mark.parametrize("suffix", MADE_UP_RULES)
def test_a_made_up_operations_rule_of_any_kind_is_broken_alone(
        made_up: tuple[Spec, Contract], suffix: str) -> None:
    spec, contract = made_up
    rule = next(r for r in contract.rules if r.id.endswith("." + suffix))
    base = _baseline(contract)

    @FAST
    @given(contract_violation(spec, PROFILE, contract, rule, base))
    def check(labelled: LabelledRequest) -> None:
        contract_recheck(contract, PROFILE, labelled)
        assert labelled.params["RegionId"] == base["RegionId"]

    check()
