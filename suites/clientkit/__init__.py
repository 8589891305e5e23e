"""Support of the client suite: the mock ECS server (respx in-process, loopback HTTP), the
adapter drivers and contract, the client checks, the run and the SDK table."""

from ecs_conformance.suites.clientkit.contract import AdapterError, Handshake
from ecs_conformance.suites.clientkit.drivers import load_driver
from ecs_conformance.suites.clientkit.runner import ClientOptions, run_client
from ecs_conformance.suites.clientkit.session import ClientSession
from ecs_conformance.suites.clientkit.table import replace_block, sdk_table

__all__ = [
    "AdapterError",
    "ClientOptions",
    "ClientSession",
    "Handshake",
    "load_driver",
    "replace_block",
    "run_client",
    "sdk_table",
]
