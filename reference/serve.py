"""Serve the emulator over HTTP with uvicorn (``ecs-conformance serve``)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

import uvicorn

from ecs_conformance.reference.app import App, create_app
from ecs_conformance.spec.defaults import EDITION, SERVE_HOST, SERVE_PORT
from ecs_conformance.spec.editions import edition_names
from ecs_conformance.spec.loader import load_spec
from ecs_conformance.spec.profile import DEFAULT_PROFILE, Profile, load_profile


def banner(app: App, host: str, port: int) -> str:
    """What to tell the user: the endpoint and the credentials of the (local, fake) target."""
    creds = app.profile.credentials
    lines = [
        f"ECS CopyImage emulator listening on http://{host}:{port}/",
        f"  profile:           {app.profile.path}",
        f"  endpoint:          {host}:{port} (protocol http)",
        f"  access key id:     {creds.access_key_id}",
        f"  access key secret: {_secret_hint(app.profile)}",
        f"  regions:           source {app.profile.source_region}, "
        f"destination {app.profile.destination_region}",
    ]
    lines.append(f"  contract edition:  {app.spec.edition.name} ({app.spec.digest})")
    if app.fault is not None:
        lines.append(f"  FAULTY VARIANT:    {app.fault.name} - {app.fault.description}")
    return "\n".join(lines)


def _secret_hint(profile: Profile) -> str:
    """The shipped profile's secret is a public test value; a user's own profile may hold a
    real one, so it is never printed (secrets never reach logs)."""
    if Path(profile.path).resolve() == DEFAULT_PROFILE.resolve():
        secret = profile.credentials.access_key_secret
        return f"{secret}  (public test value of the shipped profile)"
    return f"credentials.access_key_secret in {profile.path} (not printed)"


def serve(host: str = SERVE_HOST, port: int = SERVE_PORT, profile_path: str | None = None,
          fault: str | None = None, *, out: TextIO | None = None,
          edition: str = EDITION) -> None:
    """Run the emulator until interrupted; prints the endpoint and the credentials to use."""
    profile: Profile = load_profile(profile_path)
    app = create_app(profile, fault=fault, spec=load_spec(edition=edition))
    print(banner(app, host, port), file=out or sys.stdout, flush=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", lifespan="on")


def serve_main(argv: Sequence[str] | None = None) -> int:
    """``ecs-conformance serve [--host H] [--port P] [--profile FILE] [--fault NAME]``."""
    parser = argparse.ArgumentParser(prog="ecs-conformance serve",
                                     description="Serve the reference CopyImage emulator.")
    parser.add_argument("--host", default=SERVE_HOST,
                        help=f"bind address (default: {SERVE_HOST}, loopback only)")
    parser.add_argument("--port", type=int, default=SERVE_PORT,
                        help=f"TCP port to listen on (default: {SERVE_PORT})")
    parser.add_argument("--profile", default=None, help="target profile YAML (default: shipped)")
    parser.add_argument("--fault", default=None, help="serve a faulty variant by name")
    parser.add_argument("--edition", choices=edition_names(), default=EDITION,
                        help=f"contract edition to serve (default {EDITION})")
    args = parser.parse_args(list(argv) if argv is not None else None)
    serve(args.host, args.port, args.profile, args.fault, edition=args.edition)
    return 0
