"""ecs-conformance: the public API.

Everything this module exports is the supported API; the subpackages (``spec``, ``strategies``,
``suites``, ``reports``, ``reference``, ``adapters``) are the implementation and may change
without notice. Besides these names, the supported surfaces are the ``ecs-conformance`` command,
the pytest plugin ``-p ecs_conformance.suites.plugin`` with its ``--ecs-*`` options, the client
adapter protocol (``docs/adapters.md``) and the report format (``reports/report.schema.json``).

The repository keeps the subpackages as top-level folders; ``ecs_conformance/<name>`` links to
them, and the wheel installs them under this one import name.

Names are resolved on first use, so ``import ecs_conformance`` stays cheap for the CLI.
"""

from __future__ import annotations

import importlib
from typing import Any

#: public name -> "module:attribute" inside this package
_EXPORTS: dict[str, str] = {
    # the contract
    "load_spec": "spec.loader:load_spec",
    "Spec": "spec.model:Spec",
    "load_profile": "spec.profile:load_profile",
    "Profile": "spec.profile:Profile",
    "DEFAULT_PROFILE": "spec.profile:DEFAULT_PROFILE",
    "SpecError": "spec.problems:SpecError",
    "InputFileError": "spec.problems:InputFileError",
    "edition_names": "spec.editions:edition_names",
    "activate_edition": "spec.editions:activate",
    # the reference emulator
    "create_app": "reference.app:create_app",
    "FAULTS": "reference.faults:FAULTS",
    # reports
    "read_report": "reports.json_format:read_report",
    "write_report": "reports.writer:write_report",
    "validate_report": "reports.schema:validate_report",
    "diff_reports": "reports.diff:diff_reports",
    "merge_reports": "reports.merge:merge_reports",
    "report_verdict": "reports.verdict:report_verdict",
    "FORMATS": "reports.writer:FORMATS",
    # the command line
    "main": "suites.cli:main",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    target = _EXPORTS.get(name)
    if target is None:
        raise AttributeError(f"module 'ecs_conformance' has no attribute {name!r}")
    module, _, attribute = target.partition(":")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), attribute)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS])
