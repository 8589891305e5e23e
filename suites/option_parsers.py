"""The option table (suites/options.py) as argparse arguments and as pytest options, and the
parsed values back as one options object (``RunOptions``, ``ClientOptions``)."""

from __future__ import annotations

import argparse
import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, TypeVar

from ecs_conformance.suites.options import LAYOUT, OPTIONS, PLUGIN, Option, Variant, field_name

T = TypeVar("T")


@dataclass(eq=False)  # pytest keeps plugins in sets: hashable by identity
class Carried:
    """Options handed to an in-process pytest run as the object the caller parsed:
    ``pytest.main(args, plugins=[Carried(options)])`` (suites/plugin.py reads a ``RunOptions``
    from it), instead of ``--ecs-*`` strings for pytest to parse back."""

    options: object


class _AddsOptions(Protocol):
    def addoption(self, *opts: str, **attrs: Any) -> None: ...


def notes_default(text: str, default: object) -> bool:
    """Whether an option's help should end with its default: not when it has none (None,
    False, a list), and not when the help already says it."""
    return not (default is None or default is False or default == argparse.SUPPRESS
                or isinstance(default, list) or "(default" in text or "%(default)" in text
                or f"default {default}" in text)


def _kwargs(option: Option, shown: Variant, dest: str) -> dict[str, Any]:
    kwargs: dict[str, Any] = {"dest": dest, "help": shown.help, "default": shown.default}
    if option.switch:
        kwargs["action"] = "store_false" if shown.default is True else "store_true"
        return kwargs
    for name, value in (("type", option.type), ("metavar", option.metavar),
                        ("choices", option.choices() if option.choices else None)):
        if value is not None:
            kwargs[name] = value
    return kwargs


def add_options(parser: argparse.ArgumentParser, command: str, *keys: str) -> None:
    """Add the options :data:`LAYOUT` gives ``command`` to its parser (``keys``: only these,
    in this order; ``send`` puts the recipe's options between its own)."""
    chosen = keys or LAYOUT[command]
    stray = [key for key in chosen if key not in LAYOUT[command]]
    if stray:
        raise ValueError(f"{command!r} takes no option {stray} (suites/options.py LAYOUT)")
    groups: dict[str, argparse._MutuallyExclusiveGroup] = {}
    for key in chosen:
        option = OPTIONS[key]
        shown = option.on(command)
        where: argparse._ActionsContainer = parser
        if shown.exclusive:
            if shown.exclusive not in groups:
                groups[shown.exclusive] = parser.add_mutually_exclusive_group(required=True)
            where = groups[shown.exclusive]
        kwargs = _kwargs(option, shown, key)
        if shown.required and not shown.exclusive:
            kwargs["required"] = True
        where.add_argument(*option.flags, **kwargs)


def fill_defaults(parser: argparse.ArgumentParser, command: str, like: str) -> None:
    """Give ``command``'s namespace the defaults of the options only ``like`` takes (``run``
    has no --endpoint; its handler, shared with ``server``, reads one)."""
    parser.set_defaults(**{key: OPTIONS[key].on(like).default
                           for key in LAYOUT[like] if key not in LAYOUT[command]})


def cli_values(args: argparse.Namespace, command: str) -> dict[str, Any]:
    """The parsed values of ``command``'s options, by options-object field."""
    return {field_name(key): getattr(args, key) for key in LAYOUT[command]
            if hasattr(args, key)}


def plugin_help(option: Option, shown: Variant) -> str:
    """The plugin's help: the table's, ending with the default as the CLI's ``--help`` does."""
    text = shown.help or ""
    value = shown.default
    if option.switch or not notes_default(text, value):
        return text
    value = ",".join(value) if isinstance(value, tuple) else value
    return f"{text} (default: {value})"


def plugin_dest(key: str) -> str:
    return f"ecs_{key}"


def add_pytest_options(group: _AddsOptions) -> None:
    """The plugin's ``--ecs-*`` options (pytest's ``addoption``), from the same table."""
    for key in LAYOUT[PLUGIN]:
        option = OPTIONS[key]
        assert option.plugin is not None
        shown = option.on(PLUGIN)
        kwargs = _kwargs(option, shown, plugin_dest(key))
        kwargs["help"] = plugin_help(option, shown)
        group.addoption(option.plugin, **kwargs)


def plugin_values(option_namespace: object) -> dict[str, Any]:
    """The plugin options' values (``config.option``), by options-object field."""
    return {field_name(key): getattr(option_namespace, plugin_dest(key))
            for key in LAYOUT[PLUGIN]}


def suite_pytest_args(suite_dir: Path, *, verbose: bool, plugins: Sequence[str] = ()
                      ) -> list[str]:
    """pytest's own options for an in-process run of one of our suites: that folder only,
    no cache, no ini ``addopts``, no random order; ``-v`` or quiet; and no warning that a
    plugin of ours imported earlier in this process cannot be assertion-rewritten. Our
    options travel as an object (:class:`Carried`), never here."""
    named = [arg for name in plugins for arg in ("-p", name)]
    return [str(suite_dir), *named, "-p", "no:cacheprovider", f"--confcutdir={suite_dir}",
            "-o", "addopts=", "--no-header", "-p", "no:randomly",
            "-W", "ignore::pytest.PytestAssertRewriteWarning",
            *(["-v"] if verbose else ["-q", "-rN"])]


def options_object(cls: type[T], values: Mapping[str, Any], **more: Any) -> T:
    """``cls`` (a dataclass) from the values of the fields it has; the rest keep its
    defaults."""
    names = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    return cls(**{k: v for k, v in {**values, **more}.items() if k in names})
