"""``ecs-conformance spec export|validate``."""

from __future__ import annotations

import argparse
import json
import sys

from ecs_conformance.spec.export import export_json, export_openapi
from ecs_conformance.spec.loader import load_spec
from ecs_conformance.suites.filekind import validate_any
from ecs_conformance.suites.option_parsers import add_options


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    spec = sub.add_parser("spec", help="export or validate the machine-readable spec")
    actions = spec.add_subparsers(dest="spec_command", required=True)
    export = actions.add_parser("export", help="print the spec as canonical JSON or OpenAPI 3.1")
    add_options(export, "spec export")
    export.set_defaults(handler=_export)
    validate = actions.add_parser(
        "validate", help="check spec, examples, profile or report.json files (the kind is "
                         "recognised) and explain every problem"
    )
    validate.add_argument("files", nargs="+", metavar="FILE", help="files to check")
    validate.set_defaults(handler=_validate)


def _export(args: argparse.Namespace) -> int:
    spec = load_spec(edition=args.edition)
    actions = [c.action for c in spec.contracts()]
    if args.operation is not None and args.operation not in actions:
        print(f"ecs-conformance spec export: --operation: expected one of {actions}, got "
              f"{args.operation!r}", file=sys.stderr)
        return 2
    doc = (export_json(spec) if args.export_format == "json"
           else export_openapi(spec, args.operation))
    json.dump(doc, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0


def _validate(args: argparse.Namespace) -> int:
    failed = 0
    for file in args.files:
        kind, problems = validate_any(file)
        label = "" if kind.name in ("unknown", "empty") else f" ({kind.label})"
        if problems:
            failed += 1
            print(f"{file}{label}: {len(problems)} problem(s)")
            for problem in problems:
                where = problem.path if problem.file == file else f"{problem.file} {problem.path}"
                print(f"  - at {where}: {problem.message}")
        else:
            print(f"{file}: valid{label}")
    return 2 if failed else 0
