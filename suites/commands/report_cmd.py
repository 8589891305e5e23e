"""``ecs-conformance report render|diff|matrix``: everything is a rendering of report.json."""

from __future__ import annotations

import argparse
import sys

from reports import (
    FORMATS,
    ReportFormatError,
    diff_reports,
    matrix,
    read_report,
    render_badge,
    render_diff,
    render_html,
    render_junit,
    render_markdown,
)
from spec.problems import UsageError
from suites.summary import EXIT_CODES

RENDERERS = {"junit": render_junit, "markdown": render_markdown, "html": render_html,
             "badge": render_badge}
assert set(RENDERERS) <= set(FORMATS), "every renderer is a report format"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    report = sub.add_parser("report", help="render, compare or tabulate report.json files")
    actions = report.add_subparsers(dest="report_command", required=True)
    render = actions.add_parser("render", help="render one report.json in another format")
    render.add_argument("report")
    render.add_argument("--format", choices=sorted(RENDERERS), required=True)
    render.set_defaults(handler=_render)
    diff = actions.add_parser("diff", help="what newly fails and what got fixed, OLD → NEW")
    diff.add_argument("old")
    diff.add_argument("new")
    diff.add_argument("--fail-on-regression", action="store_true",
                      help="exit 1 when something newly fails or the verdict got worse, "
                           "3 when the new run is inconclusive")
    diff.set_defaults(handler=_diff)
    table = actions.add_parser("matrix", help="several implementations side by side (Markdown)")
    table.add_argument("reports", nargs="+")
    table.set_defaults(handler=_matrix)


def _read(path: str) -> dict[str, object]:
    try:
        return read_report(path)
    except (OSError, ReportFormatError) as exc:
        raise UsageError(f"{path}: {exc}") from None


def _render(args: argparse.Namespace) -> int:
    sys.stdout.write(RENDERERS[args.format](_read(args.report)))
    return 0


def _diff(args: argparse.Namespace) -> int:
    diff = diff_reports(_read(args.old), _read(args.new))
    sys.stdout.write(render_diff(diff))
    if not args.fail_on_regression:
        return 0
    if diff.regressed:
        return EXIT_CODES["fails"]
    return EXIT_CODES["inconclusive"] if diff.inconclusive else EXIT_CODES["conforms"]


def _matrix(args: argparse.Namespace) -> int:
    sys.stdout.write(matrix([_read(p) for p in args.reports]))
    return 0
