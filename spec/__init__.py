"""The CopyImage contract as data (spec/*.yaml) and its typed, frozen model.

Imports: stdlib, yaml, jsonschema only. Never strategies, suites, reports or reference.
"""

from ecs_conformance.spec.examples import ExampleCase, load_examples
from ecs_conformance.spec.loader import load_spec
from ecs_conformance.spec.model import (
    ClientRequirement,
    ErrorRow,
    Parameter,
    ProtocolRequirement,
    Requirement,
    Rule,
    Spec,
)
from ecs_conformance.spec.problems import InputFileError, Problem, SpecError, UsageError
from ecs_conformance.spec.profile import DEFAULT_PROFILE, Credentials, Profile, load_profile

__all__ = [
    "DEFAULT_PROFILE",
    "ClientRequirement",
    "Credentials",
    "ErrorRow",
    "ExampleCase",
    "InputFileError",
    "Parameter",
    "Problem",
    "Profile",
    "ProtocolRequirement",
    "Requirement",
    "Rule",
    "Spec",
    "SpecError",
    "UsageError",
    "load_examples",
    "load_profile",
    "load_spec",
]
