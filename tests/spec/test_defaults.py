"""The defaults several layers state are defined once (spec/defaults.py) and every layer that
states them agrees: the options table, the emulator's own entry point, the OpenAPI export and
the reproduce lines of runs against the embedded emulator. That no layer spells the endpoint
again: tests/suites/test_cli_options.py (test_the_default_endpoint_is_written_once)."""

from __future__ import annotations

import importlib
import inspect

import pytest

from ecs_conformance.spec import load_spec
from ecs_conformance.spec.defaults import EDITION, SERVE_ENDPOINT, SERVE_HOST, SERVE_PORT
from ecs_conformance.spec.editions import edition_names
from ecs_conformance.spec.export import export_openapi
from ecs_conformance.suites import options
from ecs_conformance.suites.targets import DEFAULT_ENDPOINT

serve_module = importlib.import_module("ecs_conformance.reference.serve")


def test_the_defaults_are_a_loopback_endpoint_and_a_known_edition() -> None:
    assert SERVE_ENDPOINT == f"http://{SERVE_HOST}:{SERVE_PORT}"
    assert SERVE_HOST == "127.0.0.1"  # never the cloud, never every interface
    assert EDITION in edition_names()


def test_the_options_table_states_them() -> None:
    assert options.default("host", "serve") == SERVE_HOST
    assert options.default("port", "serve") == SERVE_PORT
    assert {options.default("edition", c) for c in ("serve", "client", "spec export")} == {
        EDITION}
    assert options.chosen_edition(None, live=False) == EDITION
    assert DEFAULT_ENDPOINT == SERVE_ENDPOINT


def test_the_emulator_entry_point_states_them(monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    params = inspect.signature(serve_module.serve).parameters
    assert (params["host"].default, params["port"].default, params["edition"].default) == (
        SERVE_HOST, SERVE_PORT, EDITION)
    seen: dict[str, object] = {}
    monkeypatch.setattr(serve_module.uvicorn, "run", lambda app, **kw: seen.update(kw))
    assert serve_module.serve_main([]) == 0
    assert (seen["host"], seen["port"]) == (SERVE_HOST, SERVE_PORT)
    out = capsys.readouterr().out
    assert f"listening on {SERVE_ENDPOINT}/" in out and f"contract edition:  {EDITION} " in out


def test_the_openapi_export_names_it_as_its_placeholder_server() -> None:
    assert [s["url"] for s in export_openapi(load_spec())["servers"]] == [SERVE_ENDPOINT]

