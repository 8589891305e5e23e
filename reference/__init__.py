"""The reference CopyImage emulator (an ASGI app), its in-process client and the catalogue of
single-fault variants. Imports :mod:`spec` only: the oracle stays independent of the suites.
"""

from reference.app import App, create_app
from reference.behaviour import Behaviour, Fault
from reference.calls import BASE_COPY, Call
from reference.client import EmulatorClient, Reply, call_asgi
from reference.clock import Clock
from reference.errors import Refusal
from reference.faults import FAULTS
from reference.serve import serve, serve_main
from reference.state import EmulatorState, Image

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
