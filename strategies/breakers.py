"""How to break each kind of rule in an otherwise valid request, by construction.

A breaker receives a copy of a valid request's parameters, edits it so that exactly its rule
fails (plus rules that unavoidably fail with it, which it returns as ``also_breaks``), and
returns a short human note. Each ``also_breaks`` case is derived from the spec, never guessed:

* a forbidden substring with characters outside the parameter's charset (``http://`` in
  ``DestinationImageName``: ``/`` is not allowed) also breaks that charset rule;
* more tags than ``max_items`` need more distinct indices than ``index_range`` allows;
* a value that breaks a value rule of a look-up parameter (a 65-character ``KMSKeyId``) cannot
  name an existing object, so it also breaks the look-up rule.
"""

from __future__ import annotations

import string
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from ecs_conformance.spec.kinds import kind_of
from ecs_conformance.spec.model import Rule
from ecs_conformance.spec.predicates import LOOKUP_KINDS, parse_bool
from ecs_conformance.spec.profile import Profile
from ecs_conformance.strategies import world
from ecs_conformance.strategies.alphabet import (
    MAX_CODE_POINT,
    char_strategy,
    class_ranges,
    complement,
    default_alphabet,
    outsiders,
    restrict,
    union,
)
from ecs_conformance.strategies.book import Book
from ecs_conformance.strategies.shapes import ValueShape
from ecs_conformance.strategies.tagging import (
    bad_boolean,
    place,
    replace_tags,
    spellings,
    tag_indices,
)
from ecs_conformance.strategies.text import Draw, draw_length, draw_text, integers, repair, sampled


@dataclass(frozen=True)
class Context:
    spec: Book
    profile: Profile
    rule: Rule
    shape_of: Callable[[str], ValueShape]

    @property
    def shape(self) -> ValueShape:
        return self.shape_of(self.rule.parameter)

    def siblings(self, *kinds: str) -> tuple[Rule, ...]:
        return tuple(r for r in self.spec.rules_for(self.rule.parameter)
                     if r.check.kind in kinds and r.id != self.rule.id)


Broken = tuple[tuple[str, ...], str]
Breaker = Callable[[Context, Draw, dict[str, str]], Broken]


def _lookup_also(ctx: Context) -> tuple[str, ...]:
    return tuple(r.id for r in ctx.siblings(*LOOKUP_KINDS))


def _put(ctx: Context, draw: Draw, params: dict[str, str], value: str) -> None:
    place(ctx.spec, ctx.shape_of, draw, params, ctx.rule.parameter, value)


# Strategies with fixed arguments are built once: a strategy built inside a draw is validated
# there, every time.
@lru_cache(maxsize=64)
def _bad_sizes(low: int | None, high: int | None) -> SearchStrategy[int]:
    sizes: list[SearchStrategy[int]] = [st.just(low - 1)] if low and low >= 2 else []
    if high is not None:
        sizes += [st.just(high + 1), st.integers(high + 1, 2 * high + 1)]
    assert sizes, "no length outside the bounds is reachable"
    return st.one_of(sizes)


@lru_cache(maxsize=16)
def _too_many(top: int) -> SearchStrategy[int]:
    return st.one_of(st.just(top + 1), st.integers(top + 1, top + 5))


@lru_cache(maxsize=16)
def _bad_indices(lo: int, hi: int) -> SearchStrategy[int]:
    return st.one_of(st.just(lo - 1), st.just(hi + 1), st.integers(hi + 1, 999),
                     st.integers(-99, lo - 1))


# --- value kinds ------------------------------------------------------------------------------
def break_length(ctx: Context, draw: Draw, params: dict[str, str]) -> Broken:
    c, shape = ctx.rule.check, ctx.shape
    # min-1 only when it is at least 1: an empty value is how some targets spell "absent".
    size = draw(_bad_sizes(c.min, c.max))
    _put(ctx, draw, params, repair(draw_text(draw, shape, size), shape))
    return _lookup_also(ctx), f"{size} characters"


def break_first_char(ctx: Context, draw: Draw, params: dict[str, str]) -> Broken:
    shape = ctx.shape
    wrong_first = restrict(shape.alphabet, complement(union(shape.first)))
    assert wrong_first, f"{ctx.rule.id}: every allowed character may come first"
    size = draw_length(draw, max(shape.min_len, 1), shape.cap)
    first = draw(char_strategy(wrong_first))
    value = repair(first + draw_text(draw, shape, size - 1, at_start=False), shape, (0, 1))
    _put(ctx, draw, params, value)
    return (), f"starts with {first!r}"


