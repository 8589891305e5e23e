"""Every option of the command line and of the server suite's pytest plugin, defined once.

One :class:`Option` record per option: its spellings, help, type, default and choices, how a
command or the plugin presents it where that differs (:class:`Variant`), the plugin's
``--ecs-*`` spelling, and the field of the options object (``RunOptions``, ``ClientOptions``)
it fills. :data:`LAYOUT` says which commands take which options, in the order ``--help`` shows
them. ``suites/option_parsers.py`` turns the table into argparse arguments and pytest
``addoption`` calls, and parsed values back into options objects; nothing else declares an
option (tests/suites/test_cli_options.py checks it).

Defaults and choices come from their owners: report formats from ``reports.writer.FORMATS``,
budgets from ``suites/budgets.py``, edition names from ``spec/editions.py``; the endpoint
``serve`` listens on and the default edition from ``spec/defaults.py`` (which reference/ and
spec/ read too: it is the lowest layer all three may import). The ``send`` command's request
options are the recipe vocabulary of ``suites/recipe.py`` (what a report's reproduce line
says), not run options.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from ecs_conformance.reports import DEFAULT_FORMATS
from ecs_conformance.spec.defaults import EDITION, SERVE_ENDPOINT, SERVE_HOST, SERVE_PORT
from ecs_conformance.spec.editions import edition_names
from ecs_conformance.suites.budgets import BUDGETS, DEFAULT_BUDGET
from ecs_conformance.suites.pacing import LIVE_RATE_LIMIT
from ecs_conformance.suites.preflight import (
    EXTRAS,
    format_list,
    non_negative_int,
    port,
    positive_float,
    workers,
)

#: each suite writes to its own default directory, so a client run never overwrites a
#: server report
REPORT_DIRS: Final = {"server": "conformance-report/server", "client": "conformance-report/client"}

#: where the pytest plugin's presentation is kept in :attr:`Option.variants`
PLUGIN: Final = "plugin"

_UNSET: Any = object()


@dataclass(frozen=True)
class Variant:
    """How one command (or the plugin) presents an option where it differs from the record."""

    help: str | None = None
    default: Any = _UNSET
    required: bool | None = None
    exclusive: str | None = None  # one of a required, mutually exclusive group of this name


@dataclass(frozen=True)
class Option:
    """One option. ``flags`` are its command-line spellings (none: a plugin-only option)."""

    flags: tuple[str, ...]
    help: str
    default: Any = None
    type: Callable[[str], Any] | None = None
    choices: Callable[[], Sequence[str]] | None = None  # called when a parser is built
    switch: bool = False  # takes no value: store_true (store_false when the default is True)
    metavar: str | None = None
    required: bool = False
    plugin: str | None = None  # the pytest plugin's spelling, --ecs-*
    attr: str | None = None  # the options object's field, when it is not the key
    variants: Mapping[str, Variant] = field(default_factory=dict)  # by command, or PLUGIN

    def on(self, where: str) -> Variant:
        """The help, default, requiredness and group of this option on a command (or PLUGIN)."""
        v = self.variants.get(where, Variant())
        return Variant(help=self.help if v.help is None else v.help,
                       default=self.default if v.default is _UNSET else v.default,
                       required=self.required if v.required is None else v.required,
                       exclusive=v.exclusive)


def _budget_help(what: str, size: Callable[[str], int]) -> str:
    return f"generated {what} per property: " + ", ".join(f"{n} {size(n)}" for n in BUDGETS)


def _budgets() -> list[str]:
    return list(BUDGETS)


_REPORT_DIR_HELP = "where report.json, its renderings and pytest.log go"
_ENDPOINT_HELP = f"HTTP endpoint of the target, e.g. {SERVE_ENDPOINT}"

#: option key → record; the key is the argparse dest and, unless ``attr`` says otherwise,
#: the options object's field
OPTIONS: Final[dict[str, Option]] = {
    # where the requests go
    "endpoint": Option(
        ("--endpoint",), f"HTTP endpoint, e.g. {SERVE_ENDPOINT}", plugin="--ecs-endpoint",
        variants={"server": Variant(exclusive="target"),
                  "send": Variant(help=_ENDPOINT_HELP, required=True),
                  PLUGIN: Variant(help=_ENDPOINT_HELP)}),
    "app": Option(
        ("--app",), "in-process ASGI app as module:attr (no sockets)", plugin="--ecs-app",
        variants={"server": Variant(exclusive="target"),
                  PLUGIN: Variant(help="in-process ASGI app, module:attr "
                                       "(default: the emulator)")}),
    "fault": Option(
        ("--fault",), "run the emulator as a named faulty variant (see --list-faults)",
        plugin="--ecs-fault",
        variants={"serve": Variant(help="serve a named faulty variant "
                                        "(ecs-conformance run --list-faults lists them)"),
                  PLUGIN: Variant(help="run the embedded emulator with this faulty variant")}),
    "list_faults": Option(
        ("--list-faults",), "list the faulty variants of the emulator, one a line, and exit",
        default=False, switch=True),
    "profile": Option(
        ("--profile",), "target profile YAML (default: the shipped one)", plugin="--ecs-profile",
        variants={"server": Variant(help="target profile YAML", required=True)}),
    "adapter": Option(
        ("--adapter",), "python:module:function or 'cmd:COMMAND ...' (README: Testing an SDK)",
        required=True),
    # the real cloud
    "live": Option(
        ("--live",), "allow the real cloud (*.aliyuncs.com); copies cost money", default=False,
        switch=True, plugin="--ecs-live",
        variants={"send": Variant(help="allow the real cloud (*.aliyuncs.com); a CopyImage "
                                       "costs money")}),
    "max_copies": Option(
        ("--max-copies",), "live runs: at most this many real copies", default=3,
        type=non_negative_int, plugin="--ecs-max-copies"),
    "rate_limit": Option(
        ("--rate-limit",), f"at most this many requests per second (default: "
                           f"{LIVE_RATE_LIMIT:g} with --live, under the 1,000 CopyImage calls "
                           "per 60 s the real API allows; none for other targets)",
        type=positive_float, metavar="PER_SECOND", plugin="--ecs-rate-limit",
        variants={PLUGIN: Variant(help=f"at most this many requests per second (default: "
                                       f"{LIVE_RATE_LIMIT:g} with --ecs-live, the real API "
                                       "allows 1,000 CopyImage calls per 60 s; none "
                                       "otherwise)")}),
    # the run
    "report_dir": Option(
        ("--report-dir",), _REPORT_DIR_HELP, default=REPORT_DIRS["server"],
        plugin="--ecs-report-dir",
        variants={"client": Variant(default=REPORT_DIRS["client"])}),
    "seed": Option(("--seed",), "Hypothesis seed", default=0, type=non_negative_int,
                   plugin="--ecs-seed"),
    "budget": Option(
        ("--budget",), _budget_help("examples", lambda n: BUDGETS[n].examples),
        default=DEFAULT_BUDGET, choices=_budgets, plugin="--ecs-budget",
        variants={"client": Variant(help=_budget_help("calls", lambda n: BUDGETS[n].calls))}),
    "timeout": Option(
        ("--timeout",), "seconds per request", default=10.0, type=positive_float,
        plugin="--ecs-timeout", attr="timeout_s",
        variants={"client": Variant(help="timeout_s given to the client per call, in seconds",
                                    default=5.0)}),
    "call_deadline": Option(
        ("--call-deadline",), "seconds one call may take before the adapter counts as hung, "
                              "honoured as given; keep it above --timeout",
        default=20.0, type=positive_float, attr="call_deadline_s"),
    "handshake_timeout": Option(
        ("--handshake-timeout",), "seconds a cmd: adapter has to print its handshake line",
        default=30.0, type=positive_float, attr="handshake_timeout_s"),
    "edition": Option(
        ("--edition",), "contract edition: seed (the default) or current (the default of "
                        "--live runs); see docs/editions.md",
        choices=edition_names, plugin="--ecs-edition",
        variants={"client": Variant(help="contract edition whose error rows the mock serves",
                                    default=EDITION),
                  "serve": Variant(help="contract edition to serve: seed or current",
                                   default=EDITION),
                  "spec export": Variant(help="contract edition (see docs/editions.md)",
                                         default=EDITION),
                  PLUGIN: Variant(help="contract edition (default seed; current with "
                                       "--ecs-live)")}),
    "probe": Option(
        (), "skip the start-up probe (the CLI has already sent it)", default=True, switch=True,
        plugin="--ecs-no-probe"),
    "formats": Option(
        (), "report formats to write, comma-separated", default=DEFAULT_FORMATS,
        type=format_list, plugin="--ecs-formats"),
    # pytest's presentation and processes (the CLI passes them on as pytest's own options)
    "verbose": Option(
        ("-v", "--verbose", "--pytest-output"), "show pytest's own output instead of the "
                                                "progress display (default: it goes to "
                                                "pytest.log in the report directory)",
        default=False, switch=True),
    "fail_fast": Option(
        ("--fail-fast",), "stop at the first failed MUST check, the most fundamental first "
                          "(the rest is reported not reached)", default=False, switch=True),
    "workers": Option(
        ("-n", "--workers"), "spread the run over this many processes (a number, auto, or 0 "
                             f"for one); needs pytest-xdist: {EXTRAS['xdist']} (default: one "
                             "process)", type=workers),
    # serve
    "host": Option(("--host",), f"bind address (default: {SERVE_HOST}, loopback only)",
                   default=SERVE_HOST),
    "port": Option(("--port",), "TCP port to listen on", default=SERVE_PORT, type=port),
    # reading reports
    "render_format": Option(
        ("--format",), "the output format, written to stdout", required=True,
        choices=lambda: sorted(f for f in DEFAULT_FORMATS if f != "json")),
    "fail_on_regression": Option(
        ("--fail-on-regression",), "exit 1 when something newly fails or the verdict got worse, "
                                   "3 when the new run is inconclusive", default=False,
        switch=True),
    "force": Option(
        ("--force",), "compare reports of different suites (server, client) or API editions "
                      "anyway", default=False, switch=True),
    "readme": Option(("--readme",), "rewrite the sdk-table block of this file in place"),
    "check": Option(("--check",), "with --readme: exit 1 if the block is not up to date",
                    default=False, switch=True),
    "export_format": Option(
        ("--format",), "canonical JSON of the spec, or an OpenAPI 3.1 document", default="json",
        choices=lambda: ["json", "openapi"]),
    "operation": Option(
        ("--operation",), "with --format openapi: the operation to document (RPC operations "
                          "share one path, so one document each; default: the primary one in "
                          "the spec's operation.yaml)", metavar="ACTION"),
}

#: command → the keys of its options, in the order its --help lists them
LAYOUT: Final[dict[str, tuple[str, ...]]] = {
    "run": ("report_dir", "seed", "budget", "timeout", "verbose", "fail_fast", "edition",
            "fault", "list_faults", "profile"),
    "server": ("endpoint", "app", "profile", "live", "max_copies", "rate_limit", "report_dir",
               "seed", "budget", "timeout", "verbose", "fail_fast", "edition", "workers"),
    "client": ("adapter", "report_dir", "seed", "budget", "timeout", "call_deadline",
               "handshake_timeout", "verbose", "edition"),
    "serve": ("host", "port", "profile", "fault", "edition"),
    "send": ("endpoint", "live"),  # around the recipe's request options
    "client-table": ("readme", "check"),
    "report render": ("render_format",),
    "report diff": ("fail_on_regression", "force"),
    "report matrix": ("force",),
    "spec export": ("export_format", "edition", "operation"),
    "spec validate": (),
    PLUGIN: tuple(key for key, option in OPTIONS.items() if option.plugin),
}


def field_name(key: str) -> str:
    """The options object's field that option ``key`` fills."""
    return OPTIONS[key].attr or key


def default(key: str, where: str) -> Any:
    """The default of option ``key`` on a command (or PLUGIN)."""
    return OPTIONS[key].on(where).default


def chosen_edition(edition: str | None, live: bool) -> str:
    """--edition, else current for --live runs (the real cloud as documented today), else
    seed."""
    return edition or ("current" if live else EDITION)
