"""Valid values and valid whole requests, by construction from the spec and the profile."""

from __future__ import annotations

from functools import lru_cache

from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from ecs_conformance.spec import roles
from ecs_conformance.spec.model import Parameter, Spec
from ecs_conformance.spec.predicates import LOOKUP_KINDS, holds, parse_bool
from ecs_conformance.spec.profile import Profile
from ecs_conformance.strategies import world
from ecs_conformance.strategies.fresh import fresh_value
from ecs_conformance.strategies.kinds import shape_of
from ecs_conformance.strategies.labels import LabelledRequest
from ecs_conformance.strategies.shapes import ValueShape
from ecs_conformance.strategies.tagging import (
    BOOLEAN_SPELLINGS,
    distinct,
    repeat_parameter,
    spellings,
)
from ecs_conformance.strategies.text import Draw, draw_text, integers, repair, sampled, valid_text

# Parameters a valid request never sends: the action name (the transport sets it), and those
# for which no target-independent valid value exists.
NEVER_SENT = (roles.IDENTITY, roles.UNSENT)


@lru_cache(maxsize=64)
def valid_value(spec: Spec, parameter: str) -> SearchStrategy[str]:
    """Valid values of a parameter whose validity the spec alone decides: lengths at and between
    both bounds, every allowed character class, near misses of every forbidden string, and
    every accepted boolean spelling (true/false/True/False)."""
    shape = shape_of(spec, parameter)
    if not shape.constrained or any(r.check.kind in LOOKUP_KINDS
                                    for r in spec.rules_for(parameter)):
        raise ValueError(f"{parameter}: its valid values depend on the target profile or are "
                         "not constrained by the spec; use valid_request()")
    return st.one_of(_value_options(spec, parameter))


@lru_cache(maxsize=64)
def _value_options(spec: Spec, parameter: str) -> tuple[SearchStrategy[str], ...]:
    shape = shape_of(spec, parameter)
    if shape.boolean:
        return (st.sampled_from(BOOLEAN_SPELLINGS),)
    return (valid_text(shape), *near_misses(spec, shape))


Options = tuple[SearchStrategy[str] | None, ...]


def draw_from(draw: Draw, options: Options) -> str | None:
    """A value from one of ``options`` (``None``: the parameter is absent) — the choice
    ``st.one_of`` makes, as one ``sampled_from`` and the chosen strategy's own draws, without
    one_of's two extra strategy layers (generation time is counted in draws)."""
    chosen = draw(sampled(options))
    return None if chosen is None else str(draw(chosen))


def _fragments(spec: Spec, shape: ValueShape) -> list[tuple[str, bool]]:
    """(text, at start?) pieces close to a forbidden string that this shape still allows."""
    frags = [(p[:-1], True) for p in shape.prefixes if len(p) > 1]
    frags += [(p, False) for p in shape.prefixes] + [(s[:-1], False) for s in shape.substrings]
    for rule in spec.rules:  # what other parameters forbid may be fine here
        if rule.parameter != shape.parameter and rule.check.kind == "forbidden_prefix":
            frags += [(p, True) for p in rule.check.prefixes]
        if rule.parameter != shape.parameter and rule.check.kind == "forbidden_substring":
            frags += [(s, False) for s in rule.check.substrings]
    return [
        (text, lead) for text, lead in dict.fromkeys(frags)
        if text and shape.allows(text, at_start=lead)
        and not any(s in text for s in shape.substrings)
        and not (lead and any(text.startswith(p) for p in shape.prefixes))
        and max(shape.min_len, len(text) + (0 if lead else 1)) <= shape.cap
    ]


def near_misses(spec: Spec, shape: ValueShape) -> list[SearchStrategy[str]]:
    def one(text: str, lead: bool) -> SearchStrategy[str]:
        @st.composite
        def build(draw: Draw) -> str:
            size = draw(integers(max(shape.min_len, len(text) + (0 if lead else 1)), shape.cap))
            base = draw_text(draw, shape, size - len(text), at_start=not lead)
            at = 0 if lead else draw(integers(1, len(base)))
            return repair(base[:at] + text + base[at:], shape, (at, at + len(text)))

        return build()

    return [one(text, lead) for text, lead in _fragments(spec, shape)]


