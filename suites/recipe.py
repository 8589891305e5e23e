"""How a request was built, as data: transport, parameters, headers and its defects.

:meth:`suites.signer.Signer.sign` stores a :class:`Recipe` on every
:class:`~suites.wire.WireRequest`; a report turns it into an ``ecs-conformance send …`` line
(:meth:`Recipe.argv`), and ``send`` parses the line back (:func:`recipe_from_args`) and signs the
same request afresh. Only the nonce and the current time are new: a deliberately stale timestamp
(:class:`suites.defects.TimestampOffset`) stays stale relative to *now*. Credentials never enter
a recipe.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field, replace

from ecs_conformance.spec import load_spec
from ecs_conformance.spec.wire import Pairs, Transport
from ecs_conformance.suites.defects import DEFECTS, Defect, ordered, split_pair


def default_action() -> str:
    """The action ``send`` calls unless told: the spec's operation (the loader caches it)."""
    return load_spec().operation.action


def default_version() -> str:
    """The API version ``send`` sends unless told: the spec's operation's."""
    return load_spec().operation.version


@dataclass(frozen=True)
class Recipe:
    """Everything needed to rebuild a request except credentials, nonce and current time."""

    scheme: str = "v3"
    method: str = "POST"
    placement: str = "query"
    fmt: str | None = None  # V1 Format; None: no Format parameter
    space_style: str = "%20"
    business: Pairs = ()
    action: str = field(default_factory=default_action)
    version: str = field(default_factory=default_version)
    headers: Pairs = ()  # extra headers (never Authorization)
    signed_headers: tuple[str, ...] | None = None  # V3: None means the default set
    account: str | None = None  # another account of the profile signs (credentials: env)
    defects: tuple[Defect, ...] = ()

    @classmethod
    def of(cls, transport: Transport, business: Pairs, **fields: object) -> Recipe:
        fmt = transport.fmt if transport.scheme == "v1" else None
        return cls(transport.scheme, transport.method, transport.placement, fmt,
                   transport.space_style, business).with_(**fields)

    def with_(self, **fields: object) -> Recipe:
        return replace(self, **fields)  # type: ignore[arg-type]

    def plus(self, *defects: Defect) -> Recipe:
        return replace(self, defects=ordered((*self.defects, *defects)))

    def rounds(self) -> tuple[int, bool]:
        times, shared = 1, False
        for defect in self.defects:
            n, same = defect.rounds()
            times, shared = max(times, n), shared or same
        return times, shared

    def argv(self) -> list[str]:
        """The ``send`` options that rebuild this request (without --endpoint)."""
        out = [*_opt("--scheme", self.scheme), *_opt("--method", self.method)]
        if self.placement != "query":
            out += _opt("--placement", self.placement)
        if self.scheme == "v1" and self.fmt is not None:
            out += _opt("--format", self.fmt)
        if self.space_style != "%20":
            out += _opt("--spaces", self.space_style)
        if self.action != default_action():
            out += _opt("--action", self.action)
        if self.version != default_version():
            out += _opt("--version", self.version)
        if self.account:
            out += _opt("--account", self.account)
        for name, value in self.headers:
            out += _opt("--header", f"{name}={value}")
        if self.signed_headers is not None:
            out += _opt("--signed-headers", ";".join(self.signed_headers))
        for defect in self.defects:
            arg = defect.value()
            out += [defect.flag] if arg is None else _opt(defect.flag, arg)
        for name, value in self.business:
            out += _opt("-p", f"{name}={value}")
        return out


def _opt(flag: str, value: str) -> list[str]:
    """``--opt=-value`` when the value starts with '-' (argparse would take it for an option)."""
    if not value.startswith("-"):
        return [flag, value]
    return [f"{'--param' if flag == '-p' else flag}={value}"]


def add_options(parser: argparse.ArgumentParser) -> None:
    """The ``send`` options of the recipe vocabulary (besides --endpoint)."""
    parser.add_argument("--scheme", choices=["v1", "v3"], default="v3",
                        help="signature scheme: v1 (Signature parameter) or v3 (Authorization "
                             "header); default v3")
    parser.add_argument("--method", default="POST", type=str.upper,
                        help="HTTP method, sent as given (GET, POST, or e.g. PUT to probe "
                             "refusal); default POST")
    parser.add_argument("--placement", choices=["query", "form"], default="query",
                        help="where parameters travel: the query string, or a form-encoded "
                             "POST body; default query")
    parser.add_argument("--format", dest="fmt", default=None,
                        help="V1 Format parameter, spelt as given (JSON, xml, ...); omitted: "
                             "no Format parameter (the target answers XML)")
    parser.add_argument("--spaces", dest="space_style", choices=["%20", "+", "node"],
                        default="%20",
                        help="wire encoding: %%20 (RFC 3986), + for spaces (tea-py), or node "
                             "(!*'() left raw); default %%20")
    parser.add_argument("--action", default=None,
                        help="API action (default: the spec's operation)")
    parser.add_argument("--version", default=None,
                        help="API version (default: the spec's operation's)")
    parser.add_argument("--account", default=None, metavar="NAME",
                        help="sign with the profile account NAME, whose credentials are read "
                             "from $ALIBABA_CLOUD_ACCESS_KEY_ID_<NAME> and "
                             "$ALIBABA_CLOUD_ACCESS_KEY_SECRET_<NAME> (NAME upper-cased)")
    parser.add_argument("--header", action="append", default=[], metavar="NAME=VALUE",
                        help="an extra header (V3: signed when it is x-acs-*); repeatable")
    parser.add_argument("--signed-headers", default=None, metavar="H1;H2",
                        help="V3: sign exactly these headers (lower-case, ';'-separated)")
    parser.add_argument("-p", "--param", action="append", default=[], metavar="NAME=VALUE",
                        help="a business parameter, in order; repeat a NAME to send it twice")
    for kind in DEFECTS:
        kwargs: dict[str, object] = {"help": kind.help, "dest": _dest(kind)}
        if kind.metavar is None:
            kwargs["action"] = "append_const"
            kwargs["const"] = None
        else:
            kwargs["action"] = "append"
            kwargs["metavar"] = kind.metavar
        parser.add_argument(kind.flag, **kwargs)  # type: ignore[arg-type]


def _dest(kind: type[Defect]) -> str:
    return "defect_" + kind.flag.lstrip("-").replace("-", "_")


def recipe_from_args(args: argparse.Namespace) -> Recipe:
    """Parse ``send``'s options back into a recipe; raises ``argparse.ArgumentTypeError``."""
    business = tuple(_pair(p, "-p") for p in args.param)
    headers = tuple(_pair(h, "--header") for h in args.header)
    defects: list[Defect] = []
    for kind in DEFECTS:
        given = getattr(args, _dest(kind)) or []
        if len(given) > 1 and not kind.repeatable:
            raise argparse.ArgumentTypeError(f"{kind.flag} may be given once")
        defects += [kind.parse(text) for text in given]
    signed = (tuple(h for h in args.signed_headers.split(";"))
              if args.signed_headers is not None else None)
    return Recipe(args.scheme, args.method, args.placement,
                  args.fmt if args.scheme == "v1" else None, args.space_style, business,
                  default_action() if args.action is None else args.action,
                  default_version() if args.version is None else args.version,
                  headers, signed, args.account, ordered(defects))


def _pair(text: str, option: str) -> tuple[str, str]:
    name, _, value = split_pair(text, option)
    return name, value


__all__ = ["Recipe", "add_options", "recipe_from_args"]
