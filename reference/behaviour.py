"""The switches a faulty variant flips, and the spec view the emulator reads through them.

The clean emulator and every variant run the same code: it asks :class:`Behaviour` for the rules,
the error rows and the gateway errors (which a :class:`Fault` may patch or drop) and consults
:meth:`Behaviour.on` at the few places a behaviour flag changes the wire answer.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from ecs_conformance.reference.calls import Call
from ecs_conformance.reference.errors import Refusal
from ecs_conformance.spec.model import Rule, Spec

#: Every behaviour flag the emulator consults (a fault naming another one fails loudly).
FLAGS = frozenset({
    "error-without-hostid", "error-without-requestid", "xml-root-result", "v1-default-json",
    "format-xml-ignored", "v3-xml", "v1-signature-unchecked", "v3-signature-unchecked",
    "v3-fixed-signed-headers", "content-sha256-unchecked", "nonce-unchecked",
    "timestamp-window-unchecked", "timestamp-format-lenient", "version-unchecked",
    "booleans-case-sensitive", "get-refused", "form-body-ignored", "plus-kept",
    "queue-ignored", "delete-while-copying", "cancel-finished", "dry-run-ignored",
    "success-with-code", "json-text-plain", "xml-application-xml", "image-id-prefix",
    "request-id-lowercase", "extra-params-rejected", "v1-json-ignored", "form-format-ignored",
    "post-query-refused", "v1-signature-rejected", "unsigned-v1-accepted",
    "nonce-optional", "copy-available-at-once", "destination-required",
    "same-image-queued", "same-image-refused", "delete-while-copying-400",
    "describe-total-missing", "cancel-not-from-copy-accepted", "cancel-not-served",
    "delete-answer-empty-request-id", "cancel-finished-not-from-copy",
})
Patch = Mapping[str, Any] | None
NO_PATCHES: Mapping[str, Patch] = MappingProxyType({})
NO_ANSWERS: Mapping[str, Refusal] = MappingProxyType({})


@dataclass(frozen=True)
class Fault:
    """A single-fault variant of the emulator.

    ``rules`` maps a rule ID to Check-field overrides (``None``: the rule is not enforced);
    ``rows`` maps an error-row ID (``InvalidImageName.Malformed~destination``) or a gateway/extra
    code to overrides of
    ``status``/``code``/``message`` (``None``: the state row is not enforced). ``witness`` is a
    run of requests that the variant answers differently from the clean emulator.
    ``answers`` maps a flag to the error the variant answers where the flag applies, when that
    answer is no row of the edition's spec (a wrong code, or a refusal the edition lacks).
    ``editions`` are the contract editions the variant breaks (the first one serves its
    witness); ``passes_in`` those whose contract it follows, where the suite must not fail it.
    """

    name: str
    description: str
    requirements: tuple[str, ...]
    witness: tuple[Call, ...]
    flags: frozenset[str] = frozenset()
    rules: Mapping[str, Patch] = field(default_factory=lambda: NO_PATCHES)
    rows: Mapping[str, Patch] = field(default_factory=lambda: NO_PATCHES)
    editions: tuple[str, ...] = ("seed",)
    passes_in: tuple[str, ...] = ()
    answers: Mapping[str, Refusal] = field(default_factory=lambda: NO_ANSWERS)


class Behaviour:
    """The spec as the emulator applies it, with one optional fault folded in."""

    def __init__(self, spec: Spec, fault: Fault | None = None) -> None:
        self.spec = spec
        self.fault = fault
        self._flags = fault.flags if fault else frozenset()
        unknown = self._flags - FLAGS
        if unknown:
            raise ValueError(f"fault {fault.name if fault else ''!r}: unknown flags "
                             f"{sorted(unknown)}; known: {sorted(FLAGS)}")
        self._answers = fault.answers if fault else NO_ANSWERS
        for flag in self._answers:
            if flag not in self._flags:
                raise ValueError(f"fault {fault.name if fault else ''!r}: an answer for flag "
                                 f"{flag!r}, which it does not set")
        rule_patches = fault.rules if fault else NO_PATCHES
        self._row_patches = fault.rows if fault else NO_PATCHES
        known_rows = ({row.id for row in spec.error_rows} | {g.code for g in spec.gateway_errors}
                      | {e.code for e in spec.extra_codes})
        for key in self._row_patches:
            if key not in known_rows:
                raise ValueError(f"fault patches unknown error row or code {key!r}")
        known_rules = {rule.id for c in spec.contracts() for rule in c.rules}
        #: rules of the companions (spec/operations/) this variant does not enforce
        self.unenforced: frozenset[str] = frozenset(
            r for r, patch in rule_patches.items() if patch is None)
        for rule_id in rule_patches:
            if rule_id not in known_rules:
                raise ValueError(f"fault patches unknown rule {rule_id!r}")
        self.rules: tuple[Rule, ...] = tuple(
            _patched(rule, rule_patches[rule.id]) if rule.id in rule_patches else rule
            for rule in spec.rules
            if not (rule.id in rule_patches and rule_patches[rule.id] is None)
        )

    def same_image_conflict(self) -> Refusal | None:
        """The answer to a second copy of an image whose copy is in progress, when the edition
        refuses it (requirement state.same-image-conflict); None: such copies queue."""
        if self.on("same-image-queued"):
            return None
        row = _conflict_row(self.spec)
        if row is not None:
            return self.row(row)
        if self.on("same-image-refused"):  # a variant refusing what the seed queues
            return self.answer("same-image-refused")
        return None

    def delete_while_copying(self) -> Refusal:
        """DeleteImage of a copy in progress: DeleteImage's documented row (its wording is the
        edition's)."""
        if self.on("delete-while-copying-400"):
            return self.answer("delete-while-copying-400")
        row = self.spec.contract("DeleteImage").row("image-copying")
        return Refusal(row.status, row.code, row.message)

    def on(self, flag: str) -> bool:
        if flag not in FLAGS:
            raise KeyError(f"unknown behaviour flag {flag!r}")
        return flag in self._flags

    def answer(self, flag: str) -> Refusal:
        """The error the variant answers where ``flag`` applies (its ``answers``)."""
        if flag not in self._answers:
            name = self.fault.name if self.fault else ""
            raise KeyError(f"fault {name!r} sets flag {flag!r} but gives no answer for it "
                           "(Fault.answers)")
        return self._answers[flag]

    def enforced(self, key: str) -> bool:
        """False when the fault drops the error row ``key`` (an ID such as
        ``OperationDeined.EncryptedSnapshot``)."""
        return not (key in self._row_patches and self._row_patches[key] is None)

    def row(self, row_id: str) -> Refusal:
        row = self.spec.row(row_id)
        return self._patch(row_id, Refusal(row.status, row.code, row.message))

    def gateway(self, code: str, **fields: str) -> Refusal:
        found = self.spec.gateway_error(code)
        message = found.message.format(**fields) if fields else found.message
        return self._patch(code, Refusal(found.status, found.code, message))

    def extra(self, code: str) -> Refusal:
        for extra in self.spec.extra_codes:
            if extra.code == code:
                return self._patch(code, Refusal(extra.status, code, extra.message or ""))
        raise KeyError(f"unknown extra code {code!r}")

    def _patch(self, key: str, refusal: Refusal) -> Refusal:
        patch = self._row_patches.get(key)
        return dataclasses.replace(refusal, **patch) if patch else refusal


def _conflict_row(spec: Spec) -> str | None:
    found = [r for r in spec.state_requirements if r.id == "state.same-image-conflict"]
    if not found or found[0].expect is None or not found[0].expect.code:
        return None
    rows = spec.rows_for_code(found[0].expect.code)
    return rows[0].id if rows else None


def _patched(rule: Rule, patch: Patch) -> Rule:
    check = dataclasses.replace(rule.check, **(patch or {}))
    return dataclasses.replace(rule, check=check)
