"""``ecs-conformance serve``: the reference emulator over HTTP, and ``send``: one signed call."""

from __future__ import annotations

import argparse
import os
import sys

from ecs_conformance.spec.problems import UsageError
from ecs_conformance.spec.signing import new_nonce
from ecs_conformance.suites.defects import UnknownAccessKey
from ecs_conformance.suites.live_guard import refuse_live
from ecs_conformance.suites.option_parsers import add_options
from ecs_conformance.suites.parse import parse_body
from ecs_conformance.suites.preflight import check_fault, check_port_free, check_url
from ecs_conformance.suites.recipe import Recipe, recipe_from_args
from ecs_conformance.suites.recipe import add_options as add_recipe_options
from ecs_conformance.suites.repro import ENV_ID, ENV_SECRET, account_env
from ecs_conformance.suites.signer import Signer
from ecs_conformance.suites.targets import HttpTarget


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    serve = sub.add_parser("serve", help="serve the reference CopyImage emulator over HTTP")
    add_options(serve, "serve")
    serve.set_defaults(handler=_serve)
    send = sub.add_parser(
        "send", help=f"sign one request afresh (credentials from ${ENV_ID} / ${ENV_SECRET}) "
                     "and print the answer; reports use it as their reproduction command",
        description="Build one request as described, sign it afresh (new nonce, current time) "
                    "and print the answer. The options state every deliberate defect the "
                    "server suite sends, so a report's reproduce line rebuilds the same request.")
    add_options(send, "send", "endpoint")
    add_recipe_options(send)
    add_options(send, "send", "live")
    send.set_defaults(handler=_send)


def _serve(args: argparse.Namespace) -> int:
    from ecs_conformance.reference.serve import serve

    if args.fault is not None:
        check_fault("--fault", args.fault)
    check_port_free(args.host, args.port)
    try:
        serve(args.host, args.port, args.profile, args.fault, edition=args.edition)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    return 0


def _send(args: argparse.Namespace) -> int:
    refuse_live(args.endpoint, live=args.live)  # before credentials are even read
    check_url("--endpoint", args.endpoint)
    try:
        recipe = recipe_from_args(args)
    except argparse.ArgumentTypeError as exc:
        raise UsageError(str(exc)) from None
    key_id, secret = _credentials(recipe)
    target = HttpTarget(args.endpoint)
    signer = Signer(key_id, secret, target.host, account=recipe.account,
                    action=recipe.action, version=recipe.version)
    times, shared = recipe.rounds()
    nonce = new_nonce() if shared else None
    exchanges = [target.send(signer.build(recipe, nonce=nonce)) for _ in range(times)]
    target.close()
    for n, earlier in enumerate(exchanges[:-1], 1):
        print(f"answer {n} of {times}: HTTP {earlier.status or earlier.problem}", file=sys.stderr)
    exchange = exchanges[-1]
    if exchange.status is None:
        print(f"no answer: {exchange.problem}", file=sys.stderr)
        return 1
    print(f"HTTP {exchange.status}  {exchange.content_type}")
    print(exchange.body.decode("utf-8", "replace"))
    parsed = parse_body(exchange)
    return 0 if exchange.status < 400 and parsed.fmt else 1


def _credentials(recipe: Recipe) -> tuple[str, str]:
    """The key to sign with: none needed for a made-up key, else from the environment."""
    if any(isinstance(d, UnknownAccessKey) for d in recipe.defects):
        return "unused", "unused"  # the defect replaces both before signing
    id_var, secret_var = account_env(recipe.account)
    key_id, secret = os.environ.get(id_var), os.environ.get(secret_var)
    if not key_id or not secret:
        whose = f"the profile account {recipe.account!r}'s" if recipe.account else "the target's"
        raise UsageError(f"set {id_var} and {secret_var} to {whose} credentials")
    return key_id, secret
