"""One definition of each option (suites/options.py): every argparse option of every command
and every ``--ecs-*`` option of the plugin comes from the table, the CLI and the plugin agree
on defaults, the CLI hands the plugin its parsed options as an object, and the lists of report
formats and budgets and the default endpoint are written down in one module each."""

from __future__ import annotations

import argparse
import ast
import dataclasses
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import ecs_conformance.suites.plugin as plugin
from ecs_conformance.reports import FORMATS
from ecs_conformance.reports.vocab import BUDGETS
from ecs_conformance.suites.cli import build_parser
from ecs_conformance.suites.clientkit.runner import ClientOptions
from ecs_conformance.suites.commands.server_cmd import pytest_args, run_options
from ecs_conformance.suites.option_parsers import Carried, options_object, plugin_values
from ecs_conformance.suites.options import LAYOUT, OPTIONS, PLUGIN, default, field_name
from ecs_conformance.suites.recipe import add_options as add_recipe_options
from ecs_conformance.suites.runner import RunOptions
from ecs_conformance.suites.targets import DEFAULT_ENDPOINT

ROOT = Path(__file__).resolve().parents[2]
LAYERS = ("spec", "strategies", "suites", "reports", "reference", "adapters")


def _commands(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
              ) -> Iterator[tuple[str, argparse.ArgumentParser]]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield " ".join((*path, name)), sub
                yield from _commands(sub, (*path, name))


def _recipe_flags() -> set[str]:
    bare = argparse.ArgumentParser(add_help=False)
    add_recipe_options(bare)
    return {s for a in bare._actions for s in a.option_strings}


def stray_options(parser: argparse.ArgumentParser) -> list[str]:
    """Every option a command has that the table does not define for it, or defines
    otherwise (dest, default, choices, help, requiredness), and every option the table gives
    a command that it lacks."""
    problems = []
    recipe = _recipe_flags()
    for command, sub in _commands(parser):
        has_subcommands = any(isinstance(a, argparse._SubParsersAction) for a in sub._actions)
        if has_subcommands:
            continue
        if command not in LAYOUT:
            problems.append(f"{command}: not in LAYOUT")
            continue
        seen = set()
        for action in sub._actions:
            if isinstance(action, argparse._HelpAction) or not action.option_strings:
                continue
            if command == "send" and set(action.option_strings) <= recipe:
                continue  # the request vocabulary of suites/recipe.py
            key = next((k for k in LAYOUT[command]
                        if OPTIONS[k].flags == tuple(action.option_strings)), None)
            if key is None:
                problems.append(f"{command} {action.option_strings}: not from the table")
                continue
            seen.add(key)
            shown = OPTIONS[key].on(command)
            choices = OPTIONS[key].choices
            want = (key, shown.default, shown.help, list(choices()) if choices else None,
                    bool(shown.required or shown.exclusive))
            required = action.required or any(
                action in g._group_actions and g.required for g in sub._mutually_exclusive_groups)
            got = (action.dest, action.default, action.help,
                   list(action.choices) if action.choices else None, required)
            if got != want:
                problems.append(f"{command} {action.option_strings}: {got} != table {want}")
        problems += [f"{command}: lacks {k}" for k in LAYOUT[command] if k not in seen]
    return problems


def test_every_cli_option_comes_from_the_table() -> None:
    assert stray_options(build_parser()) == []


def test_the_check_finds_an_option_declared_outside_the_table() -> None:
    parser = build_parser()
    client = dict(_commands(parser))["client"]
    client.add_argument("--retries", type=int, default=2, help="a hand-made option")
    dict(_commands(parser))["serve"]._option_string_actions["--port"].default = 9
    problems = stray_options(parser)
    assert any("--retries" in p and "not from the table" in p for p in problems), problems
    assert any("serve ['--port']" in p for p in problems), problems


class _Group:
    def __init__(self) -> None:
        self.options: dict[str, dict[str, Any]] = {}

    def addoption(self, *opts: str, **attrs: Any) -> None:
        assert len(opts) == 1
        self.options[opts[0]] = attrs


class _Parser:
    def __init__(self) -> None:
        self.group = _Group()

    def getgroup(self, name: str, description: str = "") -> _Group:
        return self.group


