"""Strings built from a :class:`~strategies.shapes.ValueShape`, by construction.

``draw_length`` biases sizes to both edges; ``draw_text`` draws characters from the shape's
alphabets; ``repair`` removes accidental forbidden prefixes (in any case) and substrings by
overwriting one character with the shape's *safe* character (which occurs in no forbidden
string, so a repair never creates a new occurrence). A protected span keeps an intended
violation intact.
"""

from __future__ import annotations

import string
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from ecs_conformance.strategies.alphabet import Alphabet, contains, text_chars
from ecs_conformance.strategies.shapes import ValueShape

Draw = Callable[[SearchStrategy[Any]], Any]
FRESH_LEN = 8
ALNUM = string.ascii_uppercase + string.ascii_lowercase + string.digits


@lru_cache(maxsize=1024)
def integers(lo: int, hi: int) -> SearchStrategy[int]:
    """``st.integers``, cached: strategies built inside a draw are validated on first use."""
    return st.integers(lo, hi)


@lru_cache(maxsize=1024)
def sampled(values: tuple[Any, ...]) -> SearchStrategy[Any]:
    """``st.sampled_from``, cached for the same reason as :func:`integers`."""
    return st.sampled_from(values)


@lru_cache(maxsize=1024)
def _edges(lo: int, hi: int) -> SearchStrategy[int | None]:
    return st.sampled_from((lo, hi, None))


def draw_length(draw: Draw, lo: int, hi: int) -> int:
    """Exactly ``lo``, exactly ``hi``, or anywhere between (a third each).

    A ``sampled_from`` and at most one integer: ``st.one_of(just, just, integers)`` draws the
    same sizes through two more strategy layers, and generation time is counted in draws."""
    if lo >= hi:
        return lo
    size = draw(_edges(lo, hi))
    return int(draw(integers(lo, hi))) if size is None else int(size)


@lru_cache(maxsize=256)
def _chars(alphabet: Alphabet, size: int) -> SearchStrategy[str]:
    return st.text(text_chars(alphabet), min_size=size, max_size=size)


@lru_cache(maxsize=64)
def _first_pool(first: Alphabet) -> str:
    """Up to 64 first-character candidates from each group of ``first`` (ASCII letters, CJK…)."""
    pool = []
    for group in first:
        found = 0
        for lo, hi in group.ranges:
            for point in range(lo, min(hi, lo + 64 - found - 1) + 1):
                if chr(point).isprintable():
                    pool.append(chr(point))
                    found += 1
    assert pool, "empty first-character alphabet"
    return "".join(pool)


def draw_text(draw: Draw, shape: ValueShape, size: int, *, at_start: bool = True) -> str:
    """``size`` characters; the first from the first-character alphabet when ``at_start``.

    One string draw (a draw is what generation costs): a first character that may not lead is
    mapped onto a first-character candidate, so the value stays valid by construction and
    letters and CJK still lead as drawn."""
    if size <= 0:
        return ""
    text = str(draw(_chars(shape.alphabet, size)))
    if at_start and not contains(shape.first, text[0]):
        pool = _first_pool(shape.first)
        text = pool[ord(text[0]) % len(pool)] + text[1:]
    return text


def repair(value: str, shape: ValueShape, protect: tuple[int, int] = (0, 0)) -> str:
    """``value`` without forbidden prefixes/substrings outside the protected span [i, j)."""
    chars = list(value)
    patterns = [(p, True) for p in shape.prefixes] + [(s, False) for s in shape.substrings]

    def free(start: int, end: int) -> list[int]:
        return [k for k in range(start, end) if not protect[0] <= k < protect[1]]

    def fixable() -> list[int]:
        text = "".join(chars)
        for pattern, at_start_only in patterns:
            # a forbidden prefix in another case is grey (reading.reserved-prefix-case): avoid it
            if at_start_only and text[:len(pattern)].lower() == pattern.lower() and free(
                    0, len(pattern)):
                return free(0, len(pattern))
            at = text.find(pattern)
            while at >= 0 and not (at_start_only and at > 0):
                # an occurrence lying wholly inside the protected span is the intended violation
                if free(at, at + len(pattern)):
                    return free(at, at + len(pattern))
                at = text.find(pattern, at + 1)
        return []

    while spots := fixable():
        chars[spots[-1]] = shape.safe_char(first=spots[-1] == 0)
    return "".join(chars)


@lru_cache(maxsize=256)
def valid_text(shape: ValueShape, lo: int | None = None, hi: int | None = None
               ) -> SearchStrategy[str]:
    """Valid values of ``shape`` with a length in [lo, hi] (default: the shape's bounds)."""
    low = shape.min_len if lo is None else lo
    high = shape.cap if hi is None else hi

    @st.composite
    def build(draw: Draw) -> str:
        size = draw_length(draw, low, high)
        return repair(draw_text(draw, shape, size), shape)

    return build()


@lru_cache(maxsize=64)
def tail_alphabet(shape: ValueShape) -> str:
    return "".join(c for c in ALNUM if contains(shape.alphabet, c))


@lru_cache(maxsize=64)
def fresh_text(shape: ValueShape, tail: int = FRESH_LEN) -> SearchStrategy[str]:
    """Valid values ending in ``tail`` characters spelled from a wide integer (62**8 values),
    so that independent draws rarely collide; lengths still reach the maximum."""
    digits = tail_alphabet(shape)
    low = max(shape.min_len, tail + 1)
    assert len(digits) >= 10 and low <= shape.cap, f"{shape.parameter}: cannot build fresh values"

    @st.composite
    def build(draw: Draw) -> str:
        size = draw(st.one_of(st.just(shape.cap), integers(low, shape.cap)))
        number = draw(integers(0, len(digits) ** tail - 1))
        spelled = ""
        for _ in range(tail):
            number, rest = divmod(number, len(digits))
            spelled += digits[rest]
        return repair(draw_text(draw, shape, size - tail) + spelled, shape)

    return build()
