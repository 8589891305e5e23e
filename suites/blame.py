"""Blame the right rule: an answer that is the documented rejection of *another* parameter.

When a request is refused with the documented row of a value rule (length, characters,
prefixes: never a look-up or cross-parameter rule, whose verdict depends on the other
parameters too) on a parameter whose value holds every value rule of the spec (an
over-strict server answering ``InvalidDescription.Malformed`` to a request whose description
is 256 characters long), the answer says nothing about the rule the request was built for:
the finding belongs to that other parameter's rule.

Several rules of one parameter may share a row (every name rule answers
``InvalidImageName.Malformed``); the rule blamed is a MUST one the value comes closest to
breaking (:func:`closeness`), ties going to the spec's order.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

from ecs_conformance.spec.model import Rule, Spec
from ecs_conformance.spec.predicates import VALUE_KINDS, holds, values_of


def closeness(rule: Rule, values: list[str]) -> int:
    """How near the values come to breaking ``rule``: a length at a bound, a first character
    outside ASCII letters, the start of a reserved prefix, most of a forbidden substring."""
    c = rule.check
    score = 0
    for v in values:
        if c.kind == "length" and len(v) in {c.min, c.max}:
            score = max(score, 3)
        elif c.kind == "first_char" and v and not (v[0].isascii() and v[0].isalpha()):
            score = max(score, 2)
        elif c.kind == "forbidden_prefix" and any(
                v.lower().startswith(p[:-1].lower()) for p in c.prefixes):
            score = max(score, 2)
        elif c.kind == "forbidden_substring" and any(s[:-1] in v for s in c.substrings):
            score = max(score, 2)
        elif c.kind == "charset" and not v.isascii():
            score = max(score, 1)
    return score


def other_rule(spec: Spec, params: Mapping[str, str], status: int | None, code: object,
               exclude: Collection[str]) -> str | None:
    """The rule on a parameter outside ``exclude`` whose documented row (status and code) the
    answer is, when that parameter's value holds every value rule of the spec; else None."""
    if status is None or not isinstance(code, str):
        return None
    candidates: dict[str, list[Rule]] = {}
    for rule in spec.rules:
        parameter = rule.parameter
        if (rule.reject is None or parameter.split(".")[0] in exclude
                or rule.check.kind not in VALUE_KINDS or not values_of(rule, params)):
            # only a rule on the value alone can be said to hold: a look-up (ImageId.exists)
            # or cross-parameter rule also depends on the parameter under test (an unknown
            # RegionId makes any ImageId unknown there)
            continue
        if any((row.status, row.code) == (status, code) for row in rule.reject.rows):
            candidates.setdefault(parameter, []).append(rule)
    for parameter, rules in candidates.items():
        own = [r for r in spec.rules_for(parameter) if r.check.kind in VALUE_KINDS]
        if not all(holds(r, params, spec.char_classes) for r in own):
            continue  # the value breaks a rule of its own: a refusal for it is no surprise
        # a value valid under every rule was refused: a MUST rule is at stake before a SHOULD
        best = max(rules, key=lambda r: (r.level == "MUST", closeness(r, values_of(r, params))))
        return best.id
    return None


def excluded(spec: Spec, requirement: str, rows: Collection[str]) -> frozenset[str]:
    """The parameters a refusal may rightly be about: that of the rule under test, and those
    of every rule whose documented rows are among the acceptable answers ``rows``."""
    out = {r.parameter.split(".")[0] for r in spec.rules
           if r.id == requirement or (r.reject and {x.id for x in r.reject.rows} & set(rows))}
    return frozenset(out)