def _plugin_options() -> dict[str, dict[str, Any]]:
    parser = _Parser()
    plugin.pytest_addoption(parser)  # type: ignore[arg-type]
    return parser.group.options


def test_every_plugin_option_comes_from_the_table() -> None:
    options = _plugin_options()
    table = {OPTIONS[k].plugin: k for k in LAYOUT[PLUGIN]}
    assert set(options) == set(table)
    for flag, attrs in options.items():
        assert attrs["default"] == default(table[flag], PLUGIN), flag


def test_plugin_spellings_follow_the_cli_and_every_option_is_used() -> None:
    for key, option in OPTIONS.items():
        long = next((f for f in option.flags if f.startswith("--")), None)
        if option.plugin and long:
            assert option.plugin == "--ecs-" + long[2:], key
        used = [c for c, keys in LAYOUT.items() if key in keys]
        assert used, f"{key} is in no command and not in the plugin"
        assert set(option.variants) <= set(LAYOUT), f"{key}: variant of an unknown command"
        assert set(option.variants) <= set(used), f"{key}: variant of a command without it"


def test_cli_and_plugin_defaults_agree() -> None:
    """The server commands and the plugin present one option with one default; RunOptions and
    ClientOptions default to what their command does."""
    for command in ("run", "server"):
        for key in LAYOUT[command]:
            if key in LAYOUT[PLUGIN]:
                assert default(key, command) == default(key, PLUGIN), (command, key)
    run_fields = {f.name: f.default for f in dataclasses.fields(RunOptions)}
    for key in LAYOUT[PLUGIN]:
        if key != "edition":  # None in the table (chosen by --live); RunOptions holds the choice
            assert run_fields[field_name(key)] == default(key, PLUGIN), key
    client_fields = {f.name: f.default for f in dataclasses.fields(ClientOptions)}
    for key in LAYOUT["client"]:
        if key != "adapter":  # required
            assert client_fields[field_name(key)] == default(key, "client"), key


def test_cli_parses_to_the_same_options_as_the_plugin() -> None:
    argv = ["--endpoint", "http://127.0.0.1:1", "--profile", "p.yaml", "--seed", "7",
            "--budget", "quick", "--timeout", "2.5", "--max-copies", "1", "--rate-limit", "4",
            "--report-dir", "out", "--edition", "current"]
    from_cli = run_options(build_parser().parse_args(["server", *argv]))
    namespace = argparse.Namespace(**{a["dest"]: a["default"]
                                      for a in _plugin_options().values()})
    parser = argparse.ArgumentParser()
    for flag, attrs in _plugin_options().items():
        parser.add_argument(flag, **attrs)
    plugin_argv = [a.replace("--", "--ecs-", 1) if a.startswith("--") else a for a in argv]
    parsed = parser.parse_args(plugin_argv, namespace)
    from_plugin = options_object(RunOptions, plugin_values(parsed))
    assert dataclasses.replace(from_plugin, probe=False) == from_cli


class _Spy:
    def __init__(self) -> None:
        self.seen: list[RunOptions] = []

    def pytest_configure(self, config: pytest.Config) -> None:
        self.seen.append(plugin.run_options(config))


def test_the_cli_hands_the_plugin_its_parsed_options(tmp_path: Path) -> None:
    """No --ecs-* string travels: the plugin runs with the very object the CLI parsed."""
    args = build_parser().parse_args(["run", "--seed", "3", "--budget", "quick",
                                      "--report-dir", str(tmp_path / "r")])
    argv = pytest_args(args)
    assert not [a for a in argv if a.startswith("--ecs-")]
    options, spy = run_options(args), _Spy()
    pytest.main(["--co", "-q", "-p", "ecs_conformance.suites.plugin", "-p", "no:cacheprovider",
                 str(tmp_path)], plugins=[Carried(options), spy])
    assert spy.seen == [options] and spy.seen[0] is options


