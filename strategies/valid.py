"""Valid values and valid whole requests, by construction from the spec and the profile."""

from __future__ import annotations

from functools import lru_cache

from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from ecs_conformance.spec.model import Spec
from ecs_conformance.spec.predicates import LOOKUP_KINDS, parse_bool
from ecs_conformance.spec.profile import Profile
from ecs_conformance.strategies import world
from ecs_conformance.strategies.fresh import FRESH, fresh_value
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

# Parameters a valid request sends only with values that keep the outcome a normal copy.
OUTCOME_NEUTRAL = {"DryRun": False}
# Parameters a valid request never sends: no target-independent valid value exists.
NEVER_SENT = ("Action", "ResourceGroupId", "EncryptAlgorithm")


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


def _optional(spec: Spec, name: str) -> Options:
    """Absent, or a valid value: a fresh one (names, tokens), or any valid one."""
    if name in OUTCOME_NEUTRAL:
        return (None, st.sampled_from(spellings(OUTCOME_NEUTRAL[name])))
    fresh = (fresh_value(spec, name),) if name in FRESH else ()
    return (None, *fresh, *_value_options(spec, name))


def valid_request(spec: Spec, profile: Profile, *, max_tags: int | None = None
                  ) -> SearchStrategy[LabelledRequest]:
    """Whole valid requests on the profile's available image, source and destination regions.

    ``max_tags`` caps the tag list: a violation's otherwise-valid base needs few tags, and
    tags are the costliest part of a request to draw."""
    plain = [p.name for p in spec.parameters
             if p.name not in NEVER_SENT and p.repeat is None
             and p.name not in world.EXISTING_ROLE and shape_of(spec, p.name).constrained
             and (p.name not in OUTCOME_NEUTRAL or profile.supports("dry_run"))]
    optional = {name: _optional(spec, name) for name in plain}
    tag_group = next(p.name for p in spec.parameters if p.repeat is not None)
    kms_key = profile.role(world.EXISTING_ROLE["KMSKeyId"])
    tag_list = tag_params(spec, tag_group, max_tags)

    @st.composite
    def build(draw: Draw) -> LabelledRequest:
        params = {name: profile.role(role) or "" for name, role in world.EXISTING_ROLE.items()
                  if name != "KMSKeyId"}
        for name, options in optional.items():
            value = draw_from(draw, options)
            if value is not None:
                params[name] = value
        params.update(draw(tag_list))
        if kms_key and parse_bool(params.get("Encrypted", "")) and draw(st.booleans()):
            params["KMSKeyId"] = kms_key
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
