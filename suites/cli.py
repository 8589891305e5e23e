"""The ``ecs-conformance`` command line: a thin layer over the library and pytest.

Exit codes of a run (suites/summary.py, from the verdict of reports.report_verdict): 0 conforms,
1 fails (an assessed MUST requirement failed), 3 inconclusive (a MUST requirement errored or none
was assessed); 2 for a usage or configuration error (bad option, profile or spec, unreachable
endpoint), with a message that says what to do; 70 for an internal error of ours (a bug: the
message asks for a report and names the exception; ``ECS_CONFORMANCE_DEBUG=1`` shows the
traceback).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any, NoReturn

from ecs_conformance.spec.problems import UsageError
from ecs_conformance.suites.commands import register_all
from ecs_conformance.suites.option_parsers import notes_default
from ecs_conformance.suites.targets import DEFAULT_ENDPOINT

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 70
DEBUG_ENV = "ECS_CONFORMANCE_DEBUG"


class HelpFormatter(argparse.HelpFormatter):
    """Every option's help ends with its default, unless it says it already or has none."""

    def _get_help_string(self, action: argparse.Action) -> str | None:
        text = action.help or ""
        if not action.option_strings or not notes_default(text, action.default):
            return text
        return f"{text} (default: %(default)s)"


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", HelpFormatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:  # argparse exits 2 too; keep its message
        self.print_usage(sys.stderr)
        command = next(iter(getattr(self, "argv", ())), "")
        hint = next((text for (name, words), text in HINTS.items()
                     if name == command and any(w in message.split() for w in words)), "")
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}{hint}\n")


#: (command, options) → what to do instead, for options that exist on another command only
HINTS = {
    ("run", ("-n", "--workers")):
        "\n  -n/--workers is an option of 'ecs-conformance server': the embedded emulator of "
        "'run' lives in one process. Serve it with 'ecs-conformance serve' and run "
        f"'ecs-conformance server --endpoint {DEFAULT_ENDPOINT} --profile "
        "spec/profiles/default.yaml -n 2' (needs pip install 'ecs-conformance[parallel]').",
}


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="ecs-conformance",
        description="Conformance suite for the Alibaba Cloud ECS CopyImage API (2014-05-26). "
                    "Exit codes: 0 conforms, 1 fails, 2 usage or configuration error, "
                    "3 inconclusive.",
    )
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser,
                                metavar="COMMAND")
    register_all(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    parser.argv = list(sys.argv[1:] if argv is None else argv)  # type: ignore[attr-defined]
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, or a usage error argparse already explained
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        return handler(args)
    except UsageError as exc:
        print(f"ecs-conformance: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader went away (``| head``): nothing left to say
        _silence_stdout()
        return EXIT_OK
    except Exception as exc:  # a bug of ours: visible, but not a wall of traceback
        if os.environ.get(DEBUG_ENV):
            raise
        print(f"ecs-conformance: internal error, please report it: {type(exc).__name__}: {exc}"
              f" (set {DEBUG_ENV}=1 for the traceback)", file=sys.stderr)
        return EXIT_INTERNAL


def _silence_stdout() -> None:
    """Point stdout at /dev/null so that the interpreter's final flush does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


if __name__ == "__main__":
    sys.exit(main())
