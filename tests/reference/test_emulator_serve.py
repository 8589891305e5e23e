"""The serve entry point: the banner it prints, and argument handling (no server started)."""

from __future__ import annotations

import importlib

import pytest

from ecs_conformance.reference import create_app
from ecs_conformance.reference.serve import banner, serve_main

# reference.serve (the function) shadows the module in the package namespace.
serve_module = importlib.import_module("ecs_conformance.reference.serve")


def test_banner_names_endpoint_and_credentials() -> None:
    text = banner(create_app(), "127.0.0.1", 8080)
    assert "http://127.0.0.1:8080/" in text
    assert "access key id:     testid" in text
    assert "access key secret: testsecret" in text and "public test value" in text


def test_banner_never_prints_the_secret_of_a_users_profile(tmp_path) -> None:
    from ecs_conformance.spec import load_profile

    own = tmp_path / "mine.yaml"
    own.write_text("credentials: {access_key_id: mine, access_key_secret: s3cr3t-value}\n"
                   "regions: {source: cn-hangzhou, destination: cn-shanghai}\n"
                   "images: {available: m-abc}\n", encoding="utf-8")
    text = banner(create_app(load_profile(own)), "127.0.0.1", 8080)
    assert "s3cr3t-value" not in text and "not printed" in text


def test_banner_names_the_fault() -> None:
    assert "FAULTY VARIANT:    name-max-129" in banner(create_app(fault="name-max-129"), "h", 1)


def test_serve_main_passes_options(monkeypatch: pytest.MonkeyPatch,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    seen: dict[str, object] = {}

    def fake_run(app: object, **kwargs: object) -> None:
        seen.update(kwargs, app=app)

    monkeypatch.setattr(serve_module.uvicorn, "run", fake_run)
    assert serve_main(["--port", "9999", "--fault", "v3-xml"]) == 0
    assert seen["host"] == "127.0.0.1" and seen["port"] == 9999
    assert "v3-xml" in capsys.readouterr().out
