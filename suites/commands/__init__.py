"""One module per CLI command group; each exposes ``register(subparsers)``."""

from __future__ import annotations

import argparse
from typing import Any

from ecs_conformance.suites.commands import client_cmd, report_cmd, serve_cmd, server_cmd, spec_cmd

__all__ = ["register_all"]

MODULES = (server_cmd, client_cmd, serve_cmd, report_cmd, spec_cmd)


def register_all(sub: argparse._SubParsersAction[Any]) -> None:
    for module in MODULES:
        module.register(sub)
