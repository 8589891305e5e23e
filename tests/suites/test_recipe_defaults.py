"""``send``'s default action and version are the spec's operation: a reproduce line omits them
when a request used them, names them otherwise, and ``send`` reads the line back the same."""

from __future__ import annotations

import argparse

from ecs_conformance.spec import load_spec
from ecs_conformance.suites.recipe import Recipe, add_options, recipe_from_args

OPERATION = load_spec().operation


def _parsed(*argv: str) -> Recipe:
    parser = argparse.ArgumentParser()
    add_options(parser)
    return recipe_from_args(parser.parse_args(list(argv)))


def test_the_defaults_are_the_specs_operation() -> None:
    recipe = Recipe()
    assert (recipe.action, recipe.version) == (OPERATION.action, OPERATION.version)
    assert "--action" not in recipe.argv() and "--version" not in recipe.argv()
    assert _parsed() == recipe


def test_another_action_or_version_is_named_and_read_back() -> None:
    other = Recipe(action="MadeUpAction", version="2099-01-01")
    argv = other.argv()
    assert argv[argv.index("--action") + 1] == "MadeUpAction"
    assert argv[argv.index("--version") + 1] == "2099-01-01"
    assert _parsed(*argv) == other


def test_an_empty_action_is_sent_as_given() -> None:
    """A probe of an empty Action stays empty: only an absent option takes the default."""
    assert _parsed("--action", "").action == ""
