"""Help that answers: every option of every command says what it does and shows its default
and choices; README and ``--help`` agree (every command and option README shows exists, and
every command is in README)."""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from ecs_conformance.suites.cli import build_parser, main

README = Path(__file__).resolve().parents[2] / "README.md"


def _subparsers(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
                ) -> Iterator[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _subparsers(sub, (*path, name))


def _commands() -> dict[tuple[str, ...], argparse.ArgumentParser]:
    return dict(_subparsers(build_parser()))


def _options() -> Iterator[tuple[tuple[str, ...], argparse.ArgumentParser, argparse.Action]]:
    for path, parser in _commands().items():
        for action in parser._actions:
            if isinstance(action, argparse._HelpAction | argparse._SubParsersAction):
                continue
            yield path, parser, action


OPTIONS = list(_options())


@pytest.mark.parametrize(("path", "parser", "action"), OPTIONS,
                         ids=[f"{' '.join(p)} {a.option_strings or a.dest}"
                              for p, _, a in OPTIONS])
def test_every_option_has_help_with_its_default_and_choices(
        path: tuple[str, ...], parser: argparse.ArgumentParser, action: argparse.Action) -> None:
    assert action.help and action.help != argparse.SUPPRESS, "no help text"
    formatter = parser._get_formatter()
    text = " ".join(formatter._expand_help(action).split()) if action.help else ""
    default = action.default
    if action.option_strings and default not in (None, False, [], argparse.SUPPRESS):
        assert str(default) in text and "default" in text, text
    if action.choices:
        usage = " ".join(formatter._format_args(action, action.dest).split())
        assert all(str(c) in usage for c in action.choices), usage


def test_serve_port_help_shows_8080(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--help"]) == 0
    assert re.search(r"--port PORT\s+TCP port to listen on \(default: 8080\)",
                     capsys.readouterr().out)


def test_list_faults_lists_every_variant_with_one_line(
        capsys: pytest.CaptureFixture[str]) -> None:
    from ecs_conformance.reference import FAULTS

    assert main(["run", "--list-faults"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines[:-1]] == list(FAULTS)
    assert all(FAULTS[line.split()[0]].description in line for line in lines[:-1])


def _readme_invocations() -> list[str]:
    """Every ``ecs-conformance …`` command line README shows (code spans and blocks)."""
    text = README.read_text(encoding="utf-8")
    spans = re.findall(r"```.*?```", text, flags=re.S) + re.findall(r"`[^`\n]+`", text)
    out = []
    for span in spans:
        # a command continues on the next line after a backslash, or on an indented "[…" line
        span = re.sub(r"[ \t]+#[^\n]*", "", span.replace("\\|", "|"))  # comments
        span = re.sub(r"\\\n\s*|\n(?=\s+\[)", " ", span)
        for line in span.splitlines():
            for match in re.finditer(r"ecs-conformance ([^`;&]*)", line):
                out.append(match.group(1).strip())
    return out


def test_readme_shows_only_commands_and_options_that_exist() -> None:
    commands = _commands()
    invocations = _readme_invocations()
    assert invocations
    wrong = []
    for words in invocations:
        tokens = words.split()
        path: tuple[str, ...] = ()
        for token in tokens:
            if (*path, token) in commands:
                path = (*path, token)
            else:
                break
        if not path:
            if tokens and not tokens[0].startswith(("-", "[")) and not tokens[0].isupper():
                wrong.append(f"unknown command in: ecs-conformance {words}")
            continue
        parser = commands[path]
        known = {s for a in parser._actions for s in a.option_strings}
        for option in re.findall(r"(?<![\w-])(--?[a-zA-Z][\w-]*)", words):
            if option not in known:
                wrong.append(f"{' '.join(path)} has no {option}: ecs-conformance {words}")
    assert not wrong, "\n".join(wrong)


def test_every_command_is_in_readme() -> None:
    shown = {tuple(words.split()[:2]) for words in _readme_invocations()} | {
        tuple(words.split()[:1]) for words in _readme_invocations()}
    missing = [" ".join(path) for path in _commands() if path and path not in shown]
    assert not missing, f"README never shows: {missing}"
