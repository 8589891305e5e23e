"""``ecs-conformance report render|diff|matrix``: everything is a rendering of report.json."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ecs_conformance.reports import (
    FORMATS,
    diff_reports,
    matrix,
    render_diff,
)
from ecs_conformance.spec.problems import UsageError
from ecs_conformance.suites.filekind import read_report_file
from ecs_conformance.suites.option_parsers import add_options
from ecs_conformance.suites.summary import EXIT_CODES

#: every report format but JSON, the source the others are rendered from
RENDERERS = {name: render for name, (_, render) in FORMATS.items() if name != "json"}


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    report = sub.add_parser("report", help="render, compare or tabulate report.json files")
    actions = report.add_subparsers(dest="report_command", required=True)
    render = actions.add_parser("render", help="render one report.json in another format")
    render.add_argument("report", help="a report.json file")
    add_options(render, "report render")
    render.set_defaults(handler=_render)
    diff = actions.add_parser("diff", help="what newly fails and what got fixed, OLD → NEW")
    diff.add_argument("old", help="the baseline report.json")
    diff.add_argument("new", help="the report.json of the run to judge")
    add_options(diff, "report diff")
    diff.set_defaults(handler=_diff)
    table = actions.add_parser("matrix", help="several implementations side by side (Markdown)")
    table.add_argument("reports", nargs="+", help="report.json files, one column each")
    add_options(table, "report matrix")
    table.set_defaults(handler=_matrix)


def _read(path: str) -> dict[str, Any]:
    try:
        return read_report_file(path)
    except OSError as exc:
        raise UsageError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def _comparable(paths: list[str], reports: list[dict[str, Any]], force: bool) -> None:
    """Reports of one suite, one API version and one contract edition, unless ``--force``."""
    for what, key in (("suite", lambda r: r["suite"]),
                      ("API version", lambda r: r["spec"]["version"]),
                      ("contract edition", lambda r: r.get("edition", {}).get("name", "seed"))):
        seen = {str(key(r)) for r in reports}
        if len(seen) > 1 and not force:
            listed = ", ".join(f"{p} ({key(r)})" for p, r in zip(paths, reports, strict=True))
            raise UsageError(f"these reports are of different {what}s: {listed}; compare "
                             f"reports of one {what}, or pass --force")


def _render(args: argparse.Namespace) -> int:
    sys.stdout.write(RENDERERS[args.render_format](_read(args.report)))
    return 0


def _diff(args: argparse.Namespace) -> int:
    old, new = _read(args.old), _read(args.new)
    _comparable([args.old, args.new], [old, new], args.force)
    diff = diff_reports(old, new)
    sys.stdout.write(render_diff(diff))
    if not args.fail_on_regression:
        return 0
    if diff.regressed:
        return EXIT_CODES["fails"]
    return EXIT_CODES["inconclusive"] if diff.inconclusive else EXIT_CODES["conforms"]


def _matrix(args: argparse.Namespace) -> int:
    reports = [_read(p) for p in args.reports]
    _comparable(args.reports, reports, args.force)
    sys.stdout.write(matrix(reports))
    return 0
