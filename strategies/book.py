"""What the strategies read of an operation's contract, for any operation.

The primary operation's :class:`Spec` carries the readings of its source (grey characters,
prefixes, substring positions); another operation's :class:`Contract` has none. :class:`Book` is
the part both offer, and :func:`book_of` gives the one to build an operation's values and
violations from, so a breaker never asks which operation it breaks.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

from ecs_conformance.spec.model import CharClass, Contract, Parameter, Rule, Spec


class Book(Protocol):
    """An operation's parameters and rules, and where the readings of its source disagree
    (hashable: the shapes built from it are cached)."""

    def __hash__(self) -> int: ...

    @property
    def parameters(self) -> tuple[Parameter, ...]: ...

    @property
    def rules(self) -> tuple[Rule, ...]: ...

    @property
    def char_classes(self) -> Mapping[str, CharClass]: ...

    def parameter(self, name: str) -> Parameter: ...

    def rule(self, rule_id: str) -> Rule: ...

    def rules_for(self, parameter: str) -> tuple[Rule, ...]: ...

    def grey_chars(self, parameter: str) -> tuple[tuple[int, int], ...]: ...

    def grey_prefixes(self, parameter: str) -> tuple[str, ...]: ...

    def grey_mid_substring(self, rule_id: str) -> bool: ...


@dataclass(frozen=True)
class ContractBook:
    """A companion's contract as a :class:`Book`: its source has no recorded readings, so
    nothing is grey."""

    contract: Contract

    @property
    def parameters(self) -> tuple[Parameter, ...]:
        return self.contract.parameters

    @property
    def rules(self) -> tuple[Rule, ...]:
        return self.contract.rules

    @property
    def char_classes(self) -> Mapping[str, CharClass]:
        return self.contract.char_classes

    def parameter(self, name: str) -> Parameter:
        return self.contract.parameter(name)

    def rule(self, rule_id: str) -> Rule:
        return self.contract.rule(rule_id)

    def rules_for(self, parameter: str) -> tuple[Rule, ...]:
        return self.contract.rules_for(parameter)

    def grey_chars(self, parameter: str) -> tuple[tuple[int, int], ...]:
        return ()

    def grey_prefixes(self, parameter: str) -> tuple[str, ...]:
        return ()

    def grey_mid_substring(self, rule_id: str) -> bool:
        return False


def book_of(spec: Spec, contract: Contract) -> Book:
    """The book to build ``contract``'s requests from: the spec itself for the primary operation
    (its readings apply), the contract alone for another one."""
    if contract.primary:
        return spec
    return ContractBook(contract)
