"""Character sets as named groups of code-point ranges, built from the spec's ``char_classes``.

An alphabet is a tuple of :class:`CharGroup`; drawing a character picks a group first, so that
every group (ASCII letters, digits, the few punctuation marks, CJK) is drawn often even though
CJK holds ~100,000 code points and ``.:_-`` four. Set algebra (intersect, subtract) keeps
alphabets exact, so values are built by construction instead of filtered.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from ecs_conformance.spec.model import CharClass

if TYPE_CHECKING:  # the Literal of Unicode category names st.characters accepts
    from hypothesis.internal.charmap import CategoryName

Ranges = tuple[tuple[int, int], ...]
MAX_CODE_POINT = 0x10FFFF
# Valid values avoid control, surrogate, private-use and unassigned code points: the spec allows
# them only where it allows "anything", and no server is expected to round-trip them.
EXCLUDED_CATEGORIES: tuple[CategoryName, ...] = ("Cc", "Cs", "Co", "Cn")
LATIN = ((0xC0, 0xD6), (0xD8, 0xF6), (0xF8, 0x17F))
# Characters outside every name class that a charset violation may use (checked against the spec
# when an alphabet is built): ASCII punctuation and space come from the complement computed below.
UNICODE_OUTSIDERS = "éßΩЖアあ한Ａ€、。😀"


@dataclass(frozen=True)
class CharGroup:
    name: str
    ranges: Ranges

    def contains(self, char: str) -> bool:
        point = ord(char)
        return any(lo <= point <= hi for lo, hi in self.ranges)

    def strategy(self) -> SearchStrategy[str]:
        if sum(hi - lo + 1 for lo, hi in self.ranges) <= 64:
            return st.sampled_from([chr(p) for lo, hi in self.ranges for p in range(lo, hi + 1)])
        return st.one_of([
            st.characters(min_codepoint=lo, max_codepoint=hi,
                          exclude_categories=EXCLUDED_CATEGORIES)
            for lo, hi in self.ranges
        ])


Alphabet = tuple[CharGroup, ...]


def normalise(ranges: Iterable[tuple[int, int]]) -> Ranges:
    out: list[tuple[int, int]] = []
    for lo, hi in sorted(ranges):
        if out and lo <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return tuple(out)


def intersect(a: Ranges, b: Ranges) -> Ranges:
    return normalise((max(x, u), min(y, v)) for x, y in a for u, v in b if max(x, u) <= min(y, v))


def complement(a: Ranges) -> Ranges:
    out, start = [], 0
    for lo, hi in normalise(a):
        if lo > start:
            out.append((start, lo - 1))
        start = hi + 1
    if start <= MAX_CODE_POINT:
        out.append((start, MAX_CODE_POINT))
    return tuple(out)


def chars_ranges(chars: str) -> Ranges:
    return normalise((ord(c), ord(c)) for c in chars)


def restrict(alphabet: Alphabet, allowed: Ranges) -> Alphabet:
    """Each group cut down to ``allowed``; empty groups dropped."""
    cut = (CharGroup(g.name, intersect(g.ranges, allowed)) for g in alphabet)
    return tuple(g for g in cut if g.ranges)


def union(alphabet: Alphabet) -> Ranges:
    return normalise(r for g in alphabet for r in g.ranges)


def contains(alphabet: Alphabet, char: str) -> bool:
    return any(g.contains(char) for g in alphabet)


@lru_cache(maxsize=64)
def char_strategy(alphabet: Alphabet) -> SearchStrategy[str]:
    assert alphabet, "empty alphabet"
    return st.one_of([g.strategy() for g in alphabet])


@lru_cache(maxsize=64)
def text_chars(alphabet: Alphabet) -> SearchStrategy[str]:
    """One character strategy over the whole alphabet, in the form ``st.text`` draws fast (a
    single interval set: the bounding range minus the gaps). Hypothesis draws 80% of characters
    from the first 256 of the set, so ASCII members are frequent even beside CJK."""
    ranges = union(alphabet)
    lo, hi = ranges[0][0], ranges[-1][1]
    gaps = intersect(complement(ranges), ((lo, hi),))
    skip = "".join(chr(p) for a, b in gaps for p in range(a, b + 1) if not 0xD800 <= p <= 0xDFFF)
    return st.characters(min_codepoint=lo, max_codepoint=hi,
                         exclude_categories=EXCLUDED_CATEGORIES, exclude_characters=skip)


def class_ranges(table: Mapping[str, CharClass], classes: Iterable[str], chars: str = "") -> Ranges:
    return normalise([r for name in classes for r in table[name].ranges]
                     + list(chars_ranges(chars)))


def default_alphabet(table: Mapping[str, CharClass]) -> Alphabet:
    """What a free-text parameter draws from: every spec class, the rest of printable ASCII
    (punctuation and space, to exercise the wire encoding) and Latin letters."""
    groups = [CharGroup(name, normalise(cls.ranges)) for name, cls in table.items()]
    ascii_rest = intersect(complement(union(tuple(groups))), ((0x20, 0x7E),))
    groups.append(CharGroup("ascii_other", ascii_rest))
    groups.append(CharGroup("latin", intersect(complement(union(tuple(groups))), LATIN)))
    return tuple(g for g in groups if g.ranges)


def outsiders(allowed: Ranges, avoid: str = "") -> tuple[str, ...]:
    """Printable characters outside ``allowed`` (and not in ``avoid``), ASCII first."""
    candidates = [chr(p) for p in range(0x20, 0x7F)] + list(UNICODE_OUTSIDERS)
    ranges = normalise(allowed)
    return tuple(c for c in candidates
                 if c not in avoid and not any(lo <= ord(c) <= hi for lo, hi in ranges))
