"""``ecs-conformance run`` and ``ecs-conformance server``: the server suite through pytest."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import pytest

import suites.server
from spec.editions import SEED, edition_names
from spec.problems import UsageError
from suites.isolation import isolated_plugins
from suites.runner import RunOptions, check_endpoint
from suites.summary import exit_code, print_summary

SUITE_DIR = Path(suites.server.__file__).parent


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--report-dir", default="conformance-report",
                   help="where report.json and its renderings go (default ./conformance-report)")
    p.add_argument("--seed", type=int, default=0, help="Hypothesis seed (default 0)")
    p.add_argument("--budget", choices=["quick", "default", "thorough"], default="default")
    p.add_argument("--timeout", type=float, default=10.0, help="seconds per request (default 10)")
    p.add_argument("-v", "--verbose", action="store_true", help="show pytest's progress")
    p.add_argument("--fail-fast", action="store_true",
                   help="stop at the first failed MUST check (the rest is reported not reached)")
    p.add_argument("-n", "--workers", default=None,
                   help="pytest-xdist workers (e.g. 2 or auto); default: one process")
    p.add_argument("--edition", choices=edition_names(), default=None,
                   help="contract edition: seed (the default) or current (the default of "
                        "--live runs); see docs/editions.md")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    run = sub.add_parser("run", help="the server suite against the embedded reference emulator")
    _common(run)
    run.add_argument("--fault", help=argparse.SUPPRESS)  # faulty variants, for our own tests
    run.add_argument("--profile", help=argparse.SUPPRESS)
    run.set_defaults(handler=_run, endpoint=None, app=None, live=False, max_copies=3,
                     rate_limit=None)
    server = sub.add_parser("server", help="the server suite against your endpoint or ASGI app")
    where = server.add_mutually_exclusive_group(required=True)
    where.add_argument("--endpoint", help="HTTP endpoint, e.g. http://127.0.0.1:8080")
    where.add_argument("--app", help="in-process ASGI app as module:attr (no sockets)")
    server.add_argument("--profile", required=True, help="target profile YAML")
    server.add_argument("--live", action="store_true",
                        help="allow the real cloud (*.aliyuncs.com); copies cost money")
    server.add_argument("--max-copies", type=int, default=3,
                        help="live runs: at most this many real copies (default 3)")
    server.add_argument("--rate-limit", type=float, default=None, metavar="PER_SECOND",
                        help="at most this many requests per second (default: 5 with --live, "
                             "under the 1,000 CopyImage calls per 60 s the real API allows; "
                             "none for other targets)")
    _common(server)
    server.set_defaults(handler=_run, fault=None)


def pytest_args(args: argparse.Namespace) -> list[str]:
    out = [str(SUITE_DIR), "-p", "suites.plugin", "-p", "no:cacheprovider",
           f"--confcutdir={SUITE_DIR}",
           "-o", "addopts=", "--no-header", "-p", "no:randomly",
           "--ecs-report-dir", args.report_dir, "--ecs-seed", str(args.seed),
           "--ecs-budget", args.budget, "--ecs-timeout", str(args.timeout),
           "--ecs-max-copies", str(args.max_copies), "--ecs-edition", chosen_edition(args)]
    out += ["-q", "-rN"] if not args.verbose else ["-v"]
    for flag, value in (("--ecs-endpoint", args.endpoint), ("--ecs-app", args.app),
                        ("--ecs-profile", args.profile), ("--ecs-fault", args.fault)):
        if value:
            out += [flag, value]
    if args.live:
        out.append("--ecs-live")
    if args.rate_limit is not None:
        out += ["--ecs-rate-limit", str(args.rate_limit)]
    if args.endpoint or args.app:
        out.append("--ecs-no-probe")  # _preflight has sent it
    if args.fail_fast:
        out.append("-x")
    if args.workers:
        out += ["-p", "xdist.plugin", "-n", str(args.workers)]
    return out


def chosen_edition(args: argparse.Namespace) -> str:
    """--edition, else current for --live runs (the real cloud as documented today), else seed."""
    return str(args.edition or ("current" if args.live else SEED))


def _run(args: argparse.Namespace) -> int:
    if args.live and args.edition is None:
        print("ecs-conformance: live run judged against edition 'current' (CopyImage as "
              "documented today); pass --edition seed for the seed page's contract",
              file=sys.stdout)
    if args.endpoint:
        check_endpoint(args.endpoint, live=args.live)
    _preflight(args)
    report = Path(args.report_dir) / "report.json"
    report.unlink(missing_ok=True)
    with isolated_plugins():
        code = pytest.main(pytest_args(args))  # -p suites.plugin: xdist workers load it too
    if code in (pytest.ExitCode.INTERNAL_ERROR, pytest.ExitCode.USAGE_ERROR) or \
            not report.exists():
        print(f"ecs-conformance: the suite did not complete (pytest exit {int(code)})",
              file=sys.stderr)
        return 2
    data = json.loads(report.read_text(encoding="utf-8"))
    print_summary(data, report.parent, stream=sys.stdout)
    return exit_code(data)


def _preflight(args: argparse.Namespace) -> None:
    """Configuration errors surface here as exit 2, before pytest starts: a bad profile or
    app, and a target that does not answer the start-up probe (suites/probe.py)."""
    from suites.probe import probe
    from suites.runner import build_session

    session = build_session(RunOptions(
        endpoint=args.endpoint, app=args.app, fault=args.fault, profile=args.profile,
        timeout_s=args.timeout, live=args.live, rate_limit=args.rate_limit,
        edition=chosen_edition(args)))
    try:
        if args.endpoint or args.app:
            probe(session)
    finally:
        session.target.close()
    if args.workers and args.endpoint is None and args.app is None:
        raise UsageError("--workers needs --endpoint: the embedded emulator holds its state "
                         "in one process")
