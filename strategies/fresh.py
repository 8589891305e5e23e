"""Fresh names and tokens: values that rarely repeat, and a deterministic rewrite of a request
whose name or token was already used.

Names must also be unique *across* runs: a persistent target keeps the copies of earlier runs
(and of runs going on at the same time), while Hypothesis, seeded, draws the same names in every
run. :func:`stamp` gives a valid name a run-unique part derived from a per-run key.

Hypothesis deliberately replays parts of earlier examples, so even a 62**8-wide random tail
repeats across the examples of one run; a suite that must not send a name twice (a second copy
under one name is a duplicate) keeps the used values and passes them to :func:`refresh`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Mapping

from hypothesis.strategies import SearchStrategy

from ecs_conformance.spec import roles
from ecs_conformance.spec.model import Spec
from ecs_conformance.spec.predicates import holds
from ecs_conformance.strategies.alphabet import contains
from ecs_conformance.strategies.kinds import shape_of
from ecs_conformance.strategies.text import FRESH_LEN, fresh_text, repair, tail_alphabet

# Parameters whose valid values should not repeat are those with role ``fresh``: names (a second
# copy under one name is a duplicate) and idempotence tokens (a reused token means "the same
# request again").


def fresh_value(spec: Spec, parameter: str) -> SearchStrategy[str]:
    """Valid values ending in 8 characters spelled from a 62**8-wide integer (rare repeats)."""
    return fresh_text(shape_of(spec, parameter))


def refresh(spec: Spec, params: Mapping[str, str], used: Collection[str]) -> dict[str, str]:
    """``params`` with every name or token found in ``used`` rewritten to an unused valid value
    of the same length (its last characters counted up); validity is kept by construction."""
    out = dict(params)
    for name in roles.names(spec, roles.FRESH):
        if out.get(name, "") in used and out.get(name):
            out[name] = _unused(spec, name, out[name], used)
    return out


def _unused(spec: Spec, parameter: str, value: str, used: Collection[str]) -> str:
    shape = shape_of(spec, parameter)
    digits = tail_alphabet(shape)
    keep = max(len(value) - FRESH_LEN, 1 if shape.first != shape.alphabet else 0)
    width = len(value) - keep
    for number in range(1, len(digits) ** width):
        tail = ""
        for _ in range(width):
            number, rest = divmod(number, len(digits))
            tail += digits[rest]
        candidate = repair(value[:keep] + tail, shape)
        if candidate not in used:
            return candidate
    raise ValueError(f"{parameter}: every value like {value!r} is used")


# A stamp replaces at most the last STAMP_LEN characters; from STAMP_ALNUM characters on they are
# letters and digits (62**5 and more values), below that core CJK ideographs (20,902 per
# character), so that a 2-character name still has 20,902 run-dependent spellings.
STAMP_LEN = 8
STAMP_ALNUM = 5
CJK_CORE = (0x4E00, 0x9FA5)


def stamp(spec: Spec, parameter: str, value: str, key: str, salt: int = 0) -> str:
    """``value`` with its tail (all but its first character, at most :data:`STAMP_LEN`
    characters) rewritten from a hash of ``key`` (the run's token), ``salt`` and ``value``:
    the same length, the same first character, valid whenever ``value`` was (a stamp that
    would break a rule is not applied). Deterministic within a run; different across runs."""
    keep = max(1, len(value) - STAMP_LEN)
    width = len(value) - keep
    if width <= 0:
        return value
    shape = shape_of(spec, parameter)
    number = int.from_bytes(hashlib.sha256(f"{key}\0{salt}\0{value}".encode()).digest(), "big")
    low, high = CJK_CORE
    if width >= STAMP_ALNUM or not contains(shape.alphabet, chr(low)):
        digits = tail_alphabet(shape)
        tail = ""
        for _ in range(width):
            number, rest = divmod(number, len(digits))
            tail += digits[rest]
    else:
        tail = "".join(chr(low + (number >> (16 * i)) % (high - low + 1)) for i in range(width))
    stamped = repair(value[:keep] + tail, shape)
    rules = spec.rules_for(parameter)
    params = {parameter: stamped}
    if not all(holds(r, params, spec.char_classes) for r in rules):
        return value
    return stamped
