"""Fresh names and tokens: values that rarely repeat, and a deterministic rewrite of a request
whose name or token was already used.

Hypothesis deliberately replays parts of earlier examples, so even a 62**8-wide random tail
repeats across the examples of one run; a suite that must not send a name twice (a second copy
under one name is a duplicate) keeps the used values and passes them to :func:`refresh`.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

from hypothesis.strategies import SearchStrategy

from spec.model import Spec
from strategies.kinds import shape_of
from strategies.text import FRESH_LEN, fresh_text, repair, tail_alphabet

# Parameters whose valid values should not repeat: names (a second copy under one name is a
# duplicate) and idempotence tokens (a reused token means "the same request again").
FRESH = ("DestinationImageName", "ClientToken")


def fresh_value(spec: Spec, parameter: str) -> SearchStrategy[str]:
    """Valid values ending in 8 characters spelled from a 62**8-wide integer (rare repeats)."""
    return fresh_text(shape_of(spec, parameter))


def refresh(spec: Spec, params: Mapping[str, str], used: Collection[str]) -> dict[str, str]:
    """``params`` with every name or token found in ``used`` rewritten to an unused valid value
    of the same length (its last characters counted up); validity is kept by construction."""
    out = dict(params)
    for name in FRESH:
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