def test_plugin_options_alone_still_work(tmp_path: Path) -> None:
    spy = _Spy()
    pytest.main(["--co", "-q", "-p", "ecs_conformance.suites.plugin", "-p", "no:cacheprovider",
                 "--ecs-seed", "4", "--ecs-live", "--ecs-no-probe", "--ecs-formats", "json,html",
                 str(tmp_path)], plugins=[spy])
    (seen,) = spy.seen
    assert (seen.seed, seen.live, seen.probe, seen.formats, seen.edition) == (
        4, True, False, ("json", "html"), "current")


def test_a_bad_plugin_value_is_refused_as_on_the_cli(capsys: pytest.CaptureFixture[str],
                                                     tmp_path: Path) -> None:
    code = pytest.main(["--co", "-q", "-p", "ecs_conformance.suites.plugin", "-p",
                        "no:cacheprovider", "--ecs-formats", "json,pdf", str(tmp_path)])
    assert code == pytest.ExitCode.USAGE_ERROR
    assert "each one of json, junit" in capsys.readouterr().err


# ---- the lists written down once ----

def _docstrings(tree: ast.AST) -> set[int]:
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                out.add(id(body[0].value))
    return out


def listings(source: str, names: tuple[str, ...]) -> int:
    """How many literals in ``source`` list two or more of ``names``: a tuple, list or set of
    them, a dict keyed by them, ``Literal[...]`` of them, or one comma-separated string."""
    wanted = set(names)
    tree = ast.parse(source)
    count = 0
    for node in ast.walk(tree):
        elements: list[ast.expr | None] = []
        if isinstance(node, ast.Tuple | ast.List | ast.Set):
            elements = list(node.elts)
        elif isinstance(node, ast.Dict):
            elements = list(node.keys)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            parts = {p.strip() for p in node.value.split(",")}
            count += len(parts & wanted) >= 2
            continue
        strings = {e.value for e in elements if isinstance(e, ast.Constant)}
        count += len(strings & wanted) >= 2
    return count


def _modules() -> Iterator[Path]:
    for layer in LAYERS:
        yield from (p for p in (ROOT / layer).rglob("*.py") if "node_modules" not in p.parts)


@pytest.mark.parametrize(("names", "owner"), [
    (tuple(FORMATS), "reports/writer.py"),
    (BUDGETS, "reports/vocab.py"),
], ids=["formats", "budgets"])
def test_a_list_of_formats_or_budgets_is_written_in_one_module(names: tuple[str, ...],
                                                               owner: str) -> None:
    found = {str(p.relative_to(ROOT)) for p in _modules()
             if listings(p.read_text(encoding="utf-8"), names)}
    assert found == {owner}


def test_the_listing_check_finds_each_spelling() -> None:
    names = tuple(FORMATS)
    for source in ('X = ("json", "html")', 'X = ["junit", "badge"]', 'X = {"json": 1, "html": 2}',
                   'X = "json,junit,markdown"', 'X: Literal["json", "html"]'):
        assert listings(source, names) == 1, source
    assert listings('X = ("json", "openapi")\nY = "json"', names) == 0


def default_endpoints(source: str) -> list[int]:
    """Lines of ``source`` that spell the default endpoint, its host:port or its port (not in
    docstrings)."""
    tree = ast.parse(source)
    skip = _docstrings(tree)
    return [node.lineno for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and id(node) not in skip
            and (node.value == 8080 or (isinstance(node.value, str) and "127.0.0.1:8080"
                                        in node.value))]


def test_the_default_endpoint_is_written_once() -> None:
    """spec/defaults.py names it; suites/, reference/ and the rest of spec/ import it (spec is
    the lowest layer all three may import)."""
    assert DEFAULT_ENDPOINT == "http://127.0.0.1:8080"
    found = {str(p.relative_to(ROOT)): lines
             for layer in ("spec", "suites", "reference") for p in (ROOT / layer).rglob("*.py")
             if (lines := default_endpoints(p.read_text(encoding="utf-8")))}
    assert set(found) == {"spec/defaults.py"}, found


def test_the_endpoint_check_finds_a_copy() -> None:
    assert default_endpoints('"""http://127.0.0.1:8080"""\nX = "http://127.0.0.1:8080/"') == [2]
    assert default_endpoints("def f(port: int = 8080) -> None: ...") == [1]
