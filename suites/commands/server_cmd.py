"""``ecs-conformance run`` and ``ecs-conformance server``: the server suite through pytest."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import pytest

import ecs_conformance.suites.server as server_suite
from ecs_conformance.spec.editions import SEED, edition_names
from ecs_conformance.spec.problems import UsageError
from ecs_conformance.spec.profile import load_profile
from ecs_conformance.suites.faults_list import list_faults
from ecs_conformance.suites.isolation import isolated_plugins
from ecs_conformance.suites.live_guard import refuse_live
from ecs_conformance.suites.output import pytest_output, warning_filters
from ecs_conformance.suites.preflight import (
    EXTRAS,
    REPORT_DIRS,
    check_extra,
    check_fault,
    check_report_dir,
    check_url,
    non_negative_int,
    positive_float,
    workers,
)
from ecs_conformance.suites.runner import RunOptions
from ecs_conformance.suites.session import BUDGETS
from ecs_conformance.suites.summary import exit_code, print_summary

SUITE_DIR = Path(server_suite.__file__).parent
LIVE_HINT = " (successful copies are capped by --max-copies and cancelled afterwards)"


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--report-dir", default=REPORT_DIRS["server"],
                   help="where report.json, its renderings and pytest.log go")
    p.add_argument("--seed", type=non_negative_int, default=0, help="Hypothesis seed")
    p.add_argument("--budget", choices=list(BUDGETS), default="default",
                   help="generated examples per property: " + ", ".join(
                       f"{name} {count}" for name, count in BUDGETS.items()))
    p.add_argument("--timeout", type=positive_float, default=10.0, help="seconds per request")
    p.add_argument("-v", "--verbose", "--pytest-output", dest="verbose", action="store_true",
                   help="show pytest's own output instead of the progress display "
                        "(default: it goes to pytest.log in the report directory)")
    p.add_argument("--fail-fast", action="store_true",
                   help="stop at the first failed MUST check, the most fundamental first "
                        "(the rest is reported not reached)")
    p.add_argument("--edition", choices=edition_names(), default=None,
                   help="contract edition: seed (the default) or current (the default of "
                        "--live runs); see docs/editions.md")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    run = sub.add_parser("run", help="the server suite against the embedded reference emulator")
    _common(run)
    run.add_argument("--fault", help="run the emulator as a named faulty variant "
                                     "(see --list-faults)")
    run.add_argument("--list-faults", action="store_true",
                     help="list the faulty variants of the emulator, one a line, and exit")
    run.add_argument("--profile", help="target profile YAML (default: the shipped one)")
    run.set_defaults(handler=_run, endpoint=None, app=None, live=False, max_copies=3,
                     workers=None, rate_limit=None)
    server = sub.add_parser("server", help="the server suite against your endpoint or ASGI app")
    where = server.add_mutually_exclusive_group(required=True)
    where.add_argument("--endpoint", help="HTTP endpoint, e.g. http://127.0.0.1:8080")
    where.add_argument("--app", help="in-process ASGI app as module:attr (no sockets)")
    server.add_argument("--profile", required=True, help="target profile YAML")
    server.add_argument("--live", action="store_true",
                        help="allow the real cloud (*.aliyuncs.com); copies cost money")
    server.add_argument("--max-copies", type=non_negative_int, default=3,
                        help="live runs: at most this many real copies")
    server.add_argument("--rate-limit", type=positive_float, default=None, metavar="PER_SECOND",
                        help="at most this many requests per second (default: 5 with --live, "
                             "under the 1,000 CopyImage calls per 60 s the real API allows; "
                             "none for other targets)")
    _common(server)
    server.add_argument("-n", "--workers", type=workers, default=None,
                        help="spread the run over this many processes (a number, auto, or 0 "
                             "for one); "
                             f"needs pytest-xdist: {EXTRAS['xdist']} (default: one process)")
    server.set_defaults(handler=_run, fault=None, list_faults=False)


def pytest_args(args: argparse.Namespace) -> list[str]:
    out = [str(SUITE_DIR), "-p", "ecs_conformance.suites.plugin", "-p", "no:cacheprovider",
           f"--confcutdir={SUITE_DIR}",
           "-o", "addopts=", "--no-header", "-p", "no:randomly",
           "--ecs-report-dir", args.report_dir, "--ecs-seed", str(args.seed),
           "--ecs-budget", args.budget, "--ecs-timeout", str(args.timeout),
           "--ecs-max-copies", str(args.max_copies), "--ecs-edition", chosen_edition(args),
           *warning_filters()]
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
    if args.list_faults:
        return list_faults(sys.stdout)
    if args.live and args.edition is None:
        print("ecs-conformance: live run judged against edition 'current' (CopyImage as "
              "documented today); pass --edition seed for the seed page's contract",
              file=sys.stdout)
    report_dir = check_report_dir("--report-dir", args.report_dir)
    if args.endpoint:  # the real cloud first, then the URL's form; whether it answers last
        refuse_live(args.endpoint, live=args.live, hint=LIVE_HINT)
        check_url("--endpoint", args.endpoint)
    _preflight(args)  # the profile and the rest, then whether the endpoint answers
    report = report_dir / "report.json"
    report.unlink(missing_ok=True)
    secrets = load_profile(args.profile).secrets
    with pytest_output(report_dir, verbose=args.verbose, secrets=secrets) as (plugins, log), \
            isolated_plugins():
        # -p ecs_conformance.suites.plugin: xdist workers load it too
        code = pytest.main(pytest_args(args), plugins=plugins)
    if code in (pytest.ExitCode.INTERNAL_ERROR, pytest.ExitCode.USAGE_ERROR) or \
            not report.exists():
        where = f"; see {log}" if log else ""
        print(f"ecs-conformance: the suite did not complete (pytest exit {int(code)}{where})",
              file=sys.stderr)
        return 2
    data = json.loads(report.read_text(encoding="utf-8"))
    print_summary(data, report.parent, stream=sys.stdout, log=log)
    return exit_code(data)


def _preflight(args: argparse.Namespace) -> None:
    """Configuration errors surface here as exit 2, before pytest starts: a bad profile or
    app, and a target that does not answer the start-up probe (suites/probe.py)."""
    from ecs_conformance.suites.probe import probe
    from ecs_conformance.suites.runner import build_session

    if args.fault is not None:
        check_fault("--fault", args.fault)
    if args.workers:
        if args.endpoint is None and args.app is None:
            raise UsageError("--workers needs --endpoint or --app: the embedded emulator holds "
                             "its state in one process")
        check_extra("--workers", "xdist")
    session = build_session(RunOptions(
        endpoint=args.endpoint, app=args.app, fault=args.fault, profile=args.profile,
        timeout_s=args.timeout, live=args.live, rate_limit=args.rate_limit,
        edition=chosen_edition(args)))
    try:
        if args.endpoint or args.app:
            probe(session)
    finally:
        session.target.close()
