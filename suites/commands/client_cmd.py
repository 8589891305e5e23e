"""``ecs-conformance client``: the client suite against an adapter; and ``client-table``: the
SDK compliance table generated from client-suite reports."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from reports import ReportFormatError, read_report
from spec.problems import UsageError
from suites.clientkit.runner import ClientOptions, run_client
from suites.clientkit.table import replace_block, sdk_table
from suites.summary import exit_code, print_summary


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    client = sub.add_parser("client", help="the client (SDK) suite against an adapter")
    client.add_argument("--adapter", required=True,
                        help="python:module:function or 'cmd:COMMAND ...' (README: Testing an SDK)")
    client.add_argument("--report-dir", default="conformance-report")
    client.add_argument("--seed", type=int, default=0, help="Hypothesis seed (default 0)")
    client.add_argument("--budget", choices=["quick", "default", "thorough"], default="default")
    client.add_argument("--timeout", type=float, default=5.0,
                        help="timeout_s given to the client per call (default 5)")
    client.add_argument("--call-deadline", type=float, default=20.0,
                        help="seconds one call may take before the adapter counts as hung, "
                             "honoured as given; keep it above --timeout (default 20)")
    client.add_argument("--handshake-timeout", type=float, default=30.0)
    client.add_argument("-v", "--verbose", action="store_true", help="show pytest's progress")
    client.set_defaults(handler=_run)
    table = sub.add_parser("client-table",
                           help="the SDK compliance table (Markdown) from client reports")
    table.add_argument("reports", nargs="+", help="report.json files of client runs")
    table.add_argument("--readme", help="rewrite the sdk-table block of this file in place")
    table.add_argument("--check", action="store_true",
                       help="with --readme: exit 1 if the block is not up to date")
    table.set_defaults(handler=_table)


def _run(args: argparse.Namespace) -> int:
    for flag, value in (("--timeout", args.timeout), ("--call-deadline", args.call_deadline),
                        ("--handshake-timeout", args.handshake_timeout)):
        if not value > 0:  # also NaN
            raise UsageError(f"{flag} must be a positive number of seconds, got {value:g}")
    options = ClientOptions(
        adapter=args.adapter, report_dir=args.report_dir, seed=args.seed, budget=args.budget,
        timeout_s=args.timeout, call_deadline_s=args.call_deadline,
        handshake_timeout_s=args.handshake_timeout, verbose=args.verbose)
    data = run_client(options)
    print_summary(data, Path(args.report_dir), stream=sys.stdout)
    return exit_code(data)


def _table(args: argparse.Namespace) -> int:
    reports = []
    for path in args.reports:
        try:
            reports.append(read_report(path))
        except (OSError, ReportFormatError) as exc:
            raise UsageError(f"{path}: {exc}") from None
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
