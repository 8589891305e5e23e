"""The reference CopyImage emulator (an ASGI app), its in-process client and the catalogue of
single-fault variants. Imports :mod:`spec` only: the oracle stays independent of the suites.
"""

from ecs_conformance.reference.app import App, create_app
from ecs_conformance.reference.behaviour import Behaviour, Fault
from ecs_conformance.reference.calls import BASE_COPY, Call
from ecs_conformance.reference.client import EmulatorClient, Reply, call_asgi
from ecs_conformance.reference.clock import Clock
from ecs_conformance.reference.errors import Refusal
from ecs_conformance.reference.faults import FAULTS
from ecs_conformance.reference.serve import serve, serve_main
from ecs_conformance.reference.state import EmulatorState, Image

__all__ = [
    "BASE_COPY",
    "FAULTS",
    "App",
    "Behaviour",
    "Call",
    "Clock",
    "EmulatorClient",
    "EmulatorState",
    "Fault",
    "Image",
    "Refusal",
    "Reply",
    "call_asgi",
    "create_app",
    "serve",
    "serve_main",
]
