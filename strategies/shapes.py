"""The canonical shape of one parameter's valid values, folded from its value-level rules.

Each value kind narrows a :class:`ValueShape` (length bounds, alphabet, first-character
alphabet, forbidden prefixes and substrings, boolean-ness); :mod:`strategies.kinds` maps every
kind to its narrower. Generators then build values from the shape directly.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

from ecs_conformance.spec.model import CharClass, Check
from ecs_conformance.strategies.alphabet import Alphabet, class_ranges, contains, restrict

# Upper bound used when generating values of parameters without a maximum length.
UNBOUNDED_CAP = 64
ASCII = ((0x00, 0x7F),)


@dataclass(frozen=True)
class ValueShape:
    parameter: str
    alphabet: Alphabet
    first: Alphabet
    min_len: int = 0
    max_len: int | None = None
    prefixes: tuple[str, ...] = ()
    substrings: tuple[str, ...] = ()
    boolean: bool = False
    constrained: bool = False

    @property
    def cap(self) -> int:
        return self.max_len if self.max_len is not None else max(self.min_len, UNBOUNDED_CAP)

    @property
    def forbidden(self) -> tuple[str, ...]:
        return self.prefixes + self.substrings

    def safe_char(self, first: bool = False) -> str:
        """A character allowed at that position that occurs in no forbidden string: writing it
        anywhere can break an occurrence of a forbidden string but never create one."""
        # both cases: a prefix in another case is grey (reading.reserved-prefix-case)
        banned = {x for ch in "".join(self.forbidden) for x in (ch.lower(), ch.upper())}
        for group in self.first if first else self.alphabet:
            for lo, hi in group.ranges:
                for point in range(lo, min(hi, lo + 256) + 1):
                    if chr(point) not in banned and chr(point).isprintable():
                        return chr(point)
        raise ValueError(f"{self.parameter}: no safe character in the alphabet")

    def allows(self, text: str, at_start: bool) -> bool:
        """Are the characters of ``text`` allowed (the first one as a first character)?"""
        return all(
            contains(self.first if at_start and i == 0 else self.alphabet, ch)
            for i, ch in enumerate(text)
        )


Narrow = Callable[[ValueShape, Check, Mapping[str, CharClass]], ValueShape]


def narrow_length(s: ValueShape, c: Check, t: Mapping[str, CharClass]) -> ValueShape:
    top = c.max if s.max_len is None else min(s.max_len, c.max if c.max is not None else s.max_len)
    return replace(s, min_len=max(s.min_len, c.min or 0), max_len=top)


def narrow_first_char(s: ValueShape, c: Check, t: Mapping[str, CharClass]) -> ValueShape:
    return replace(s, first=restrict(s.first, class_ranges(t, c.classes)))


def narrow_charset(s: ValueShape, c: Check, t: Mapping[str, CharClass]) -> ValueShape:
    allowed = class_ranges(t, c.classes, c.chars)
    return replace(s, alphabet=restrict(s.alphabet, allowed), first=restrict(s.first, allowed))


def narrow_prefix(s: ValueShape, c: Check, t: Mapping[str, CharClass]) -> ValueShape:
    return replace(s, prefixes=s.prefixes + c.prefixes)


def narrow_substring(s: ValueShape, c: Check, t: Mapping[str, CharClass]) -> ValueShape:
    return replace(s, substrings=s.substrings + c.substrings)


def narrow_non_empty(s: ValueShape, c: Check, t: Mapping[str, CharClass]) -> ValueShape:
    return replace(s, min_len=max(s.min_len, 1))


def narrow_boolean(s: ValueShape, c: Check, t: Mapping[str, CharClass]) -> ValueShape:
    return replace(s, boolean=True)


def narrow_ascii(s: ValueShape, c: Check, t: Mapping[str, CharClass]) -> ValueShape:
    return replace(s, alphabet=restrict(s.alphabet, ASCII), first=restrict(s.first, ASCII))
