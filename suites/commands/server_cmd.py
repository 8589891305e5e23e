"""``ecs-conformance run`` and ``ecs-conformance server``: the server suite through pytest."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import pytest

import ecs_conformance.suites.server as server_suite
from ecs_conformance.spec.problems import UsageError
from ecs_conformance.spec.profile import load_profile
from ecs_conformance.suites.faults_list import list_faults
from ecs_conformance.suites.isolation import isolated_plugins
from ecs_conformance.suites.live_guard import refuse_live
from ecs_conformance.suites.option_parsers import (
    Carried,
    add_options,
    cli_values,
    fill_defaults,
    options_object,
    suite_pytest_args,
)
from ecs_conformance.suites.options import chosen_edition as resolve_edition
from ecs_conformance.suites.output import pytest_output, warning_filters
from ecs_conformance.suites.preflight import (
    check_extra,
    check_fault,
    check_report_dir,
    check_url,
)
from ecs_conformance.suites.runner import RunOptions
from ecs_conformance.suites.summary import exit_code, print_summary

SUITE_DIR = Path(server_suite.__file__).parent
PLUGIN_MODULE = "ecs_conformance.suites.plugin"  # by name too: xdist workers load it
LIVE_HINT = " (successful copies are capped by --max-copies and cancelled afterwards)"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    run = sub.add_parser("run", help="the server suite against the embedded reference emulator")
    add_options(run, "run")
    fill_defaults(run, "run", like="server")
    run.set_defaults(handler=_run)
    server = sub.add_parser("server", help="the server suite against your endpoint or ASGI app")
    add_options(server, "server")
    fill_defaults(server, "server", like="run")
    server.set_defaults(handler=_run)


def run_options(args: argparse.Namespace) -> RunOptions:
    """The parsed options as the object the plugin runs with (handed over by :class:`Carried`,
    never re-serialised as ``--ecs-*`` strings). The CLI probes an endpoint or app itself."""
    values = cli_values(args, args.command)
    values["edition"] = chosen_edition(args)
    return options_object(RunOptions, values, probe=not (args.endpoint or args.app))


def pytest_args(args: argparse.Namespace) -> list[str]:
    """pytest's own options for the run (its presentation, -x, xdist); ours travel as
    :func:`run_options`."""
    out = [*suite_pytest_args(SUITE_DIR, verbose=args.verbose, plugins=[PLUGIN_MODULE]),
           *warning_filters()]
    if args.fail_fast:
        out.append("-x")
    if args.workers:
        out += ["-p", "xdist.plugin", "-n", str(args.workers)]
    return out


def chosen_edition(args: argparse.Namespace) -> str:
    """--edition, else current for --live runs (the real cloud as documented today), else seed."""
    return resolve_edition(args.edition, args.live)


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
    options = run_options(args)
    _preflight(args, options)  # the profile and the rest, then whether the endpoint answers
    report = report_dir / "report.json"
    report.unlink(missing_ok=True)
    secrets = load_profile(args.profile).secrets
    with pytest_output(report_dir, verbose=args.verbose, secrets=secrets) as (plugins, log), \
            isolated_plugins():
        # -p ecs_conformance.suites.plugin: xdist workers load it too
        code = pytest.main(pytest_args(args), plugins=[Carried(options), *plugins])
    if code in (pytest.ExitCode.INTERNAL_ERROR, pytest.ExitCode.USAGE_ERROR) or \
            not report.exists():
        where = f"; see {log}" if log else ""
        print(f"ecs-conformance: the suite did not complete (pytest exit {int(code)}{where})",
              file=sys.stderr)
        return 2
    data = json.loads(report.read_text(encoding="utf-8"))
    print_summary(data, report.parent, stream=sys.stdout, log=log)
    return exit_code(data)


def _preflight(args: argparse.Namespace, options: RunOptions) -> None:
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
    session = build_session(options)
    try:
        if args.endpoint or args.app:
            probe(session)
    finally:
        session.target.close()