def break_charset(ctx: Context, draw: Draw, params: dict[str, str]) -> Broken:
    c, shape = ctx.rule.check, ctx.shape
    # outside the charset, and in no forbidden string, so inserting it creates no occurrence
    pool = outsiders(class_ranges(ctx.spec.char_classes, c.classes, c.chars),
                     avoid="".join(shape.forbidden))
    # and not grey for the parameter (an astral character counts twice in UTF-16)
    grey = ctx.spec.grey_chars(ctx.rule.parameter)
    pool = tuple(ch for ch in pool if not any(lo <= ord(ch) <= hi for lo, hi in grey))
    size = draw_length(draw, max(shape.min_len, 2), shape.cap)
    base = repair(draw_text(draw, shape, size - 1), shape)
    at, bad = draw(integers(1, size - 1)), draw(sampled(pool))
    _put(ctx, draw, params, base[:at] + bad + base[at:])
    return _lookup_also(ctx), f"holds {bad!r} at position {at}"


def break_prefix(ctx: Context, draw: Draw, params: dict[str, str]) -> Broken:
    shape = ctx.shape
    usable = [p for p in ctx.rule.check.prefixes if shape.allows(p, at_start=True)]
    assert usable, f"{ctx.rule.id}: every prefix would break another rule too"
    prefix = draw(sampled(tuple(usable)))
    size = draw_length(draw, max(shape.min_len, len(prefix)), shape.cap)
    rest = draw_text(draw, shape, size - len(prefix), at_start=False)
    _put(ctx, draw, params, repair(prefix + rest, shape, (0, len(prefix))))
    return _lookup_also(ctx), f"starts with {prefix!r}, {size} characters"


def break_substring(ctx: Context, draw: Draw, params: dict[str, str]) -> Broken:
    shape = ctx.shape
    sub = draw(sampled(tuple(ctx.rule.check.substrings)))
    size = draw_length(draw, max(shape.min_len, len(sub) + 1), shape.cap)
    base = draw_text(draw, shape, size - len(sub))
    may_lead = shape.allows(sub[:1], at_start=True) and not any(
        sub.startswith(p) for p in shape.prefixes)
    # after the start, the substring is grey (reading.url-position): only the start is refused
    # under every reading
    at_start_only = ctx.spec.grey_mid_substring(ctx.rule.id)
    assert may_lead or not at_start_only, f"{ctx.rule.id}: no unanimous violation exists"
    at = 0 if at_start_only else draw(integers(0 if may_lead else 1, len(base)))
    value = repair(base[:at] + sub + base[at:], shape, (at, at + len(sub)))
    _put(ctx, draw, params, value)
    also = tuple(r.id for r in ctx.siblings("charset", "ascii")
                 if not _allowed(ctx, r, sub)) + _lookup_also(ctx)
    return also, f"holds {sub!r} at position {at}"


def _allowed(ctx: Context, rule: Rule, text: str) -> bool:
    """Does ``text`` keep a character-level sibling rule (charset, ascii): its kind's test."""
    test = kind_of(rule).test
    assert test is not None, f"{rule.id}: not a value rule"
    return test(rule.check, text, ctx.spec.char_classes)


def break_non_empty(ctx: Context, draw: Draw, params: dict[str, str]) -> Broken:
    _put(ctx, draw, params, "")
    also = tuple(r.id for r in ctx.siblings("length") if (r.check.min or 0) > 0)
    return also + _lookup_also(ctx), "empty"


def break_boolean(ctx: Context, draw: Draw, params: dict[str, str]) -> Broken:
    value = draw(bad_boolean())
    _put(ctx, draw, params, value)
    return (), f"{value!r}"


def break_ascii(ctx: Context, draw: Draw, params: dict[str, str]) -> Broken:
    shape = ctx.shape
    wide = restrict(default_alphabet(ctx.spec.char_classes), ((0x80, MAX_CODE_POINT),))
    size = draw_length(draw, max(shape.min_len, 1), shape.cap)
    base = repair(draw_text(draw, shape, size - 1), shape)
    at, bad = draw(integers(0, len(base))), draw(char_strategy(wide))
    _put(ctx, draw, params, base[:at] + bad + base[at:])
    return _lookup_also(ctx), f"holds {bad!r}"


