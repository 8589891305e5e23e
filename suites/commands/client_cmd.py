"""``ecs-conformance client``: the client suite against an adapter; and ``client-table``: the
SDK compliance table generated from client-suite reports."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ecs_conformance.spec.editions import SEED, edition_names
from ecs_conformance.spec.problems import UsageError
from ecs_conformance.spec.profile import load_profile
from ecs_conformance.suites.clientkit.runner import ClientOptions, run_client
from ecs_conformance.suites.clientkit.session import BUDGETS
from ecs_conformance.suites.clientkit.table import replace_block, sdk_table
from ecs_conformance.suites.filekind import read_report_file
from ecs_conformance.suites.output import pytest_output, warning_filters
from ecs_conformance.suites.preflight import (
    REPORT_DIRS,
    check_report_dir,
    non_negative_int,
    positive_float,
)
from ecs_conformance.suites.summary import exit_code, print_summary


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    client = sub.add_parser("client", help="the client (SDK) suite against an adapter")
    client.add_argument("--adapter", required=True,
                        help="python:module:function or 'cmd:COMMAND ...' (README: Testing an SDK)")
    client.add_argument("--report-dir", default=REPORT_DIRS["client"],
                        help="where report.json, its renderings and pytest.log go")
    client.add_argument("--seed", type=non_negative_int, default=0, help="Hypothesis seed")
    client.add_argument("--budget", choices=list(BUDGETS), default="default",
                        help="generated calls per property: " + ", ".join(
                            f"{name} {count}" for name, count in BUDGETS.items()))
    client.add_argument("--timeout", type=positive_float, default=5.0,
                        help="timeout_s given to the client per call, in seconds")
    client.add_argument("--call-deadline", type=positive_float, default=20.0,
                        help="seconds one call may take before the adapter counts as hung, "
                             "honoured as given; keep it above --timeout")
    client.add_argument("--handshake-timeout", type=positive_float, default=30.0,
                        help="seconds a cmd: adapter has to print its handshake line")
    client.add_argument("-v", "--verbose", "--pytest-output", dest="verbose",
                        action="store_true",
                        help="show pytest's own output instead of the progress display "
                             "(default: it goes to pytest.log in the report directory)")
    client.add_argument("--edition", choices=edition_names(), default=SEED,
                        help="contract edition whose error rows the mock serves")
    client.set_defaults(handler=_run)
    table = sub.add_parser("client-table",
                           help="the SDK compliance table (Markdown) from client reports")
    table.add_argument("reports", nargs="+", help="report.json files of client runs")
    table.add_argument("--readme", help="rewrite the sdk-table block of this file in place")
    table.add_argument("--check", action="store_true",
                       help="with --readme: exit 1 if the block is not up to date")
    table.set_defaults(handler=_table)


def _run(args: argparse.Namespace) -> int:
    report_dir = check_report_dir("--report-dir", args.report_dir)
    secrets = load_profile(None).secrets  # the mock server's credentials (ClientSession)
    with pytest_output(report_dir, verbose=args.verbose, secrets=secrets) as (plugins, log):
        options = ClientOptions(
            adapter=args.adapter, report_dir=args.report_dir, seed=args.seed,
            budget=args.budget, timeout_s=args.timeout, call_deadline_s=args.call_deadline,
            handshake_timeout_s=args.handshake_timeout, verbose=args.verbose,
            plugins=tuple(plugins), pytest_flags=tuple(warning_filters()),
            edition=args.edition)
        data = run_client(options)
    print_summary(data, report_dir, stream=sys.stdout, log=log)
    return exit_code(data)


def _table(args: argparse.Namespace) -> int:
    reports = []
    for path in args.reports:
        try:
            reports.append(read_report_file(path))
        except OSError as exc:
            raise UsageError(f"{path}: cannot be read ({exc.strerror or exc})") from None
        except ValueError as exc:
            raise UsageError(str(exc)) from None
    bad = [p for p, r in zip(args.reports, reports, strict=True) if r.get("suite") != "client"]
    if bad:
        raise UsageError(f"not client-suite reports: {', '.join(bad)}")
    table = sdk_table(reports)
    if not args.readme:
        sys.stdout.write(table)
        return 0
    readme = Path(args.readme)
    try:
        text = readme.read_text(encoding="utf-8")
        updated = replace_block(text, table)
    except (OSError, ValueError) as exc:
        raise UsageError(f"{readme}: {exc}") from None
    if args.check:
        if updated != text:
            print(f"{readme}: the sdk-table block is out of date; regenerate it with "
                  f"ecs-conformance client-table {' '.join(args.reports)} --readme {readme}",
                  file=sys.stderr)
            return 1
        return 0
    readme.write_text(updated, encoding="utf-8")
    return 0