def _neutral(parameter: Parameter) -> SearchStrategy[str]:
    """The value(s) of an outcome-neutral parameter that keep the outcome normal: its default
    (every accepted spelling of it, for a boolean)."""
    if parameter.default is None:
        raise ValueError(f"{parameter.name}: role {roles.OUTCOME_NEUTRAL} needs a default value "
                         "in operation.yaml")
    if parameter.type == "Boolean":
        return st.sampled_from(spellings(parse_bool(parameter.default)))
    return st.just(parameter.default)


def _optional(spec: Spec, name: str) -> Options:
    """Absent, or a valid value: a fresh one (names, tokens), or any valid one."""
    parameter = spec.parameter(name)
    if roles.OUTCOME_NEUTRAL in parameter.roles:
        return (None, _neutral(parameter))
    fresh = (fresh_value(spec, name),) if roles.FRESH in parameter.roles else ()
    return (None, *fresh, *_value_options(spec, name))


def _sendable(parameter: Parameter, profile: Profile) -> bool:
    """May a valid request carry it at all (a dry-run switch only to a target honouring it)?"""
    return (not any(role in NEVER_SENT for role in parameter.roles)
            and (roles.DRY_RUN not in parameter.roles or profile.supports("dry_run")))


def valid_request(spec: Spec, profile: Profile, *, max_tags: int | None = None
                  ) -> SearchStrategy[LabelledRequest]:
    """Whole valid requests on the profile's existing values (image, source and destination
    regions: the parameters whose roles name existing things).

    A look-up parameter that a ``requires`` rule allows only under a condition (a KMS key only
    with encryption) is sent, maybe, when the drawn request meets it. ``max_tags`` caps each
    repeat list: a violation's otherwise-valid base needs few tags, and tags are the costliest
    part of a request to draw."""
    existing = world.existing_roles(spec)
    plain = [p.name for p in spec.parameters
             if p.repeat is None and p.name not in existing and _sendable(p, profile)
             and shape_of(spec, p.name).constrained]
    optional = {name: _optional(spec, name) for name in plain}
    lists = [tag_params(spec, p.name, max_tags) for p in spec.parameters
             if p.repeat is not None and _sendable(p, profile)]
    always = {name: profile.role(role) or ""
              for name, role in world.unconditional_existing(spec).items()}
    conditional = {name: (value, world.conditions(spec, name)) for name, role in existing.items()
                   if name not in always and (value := profile.role(role))}

    @st.composite
    def build(draw: Draw) -> LabelledRequest:
        params = dict(always)
        for name, options in optional.items():
            value = draw_from(draw, options)
            if value is not None:
                params[name] = value
        for tag_list in lists:
            params.update(draw(tag_list))
        for name, (value, rules) in conditional.items():
            with_it = {**params, name: value}
            if all(holds(r, with_it, spec.char_classes) for r in rules) and draw(st.booleans()):
                params[name] = value
        return LabelledRequest(params, ())

    return build()


@lru_cache(maxsize=8)
def tag_params(spec: Spec, group: str, cap: int | None = None) -> SearchStrategy[dict[str, str]]:
    """0..max_items (or ``cap``) tags at contiguous 1-based indices; distinct keys (a repeat
    gets a counter); each value maybe sent."""
    repeat = repeat_parameter(spec, group).repeat
    assert repeat is not None
    most = repeat.max_items if cap is None else min(cap, repeat.max_items)
    keys: Options = _value_options(spec, f"{group}.Key")
    values: Options = (None, *_value_options(spec, f"{group}.Value"))
    key_shape = shape_of(spec, f"{group}.Key")
    # none, the maximum, a few, or any number (a few dominate: tags are the costliest to draw)
    few, anything = integers(1, min(3, most)), integers(0, most)

    @st.composite
    def build(draw: Draw) -> dict[str, str]:
        kind = draw(sampled((0, most, "few", "any")))
        count = kind if isinstance(kind, int) else draw(few if kind == "few" else anything)
        out: dict[str, str] = {}
        drawn = [str(draw_from(draw, keys)) for _ in range(count)]
        for offset, key in enumerate(distinct(drawn, key_shape)):
            index = repeat.min_index + offset
            out[f"{group}.{index}.Key"] = key
            value = draw_from(draw, values)
            if value is not None:
                out[f"{group}.{index}.Value"] = value
        return out

    return build()
