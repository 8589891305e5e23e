"""Labelled invalid requests: one broken rule (plus its declared ``also_breaks``), or several
rules on parameters that do not interact."""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial

from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from ecs_conformance.spec import roles
from ecs_conformance.spec.model import Contract, Rule, Spec
from ecs_conformance.spec.profile import Profile
from ecs_conformance.strategies import world
from ecs_conformance.strategies.book import Book, book_of
from ecs_conformance.strategies.breakers import Context
from ecs_conformance.strategies.kinds import breaker, shape_of
from ecs_conformance.strategies.labels import LabelledRequest, Violation, compatible
from ecs_conformance.strategies.text import Draw, integers, sampled
from ecs_conformance.strategies.valid import valid_request

# Features a violation is only meaningful for, by the broken parameter's role: a target without
# dry runs may ignore the dry-run switch.
FEATURE_OF = {roles.DRY_RUN: "supports.dry_run"}


def violable_rules(spec: Book) -> tuple[Rule, ...]:
    """Rules with a ``reject`` (``optional`` has none), in spec order."""
    return tuple(r for r in spec.rules if r.reject is not None)


def needs_roles(spec: Book, rule: Rule) -> tuple[str, ...]:
    """Profile roles or features (``supports.*``) the violation of ``rule`` needs beyond the
    base roles every profile has (images.available, regions.source, regions.destination)."""
    needs: list[str] = []
    if rule.check.kind == "requires" and rule.check.when_present:
        needs.append(world.existing_role(spec, rule.check.when_present))
    top = spec.parameter(rule.parameter.split(".")[0])
    needs += [FEATURE_OF[role] for role in top.roles if role in FEATURE_OF]
    return tuple(n for n in needs if n not in world.BASE_ROLES)


def assessable(spec: Book, profile: Profile, rule: Rule) -> bool:
    return all(profile.provides(need) for need in needs_roles(spec, rule))


def _break(spec: Book, profile: Profile, rule: Rule, draw: Draw,
           params: dict[str, str]) -> Violation:
    assert rule.reject is not None, f"{rule.id} has no rejection"
    ctx = Context(spec, profile, rule, partial(shape_of, spec))
    also, note = breaker(rule)(ctx, draw, params)
    for other in also:
        other_reject = spec.rule(other).reject
        assert other_reject is not None and compatible(rule.reject, other_reject), (
            f"{rule.id} also breaks {other}, whose rejection is incompatible")
    return Violation(rule.id, rule.parameter, rule.level, rule.reject, also, note)


# The valid base of a violation carries few tags: tags are the costliest part of a request to
# draw. Tag rules build what their breakers need themselves (a bad field lands at any index up
# to the last, with cheap filler tags below it; a list too long is made of filler tags).
BASE_TAGS = 3


def violation(spec: Spec, profile: Profile, rule: Rule) -> SearchStrategy[LabelledRequest]:
    """A valid request in which exactly ``rule`` is broken (plus its declared also_breaks);
    ``st.nothing()`` when the profile lacks a role the violation needs."""
    return _violation(spec, profile, rule, valid_request(spec, profile, max_tags=BASE_TAGS))


def _violation(spec: Spec, profile: Profile, rule: Rule,
               base: SearchStrategy[LabelledRequest]) -> SearchStrategy[LabelledRequest]:
    if rule.reject is None:
        raise ValueError(f"{rule.id} has no rejection and cannot be violated")
    if not assessable(spec, profile, rule):
        return st.nothing()

    @st.composite
    def build(draw: Draw) -> LabelledRequest:
        params = dict(draw(base).params)
        return LabelledRequest(params, (_break(spec, profile, rule, draw, params),))

    return build()


def contract_violation(spec: Spec, profile: Profile, contract: Contract, rule: Rule,
                       base: Mapping[str, str]) -> SearchStrategy[LabelledRequest]:
    """``base`` — a valid request of ``contract``'s operation, e.g. its baseline with the
    profile's values — with exactly ``rule`` broken (plus its declared also_breaks), by the
    same breakers as the primary operation's rules: any operation, any kind. ``st.nothing()``
    when the profile lacks a role the violation needs."""
    if rule.reject is None:
        raise ValueError(f"{rule.id} has no rejection and cannot be violated")
    book = book_of(spec, contract)
    if not assessable(book, profile, rule):
        return st.nothing()
    fixed = dict(base)

    @st.composite
    def build(draw: Draw) -> LabelledRequest:
        params = dict(fixed)
        return LabelledRequest(params, (_break(book, profile, rule, draw, params),))

    return build()


def violations(spec: Spec, profile: Profile) -> SearchStrategy[LabelledRequest]:
    """One violation of any rule the profile allows to be violated."""
    base = valid_request(spec, profile, max_tags=BASE_TAGS)
    return st.one_of([_violation(spec, profile, r, base) for r in violable_rules(spec)
                      if assessable(spec, profile, r)])


def touches(spec: Spec, rule: Rule) -> frozenset[str]:
    """Parameters a violation of ``rule`` reads or writes (tag fields count as ``Tag``), closed
    over the rules that relate two parameters (``requires``, ``differs_from``): breaking
    ``RegionId`` and ``DestinationRegionId`` together could make them equal."""
    out = {rule.parameter.split(".")[0], rule.check.other, rule.check.when_present} - {None}
    related = [{r.parameter, r.check.other, r.check.when_present} - {None}
               for r in spec.rules if r.check.other or r.check.when_present]
    grown = True
    while grown:
        grown = False
        for group in related:
            if group & out and not group <= out:
                out |= group
                grown = True
    return frozenset(p for p in out if p)


def multi_violation(spec: Spec, profile: Profile) -> SearchStrategy[LabelledRequest]:
    """2-3 violations of rules whose parameters do not interact; any of their rejections is an
    acceptable answer."""
    rules = [r for r in violable_rules(spec) if assessable(spec, profile, r)]
    base = valid_request(spec, profile, max_tags=BASE_TAGS)

    @st.composite
    def build(draw: Draw) -> LabelledRequest:
        chosen: list[Rule] = []
        used: set[str] = set()
        for _ in range(draw(integers(2, 3))):
            # by construction: only rules whose parameters are still untouched are offered
            free = [r for r in rules if not touches(spec, r) & used]
            if not free:
                break
            rule = draw(sampled(tuple(free)))
            chosen.append(rule)
            used |= touches(spec, rule)
        assert len(chosen) >= 2, "the spec offers fewer than two independent rules"
        params = dict(draw(base).params)
        found = tuple(_break(spec, profile, r, draw, params) for r in chosen)
        return LabelledRequest(params, found)

    return build()
