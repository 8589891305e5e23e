"""``ecs-conformance client``: the client suite against an adapter; and ``client-table``: the
SDK compliance table generated from client-suite reports."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ecs_conformance.spec.problems import UsageError
from ecs_conformance.spec.profile import load_profile
from ecs_conformance.suites.clientkit.runner import ClientOptions, run_client
from ecs_conformance.suites.clientkit.table import replace_block, sdk_table
from ecs_conformance.suites.filekind import read_report_file
from ecs_conformance.suites.option_parsers import add_options, cli_values, options_object
from ecs_conformance.suites.output import pytest_output, warning_filters
from ecs_conformance.suites.preflight import check_report_dir
from ecs_conformance.suites.summary import exit_code, print_summary


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    client = sub.add_parser("client", help="the client (SDK) suite against an adapter")
    add_options(client, "client")
    client.set_defaults(handler=_run)
    table = sub.add_parser("client-table",
                           help="the SDK compliance table (Markdown) from client reports")
    table.add_argument("reports", nargs="+", help="report.json files of client runs")
    add_options(table, "client-table")
    table.set_defaults(handler=_table)


def _run(args: argparse.Namespace) -> int:
    report_dir = check_report_dir("--report-dir", args.report_dir)
    secrets = load_profile(None).secrets  # the mock server's credentials (ClientSession)
    with pytest_output(report_dir, verbose=args.verbose, secrets=secrets) as (plugins, log):
        options = options_object(ClientOptions, cli_values(args, "client"),
                                 plugins=tuple(plugins), pytest_flags=tuple(warning_filters()))
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