# --- request kinds ----------------------------------------------------------------------------
def break_required(ctx: Context, draw: Draw, params: dict[str, str]) -> Broken:
    params.pop(ctx.rule.parameter, None)
    return (), "absent"


def break_max_items(ctx: Context, draw: Draw, params: dict[str, str]) -> Broken:
    top, group = ctx.rule.check.max or 0, ctx.rule.parameter.split(".")[0]
    count = draw(_too_many(top))
    room = ctx.spec.parameter(group).repeat
    low = room.min_index if room else 1
    replace_tags(ctx.spec, ctx.shape_of, draw, params, group, list(range(low, low + count)))
    also = tuple(r.id for r in ctx.spec.rules_for(ctx.rule.parameter)
                 if r.check.kind == "index_range"
                 and count > (r.check.max or 0) - (r.check.min or 0) + 1)
    return also, f"{count} tags"


def break_index_range(ctx: Context, draw: Draw, params: dict[str, str]) -> Broken:
    c = ctx.rule.check
    lo, hi = c.min or 0, c.max or 0
    bad = draw(_bad_indices(lo, hi))
    room = ctx.spec.parameter(ctx.rule.parameter).repeat
    keep = tag_indices(params, ctx.rule.parameter)[: (room.max_items if room else hi) - 1]
    replace_tags(ctx.spec, ctx.shape_of, draw, params, ctx.rule.parameter, [*keep, bad])
    return (), f"index {bad}"


@lru_cache(maxsize=32)
def _outside_range(low: int | None, high: int | None) -> SearchStrategy[int]:
    """Integers just outside ``[low, high]`` and far outside it."""
    sides: list[SearchStrategy[int]] = []
    if low is not None:
        sides += [st.just(low - 1), st.integers(low - 10**6, low - 1)]
    if high is not None:
        sides += [st.just(high + 1), st.integers(high + 1, 10 * high + 10**3)]
    assert sides, "an integer_range rule with neither bound"
    return st.one_of(sides)


def break_integer_range(ctx: Context, draw: Draw, params: dict[str, str]) -> Broken:
    c = ctx.rule.check
    value = str(draw(_outside_range(c.min, c.max)))
    _put(ctx, draw, params, value)
    return _lookup_also(ctx), value


@lru_cache(maxsize=32)
def _none_of(values: tuple[str, ...]) -> SearchStrategy[str]:
    """Values that are no documented value in any case (whether a target compares case is not
    what the rule says): a documented value with a character added, or a word."""
    taken = {v.lower() for v in values}

    def unlike(text: str) -> str:
        while text.lower() in taken:  # terminates: each round makes the text longer
            text += "x"
        return text

    return st.one_of(st.sampled_from(values).map(lambda v: v + "0"),
                     st.text(string.ascii_letters, min_size=1, max_size=12)).map(unlike)


def break_one_of(ctx: Context, draw: Draw, params: dict[str, str]) -> Broken:
    value = draw(_none_of(ctx.rule.check.values))
    _put(ctx, draw, params, value)
    return _lookup_also(ctx), repr(value)


def break_requires(ctx: Context, draw: Draw, params: dict[str, str]) -> Broken:
    c = ctx.rule.check
    when, other = c.when_present or "", c.other or ""
    params[when] = ctx.profile.role(world.existing_role(ctx.spec, when)) or ""
    wanted = parse_bool(c.equals or "")
    choice = draw(sampled((None, *spellings(not wanted))))
    if choice is None:
        params.pop(other, None)
    else:
        params[other] = choice
    return (), f"{when} given, {other} {'absent' if choice is None else '= ' + choice}"


def break_differs_from(ctx: Context, draw: Draw, params: dict[str, str]) -> Broken:
    other = ctx.rule.check.other or ""
    params[ctx.rule.parameter] = params[other]
    return (), f"equal to {other} ({params[other]})"


def break_known_region(ctx: Context, draw: Draw, params: dict[str, str]) -> Broken:
    value = draw(world.missing_region(ctx.profile))
    _put(ctx, draw, params, value)
    return (), value


def break_known_image(ctx: Context, draw: Draw, params: dict[str, str]) -> Broken:
    value = draw(world.missing_image(ctx.profile))
    _put(ctx, draw, params, value)
    return (), value


def break_known_kms_key(ctx: Context, draw: Draw, params: dict[str, str]) -> Broken:
    value = draw(world.missing_kms_key(ctx.profile))
    _put(ctx, draw, params, value)
    return (), value
