"""The ``ecs-conformance`` command line: a thin layer over the library and pytest.

Exit codes of a run (suites/summary.py, from the verdict of reports.report_verdict): 0 conforms,
1 fails (an assessed MUST requirement failed), 3 inconclusive (a MUST requirement errored or none
was assessed); 2 for a usage or configuration error (bad profile, malformed spec, unreachable
endpoint), with a clear message.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import NoReturn

from spec.problems import UsageError
from suites.commands import register_all

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # argparse exits 2 too; keep its message
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="ecs-conformance",
        description="Conformance suite for the Alibaba Cloud ECS CopyImage API (2014-05-26).",
    )
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    register_all(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        return handler(args)
    except UsageError as exc:
        print(f"ecs-conformance: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
