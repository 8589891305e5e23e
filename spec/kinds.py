"""The rule kinds: one record per ``check.kind`` with its meaning (``evaluate``), its scope and
the phase in which a server checks it, and the one exhaustiveness check that keeps every table
keyed by kind in step.

Tables keyed by kind live where their layer does (the JSON Schema export in spec/export.py, the
emulator's phases in reference/validation.py, the narrowing and breaking strategies in
strategies/kinds.py: the spec may not import Hypothesis). Each of them calls
:func:`assert_in_step` when imported, so a kind added to one table and not the others fails
loudly, naming the kind and the tables that lack it. An unknown kind is a :class:`UnknownKind`
error, never a default.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from enum import Enum, IntEnum
from types import MappingProxyType

from ecs_conformance.spec.model import CharClass, Check, Rule
from ecs_conformance.spec.params import Lookup, parse_bool, repeat_items, values_of
from ecs_conformance.spec.yamlio import load_schema

ValueTest = Callable[[Check, str, Mapping[str, CharClass]], bool]
Evaluate = Callable[[Rule, Mapping[str, str], Mapping[str, CharClass], Lookup | None], bool]


class Scope(Enum):
    VALUE = "value"  # each value of the parameter on its own (``test``)
    REQUEST = "request"  # the request's parameters together
    LOOKUP = "lookup"  # the target's state (needs a Lookup; holds vacuously without one)


class Phase(IntEnum):
    """The order in which a server checks rules (within a phase: spec order)."""

    PRESENCE = 1  # required parameters
    VALUE = 2  # single values, and the count and indices of a repeat list
    COMBINATION = 3  # one parameter given another
    LOOKUP = 4  # look-ups, and comparisons listed among them (seed rows 7, 8, 19, 9, 26)


@dataclass(frozen=True)
class KindDef:
    name: str
    scope: Scope
    phase: Phase
    evaluate: Evaluate  # does a request satisfy a rule of this kind?
    test: ValueTest | None = None  # value kinds: does one value satisfy it?

    def __post_init__(self) -> None:
        if (self.test is not None) != (self.scope is Scope.VALUE):
            raise ValueError(f"kind {self.name!r}: a value test iff the scope is value")


class UnknownKind(ValueError):
    """A ``check.kind`` no table knows (a rule built by hand; the loader's enum rejects it)."""

    def __init__(self, kind: str, where: str = "") -> None:
        at = f" (rule {where})" if where else ""
        super().__init__(f"unknown check kind {kind!r}{at}: expected one of "
                         f"{', '.join(sorted(KINDS))}; a new kind needs a KindDef in "
                         "spec/kinds.py and an entry in every table ARCHITECTURE.md lists")
        self.kind = kind


class KindsOutOfStep(AssertionError):
    """Tables keyed by ``check.kind`` disagree on the set of kinds."""


def in_classes(char: str, classes: tuple[str, ...], table: Mapping[str, CharClass]) -> bool:
    return any(table[name].contains(char) for name in classes)


# --- value tests: (check, one value, char classes) -> holds? -----------------------------------
def _length(c: Check, v: str, t: Mapping[str, CharClass]) -> bool:
    return (c.min or 0) <= len(v) <= (c.max if c.max is not None else len(v))


def _first_char(c: Check, v: str, t: Mapping[str, CharClass]) -> bool:
    return v == "" or in_classes(v[0], c.classes, t)


def _charset(c: Check, v: str, t: Mapping[str, CharClass]) -> bool:
    return all(ch in c.chars or in_classes(ch, c.classes, t) for ch in v)


def _forbidden_prefix(c: Check, v: str, t: Mapping[str, CharClass]) -> bool:
    return not any(v.startswith(p) for p in c.prefixes)


def _forbidden_substring(c: Check, v: str, t: Mapping[str, CharClass]) -> bool:
    return not any(s in v for s in c.substrings)


def _non_empty(c: Check, v: str, t: Mapping[str, CharClass]) -> bool:
    return v != ""


def _boolean(c: Check, v: str, t: Mapping[str, CharClass]) -> bool:
    return parse_bool(v) is not None


def _ascii(c: Check, v: str, t: Mapping[str, CharClass]) -> bool:
    return v.isascii()


def _each_value(test: ValueTest) -> Evaluate:
    def evaluate(rule: Rule, params: Mapping[str, str], table: Mapping[str, CharClass],
                 lookup: Lookup | None) -> bool:
        return all(test(rule.check, v, table) for v in values_of(rule, params))

    return evaluate


# --- request kinds ----------------------------------------------------------------------------
def _required(rule: Rule, params: Mapping[str, str], table: Mapping[str, CharClass],
              lookup: Lookup | None) -> bool:
    return params.get(rule.parameter, "") != ""


def _optional(rule: Rule, params: Mapping[str, str], table: Mapping[str, CharClass],
              lookup: Lookup | None) -> bool:
    return True


def _max_items(rule: Rule, params: Mapping[str, str], table: Mapping[str, CharClass],
               lookup: Lookup | None) -> bool:
    return len(repeat_items(params, rule.parameter)) <= (rule.check.max or 0)


def _index_range(rule: Rule, params: Mapping[str, str], table: Mapping[str, CharClass],
                 lookup: Lookup | None) -> bool:
    c = rule.check
    return all((c.min or 0) <= n <= (c.max or 0) for n in repeat_items(params, rule.parameter))


def _requires(rule: Rule, params: Mapping[str, str], table: Mapping[str, CharClass],
              lookup: Lookup | None) -> bool:
    c = rule.check
    if params.get(c.when_present or "", "") == "":
        return True
    other = params.get(c.other or "")
    return other is not None and parse_bool(other) == parse_bool(c.equals or "")


INTEGER = re.compile(r"-?[0-9]+")  # a decimal integer as the metadata's integer type sends it


def _given(rule: Rule, params: Mapping[str, str]) -> list[str]:
    """The values of ``rule``'s parameter a request gives (an empty value counts as absent: some
    targets spell absent so, and the ``required`` rule speaks for it)."""
    return [v for v in values_of(rule, params) if v != ""]


def _integer_range(rule: Rule, params: Mapping[str, str], table: Mapping[str, CharClass],
                   lookup: Lookup | None) -> bool:
    c = rule.check
    return all(INTEGER.fullmatch(v) is not None
               and (c.min is None or int(v) >= c.min) and (c.max is None or int(v) <= c.max)
               for v in _given(rule, params))


def _one_of(rule: Rule, params: Mapping[str, str], table: Mapping[str, CharClass],
            lookup: Lookup | None) -> bool:
    return all(v in rule.check.values for v in _given(rule, params))


def _differs_from(rule: Rule, params: Mapping[str, str], table: Mapping[str, CharClass],
                  lookup: Lookup | None) -> bool:
    mine, theirs = params.get(rule.parameter), params.get(rule.check.other or "")
    return mine is None or mine != theirs


# --- look-up kinds: hold vacuously without a Lookup, and for an absent or empty value (the
# required rule speaks for it) --------------------------------------------------------------
Ask = Callable[[Lookup, str, Rule, Mapping[str, str]], bool]


def _looked_up(ask: Ask) -> Evaluate:
    def evaluate(rule: Rule, params: Mapping[str, str], table: Mapping[str, CharClass],
                 lookup: Lookup | None) -> bool:
        value = params.get(rule.parameter)
        if lookup is None or not value:
            return True
        return ask(lookup, value, rule, params)

    return evaluate


def _region(lookup: Lookup, value: str, rule: Rule, params: Mapping[str, str]) -> bool:
    return lookup.region_exists(value)


def _image(lookup: Lookup, value: str, rule: Rule, params: Mapping[str, str]) -> bool:
    # the image is looked for in the region the check's ``within`` parameter names
    return lookup.image_exists(value, params.get(rule.check.within or "", ""))


def _kms_key(lookup: Lookup, value: str, rule: Rule, params: Mapping[str, str]) -> bool:
    return lookup.kms_key_exists(value)


def _value(name: str, test: ValueTest) -> KindDef:
    return KindDef(name, Scope.VALUE, Phase.VALUE, _each_value(test), test)


_DEFS = (
    KindDef("required", Scope.REQUEST, Phase.PRESENCE, _required),
    KindDef("optional", Scope.REQUEST, Phase.PRESENCE, _optional),
    _value("length", _length),
    _value("first_char", _first_char),
    _value("charset", _charset),
    _value("forbidden_prefix", _forbidden_prefix),
    _value("forbidden_substring", _forbidden_substring),
    _value("non_empty", _non_empty),
    _value("boolean", _boolean),
    _value("ascii", _ascii),
    KindDef("max_items", Scope.REQUEST, Phase.VALUE, _max_items),
    KindDef("index_range", Scope.REQUEST, Phase.VALUE, _index_range),
    # a number's range and a documented set of values: request kinds (they judge the value the
    # request gives, and no value shape of strategies/shapes.py expresses them)
    KindDef("integer_range", Scope.REQUEST, Phase.VALUE, _integer_range),
    KindDef("one_of", Scope.REQUEST, Phase.VALUE, _one_of),
    KindDef("requires", Scope.REQUEST, Phase.COMBINATION, _requires),
    KindDef("differs_from", Scope.REQUEST, Phase.LOOKUP, _differs_from),
    KindDef("known_region", Scope.LOOKUP, Phase.LOOKUP, _looked_up(_region)),
    KindDef("known_image", Scope.LOOKUP, Phase.LOOKUP, _looked_up(_image)),
    KindDef("known_kms_key", Scope.LOOKUP, Phase.LOOKUP, _looked_up(_kms_key)),
)
KINDS: Mapping[str, KindDef] = MappingProxyType({d.name: d for d in _DEFS})


def kind_of(rule: Rule) -> KindDef:
    """The record of ``rule``'s kind; :class:`UnknownKind` for a kind no table knows."""
    found = KINDS.get(rule.check.kind)
    if found is None:
        raise UnknownKind(rule.check.kind, rule.id)
    return found


def of_scope(scope: Scope) -> frozenset[str]:
    return frozenset(name for name, d in KINDS.items() if d.scope is scope)


# --- exhaustiveness ----------------------------------------------------------------------------
SCHEMA_TABLE = "spec.schema.json (check.kind enum)"
KINDS_TABLE = "spec/kinds.py KINDS"


def schema_kinds() -> frozenset[str]:
    """The kinds the meta-schema allows in ``rules[].check.kind``."""
    rule = load_schema("spec.schema.json")["$defs"]["operation"]["properties"]["rules"]["items"]
    return frozenset(rule["properties"]["check"]["properties"]["kind"]["enum"])


def out_of_step(tables: Mapping[str, Collection[str]]) -> list[str]:
    """One line per kind that some of ``tables`` (name -> its kinds) have and others lack."""
    problems = []
    for kind in sorted(set().union(*tables.values())):
        missing = [name for name, kinds in tables.items() if kind not in kinds]
        if missing:
            present = [name for name, kinds in tables.items() if kind in kinds]
            problems.append(f"check kind {kind!r} is in {', '.join(present)} "
                            f"but missing from {', '.join(missing)}")
    return problems


def assert_in_step(tables: Mapping[str, Collection[str]]) -> None:
    """Raise :class:`KindsOutOfStep` unless ``tables``, the meta-schema's enum and
    :data:`KINDS` hold the same kinds (read now: a table changed after import counts)."""
    problems = out_of_step({SCHEMA_TABLE: schema_kinds(), KINDS_TABLE: KINDS, **tables})
    if problems:
        raise KindsOutOfStep("check kinds out of step:\n  - " + "\n  - ".join(problems))


assert_in_step({})
