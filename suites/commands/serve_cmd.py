"""``ecs-conformance serve``: the reference emulator over HTTP, and ``send``: one signed call."""

from __future__ import annotations

import argparse
import os
import sys

from spec.problems import UsageError
from suites.parse import parse_body
from suites.preflight import check_fault, check_port_free, check_url, port
from suites.repro import ENV_ID, ENV_SECRET
from suites.signer import Signer, Transport
from suites.targets import HttpTarget


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    serve = sub.add_parser("serve", help="serve the reference CopyImage emulator over HTTP")
    serve.add_argument("--host", default="127.0.0.1",
                       help="bind address (default: 127.0.0.1, loopback only)")
    serve.add_argument("--port", type=port, default=8080, help="TCP port to listen on")
    serve.add_argument("--profile", help="target profile YAML (default: the shipped one)")
    serve.add_argument("--fault", help="serve a named faulty variant "
                                       "(ecs-conformance run --list-faults lists them)")
    serve.set_defaults(handler=_serve)
    send = sub.add_parser(
        "send", help=f"sign one request afresh (credentials from ${ENV_ID} / ${ENV_SECRET}) "
                     "and print the answer; reports use it as their reproduction command")
    send.add_argument("--endpoint", required=True, help="e.g. http://127.0.0.1:8080")
    send.add_argument("--scheme", choices=["v1", "v3"], default="v3",
                      help="signature version")
    send.add_argument("--method", type=str.upper, choices=["GET", "POST"], default="POST",
                      help="HTTP method (parameters go in the query)")
    send.add_argument("--format", dest="fmt", default=None,
                      help="V1 Format parameter, e.g. JSON or XML (default: none sent)")
    send.add_argument("-p", "--param", action="append", default=[], metavar="NAME=VALUE",
                      help="a request parameter; repeat for more (default: none)")
    send.add_argument("--action", default="CopyImage", help="the API action")
    send.set_defaults(handler=_send)


def _serve(args: argparse.Namespace) -> int:
    from reference.serve import serve

    if args.fault is not None:
        check_fault("--fault", args.fault)
    check_port_free(args.host, args.port)
    try:
        serve(args.host, args.port, args.profile, args.fault)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    return 0


def _send(args: argparse.Namespace) -> int:
    key_id, secret = os.environ.get(ENV_ID), os.environ.get(ENV_SECRET)
    if not key_id or not secret:
        raise UsageError(f"set {ENV_ID} and {ENV_SECRET} to the target's credentials")
    params = []
    for item in args.param:
        name, sep, value = item.partition("=")
        if not sep:
            raise UsageError(f"--param expects NAME=VALUE, got {item!r}")
        params.append((name, value))
    check_url("--endpoint", args.endpoint)
    target = HttpTarget(args.endpoint)
    signer = Signer(key_id, secret, target.host, action=args.action)
    exchange = target.send(signer.sign(params, Transport(args.scheme, args.method.upper(),
                                                         "query", args.fmt)))
    target.close()
    if exchange.status is None:
        print(f"no answer: {exchange.problem}", file=sys.stderr)
        return 1
    print(f"HTTP {exchange.status}  {exchange.content_type}")
    print(exchange.body.decode("utf-8", "replace"))
    parsed = parse_body(exchange)
    return 0 if exchange.status < 400 and parsed.fmt else 1
