"""``ecs-conformance spec export|validate``."""

from __future__ import annotations

import argparse
import json
import sys

from ecs_conformance.spec.editions import SEED, edition_names
from ecs_conformance.spec.export import export_json, export_openapi
from ecs_conformance.spec.loader import load_spec
from ecs_conformance.suites.filekind import validate_any


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    spec = sub.add_parser("spec", help="export or validate the machine-readable spec")
    actions = spec.add_subparsers(dest="spec_command", required=True)
    export = actions.add_parser("export", help="print the spec as canonical JSON or OpenAPI 3.1")
    export.add_argument("--format", choices=["json", "openapi"], default="json",
                        help="canonical JSON of the spec, or an OpenAPI 3.1 document")
    export.add_argument("--edition", choices=edition_names(), default=SEED,
                        help="contract edition (see docs/editions.md)")
    export.add_argument("--operation", metavar="ACTION", default=None,
                        help="with --format openapi: the operation to document (RPC operations "
                             "share one path, so one document each; default: the primary one in "
                             "the spec's operation.yaml)")
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
    doc = export_json(spec) if args.format == "json" else export_openapi(spec, args.operation)
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
