"""The catalogue of single-fault variants: ``create_app(fault=name)`` selects one.

Each :class:`~reference.behaviour.Fault` names the spec requirement IDs it violates and a
*witness*: a run of :class:`~reference.calls.Call` requests (see ``reference/calls.py`` for the
placeholders) that the variant answers differently from the clean emulator. The server suite
must catch every variant; the project's tests prove each witness.
"""

from __future__ import annotations

from types import MappingProxyType

from ecs_conformance.reference.behaviour import Fault
from ecs_conformance.reference.faults_editions import FAULTS_EDITIONS
from ecs_conformance.reference.faults_input import FAULTS_INPUT
from ecs_conformance.reference.faults_more import FAULTS_MORE
from ecs_conformance.reference.faults_operations import FAULTS_OPERATIONS
from ecs_conformance.reference.faults_protocol import FAULTS_PROTOCOL

ALL = FAULTS_INPUT + FAULTS_MORE + FAULTS_PROTOCOL + FAULTS_EDITIONS + FAULTS_OPERATIONS
FAULTS: MappingProxyType[str, Fault] = MappingProxyType({fault.name: fault for fault in ALL})
assert len(FAULTS) == len(ALL), "duplicate fault names"

__all__ = ["FAULTS", "Fault"]
