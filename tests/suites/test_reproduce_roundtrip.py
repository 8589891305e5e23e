"""The reproduce round trip: a report's ``reproduce`` line rebuilds and re-sends its request.

For a failure of a faulty variant, the line, run as written (parsed with shlex, handed to the
CLI's ``main``), must

* rebuild the recorded request byte for byte, given the recorded nonce and timestamp
  (:func:`rebuild_problems`: every failure, including multi-step ones);
* against a fresh copy of that variant, get the answer the report shows: status, code and body
  modulo RequestId, HostId, ImageId, timestamps and nonces (:func:`replay_problems`);
* against a fresh faithful emulator, get an answer the report's "expected" accepts.

The socket is the only thing replaced: ``send``'s HttpTarget becomes an in-process target
serving a fresh emulator, addressed with the line's own endpoint host. Findings whose request
depends on earlier steps of a scenario (an image the run itself created, the copy-state
scenarios) are checked by the rebuild only. The power test (``test_power.py``) runs this check
on the report of every variant of reference.FAULTS; the cases here cover the gateway defects
on their own, quickly, and show that the check fires.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shlex
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest

from ecs_conformance.reference import create_app
from ecs_conformance.reports import clip_text
from ecs_conformance.spec import load_spec
from ecs_conformance.spec.profile import load_profile
from ecs_conformance.suites.cli import build_parser, main
from ecs_conformance.suites.commands import serve_cmd
from ecs_conformance.suites.defects import DEFECTS
from ecs_conformance.suites.parse import parse_body
from ecs_conformance.suites.recipe import recipe_from_args
from ecs_conformance.suites.repro import ENV_ID, ENV_SECRET, account_env
from ecs_conformance.suites.signer import Signer
from ecs_conformance.suites.targets import AsgiTarget
from ecs_conformance.suites.wire import Exchange, WireRequest
from tests.suites.conftest import run_suite

PROFILE = load_profile(None)
SPEC = load_spec()
DOCUMENTED = {r.code for r in SPEC.error_rows} | {g.code for g in SPEC.gateway_errors}
SCENARIO_REQUIREMENTS = {"state.copy-visible", "state.copy-queue", "state.cancel",
                         "state.delete-refused-while-copying"}


@dataclass(frozen=True)
class Answer:
    status: int | None
    content_type: str
    body: str
    log: str


@contextlib.contextmanager
def credentials() -> Iterator[None]:
    """The shipped profile's credentials in the variables reproduce lines name."""
    values = {ENV_ID: PROFILE.credentials.access_key_id,
              ENV_SECRET: PROFILE.credentials.access_key_secret}
    for name in PROFILE.data.get("accounts", {}):
        account = PROFILE.account(name)
        assert account is not None
        id_var, secret_var = account_env(name)
        values.update({id_var: account.access_key_id, secret_var: account.access_key_secret})
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def send_line(line: str, monkeypatch: pytest.MonkeyPatch, fault: str | None, *,
              env: bool = True) -> Answer:
    """Run a reproduce line through the CLI against a fresh emulator (``fault``: a variant),
    with the profile's credentials exported (``env``) as the line's comment asks."""
    argv = shlex.split(line, comments=True)
    assert argv[:2] == ["ecs-conformance", "send"], line
    app = create_app(PROFILE, fault=fault)

    def target(endpoint: str, **_: Any) -> AsgiTarget:
        return AsgiTarget(app, host=urlsplit(endpoint).netloc)

    monkeypatch.setattr(serve_cmd, "HttpTarget", target)
    out, err = io.StringIO(), io.StringIO()
    exported = credentials() if env else contextlib.nullcontext()
    with exported, contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        main(argv[1:])
    head, _, body = out.getvalue().partition("\n")
    match = re.match(r"HTTP (\d{3})  (.*)", head)
    if match is None:
        return Answer(None, "", "", err.getvalue())
    return Answer(int(match[1]), match[2], body[:-1] if body.endswith("\n") else body,
                  err.getvalue())


MASKS = [
    (re.compile(r'"(RequestId|HostId|ImageId)":"[^"]*"'), r'"\1":"*"'),
    (re.compile(r"<(RequestId|HostId|ImageId)>[^<]*</"), r"<\1>*</"),
    (re.compile(r"requestId=[0-9A-Fa-f-]+"), "requestId=*"),
    (re.compile(r"(ACS3-HMAC-SHA256(?:\\n|\n))[0-9a-f]{64}"), r"\1HASH"),  # hashes date, nonce
    (re.compile(r"\d{4}-\d\d-\d\dT\d\d(?::|%3A|%253A)\d\d(?::|%3A|%253A)\d\dZ"), "TIME"),
    (re.compile(r"(SignatureNonce(?:=|%3D|%253D))[^&%\"<\\]+"), r"\1NONCE"),
]


def normalise(body: str) -> str:
    for pattern, replacement in MASKS:
        body = pattern.sub(replacement, body)
    return body


def _code(body: str) -> str | None:
    match = re.search(r'"Code":"([^"]*)"|<Code>([^<]*)</Code>', body)
    return (match[1] or match[2]) if match else None


def _fields(answer: Answer) -> dict[str, Any]:
    exchange = Exchange(WireRequest.of("POST"), answer.status,
                        (("content-type", answer.content_type),), answer.body.encode())
    return parse_body(exchange).fields


def satisfies(expected: str, answer: Answer, requirement: str) -> bool | None:
    """Whether the answer meets a report's ``expected`` text; None: a form not understood."""
    code = _code(answer.body)
    status = answer.status or 0
    alternatives = re.findall(r"HTTP (\d{3}(?:/\d{3})*)(?: ([\w.]+))?", expected)
    if alternatives and "every time" not in expected:
        return any(str(status) in s.split("/") and (not c or c == "with" or c == code)
                   for s, c in alternatives)
    if expected.startswith(("a 4xx error", "refused as a 4xx error")):
        named = re.search(r"\(([\w.]+)\)", expected)
        return 400 <= status < 500 and (named is None or named[1] == code)
    if match := re.fullmatch(r"refused as ([\w.]+) every time", expected):
        return code == match[1]
    if expected.startswith("one of "):  # "unconventional code": a documented code is conventional
        return code in {c.strip() for c in expected[len("one of "):].split(",")} | DOCUMENTED
    if re.fullmatch(r"[\w.+-]+/[\w.+-]+(;.*)?", expected):  # a content type, exact if it has ;
        got = answer.content_type if ";" in expected else answer.content_type.split(";")[0]
        return got.strip().lower() == expected.lower()
    if expected in ("a JSON body", "a XML body"):
        return expected.split()[1].lower() in answer.content_type
    if expected.startswith("keys "):
        return all(k.strip() in _fields(answer) for k in expected[len("keys "):].split(","))
    if expected.startswith("^") and expected.endswith("$"):
        name = "RequestId" if "request-id" in requirement else "ImageId"
        return re.fullmatch(expected, str(_fields(answer).get(name, ""))) is not None
    if expected.startswith("'") and expected.endswith("'"):  # a message, verbatim
        return _fields(answer).get("Message") == expected[1:-1]
    if expected.startswith("an answer other than "):  # an operation the target must serve
        return code != expected.split()[-1]
    if expected == "no Code field":
        return "Code" not in _fields(answer)
    if re.fullmatch(r"<\w+>", expected):  # the XML root element
        return expected in answer.body
    return None


def multi_step(requirement: str, evidence: dict[str, Any]) -> bool:
    """A request that only means something after earlier steps: it belongs to a copy-state
    scenario, or it names an image the run itself created (the emulator's 20-character IDs)."""
    if requirement in SCENARIO_REQUIREMENTS:
        return True
    image = dict(_sent_params(evidence["request"])).get("ImageId", "")
    return re.fullmatch(r"[mi]-[0-9a-z]{20}", image) is not None and \
        image not in _profile_strings(PROFILE.data)


def _profile_strings(data: object) -> set[str]:
    if isinstance(data, dict):
        return {s for v in data.values() for s in _profile_strings(v)}
    if isinstance(data, list):
        return {s for v in data for s in _profile_strings(v)}
    return {data} if isinstance(data, str) else set()


def _sent_params(request: dict[str, Any]) -> list[tuple[str, str]]:
    query = urlsplit(str(request["url"])).query
    pairs = parse_qsl(query, keep_blank_values=True)
    if request["body"] and not pairs:
        pairs = parse_qsl(str(request["body"]), keep_blank_values=True)
    return pairs


def rebuild_problems(evidence: dict[str, Any]) -> list[str]:
    """The line's request, rebuilt with the recorded nonce and timestamp, equals the record."""
    argv = shlex.split(str(evidence["reproduce"]), comments=True)
    args = build_parser().parse_args(argv[1:])
    recipe = recipe_from_args(args)
    request = evidence["request"]
    headers = {k.lower(): v for k, v in request["headers"].items()}
    sent = dict(_sent_params(request))
    nonce = headers.get("x-acs-signature-nonce") or sent.get("SignatureNonce")
    stamp = headers.get("x-acs-date") or sent.get("Timestamp")
    creds = PROFILE.account(recipe.account) if recipe.account else PROFILE.credentials
    assert creds is not None
    signer = Signer(creds.access_key_id, creds.access_key_secret,
                    headers.get("host", "ecs.local"), account=recipe.account,
                    action=recipe.action, version=recipe.version)
    rebuilt = signer.build(recipe, nonce=nonce, timestamp=stamp).evidence()
    if rebuilt != request:
        return [f"rebuilt request differs:\n  recorded {request}\n  rebuilt  {rebuilt}"]
    return []


def replay_problems(fault: str, requirement: str, evidence: dict[str, Any],
                    monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Run the line against the variant (the report's answer) and the faithful emulator (an
    answer the report's expectation accepts)."""
    line, recorded = str(evidence["reproduce"]), evidence["response"]
    problems = []
    got = send_line(line, monkeypatch, fault)
    want_body = normalise(str(recorded["body"]))
    got_body = normalise(clip_text(got.body))
    if (got.status, got_body) != (recorded["status"], want_body):
        problems.append(f"{requirement}: against {fault} the line got HTTP {got.status} "
                        f"{got_body[:300]!r}; the report shows HTTP {recorded['status']} "
                        f"{want_body[:300]!r}\n  {line}")
    faithful = send_line(line, monkeypatch, None)
    verdict = satisfies(str(evidence["expected"]), faithful, requirement)
    if verdict is None:
        problems.append(f"{requirement}: expectation not understood: {evidence['expected']!r}")
    elif not verdict:
        problems.append(f"{requirement}: against the faithful emulator the line got HTTP "
                        f"{faithful.status} {faithful.body[:300]!r}; the report expected "
                        f"{evidence['expected']!r}\n  {line}")
    return problems


def reproduction_problems(fault: str, report: dict[str, Any],
                          monkeypatch: pytest.MonkeyPatch) -> tuple[int, list[str]]:
    """(failures checked, problems) over every failure's evidence in ``report``."""
    checked, problems = 0, []
    for requirement in report["requirements"]:
        if requirement["status"] != "failed":
            continue
        for evidence in requirement["evidence"]:
            if evidence["reproduce"] is None or evidence["response"] is None:
                continue
            checked += 1
            problems += rebuild_problems(evidence)
            if not multi_step(requirement["id"], evidence):
                problems += replay_problems(fault, requirement["id"], evidence, monkeypatch)
    return checked, problems


GATEWAY_VARIANTS = ["nonce-unchecked", "timestamp-window-unchecked", "v1-signature-unchecked",
                    "v3-signature-unchecked", "unknown-ak-403", "content-sha256-unchecked",
                    "unknown-action-500", "version-unchecked", "unsupported-method-405",
                    "signature-method-500", "timestamp-format-lenient", "nonce-optional",
                    "unsigned-v1-accepted"]


@pytest.mark.parametrize("fault", GATEWAY_VARIANTS)
def test_gateway_failures_reproduce(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                    fault: str) -> None:
    code, report = run_suite(tmp_path, "run", "--fault", fault, "--budget", "quick",
                             "--fail-fast")
    assert report is not None and code == 1
    checked, problems = reproduction_problems(fault, report, monkeypatch)
    assert checked, f"{fault}: no failure to reproduce"
    assert not problems, "\n".join(problems)


def _without(line: str, flags: set[str]) -> str:
    """The line with the given options (and their values) left out."""
    words, out = shlex.split(line, comments=True), []
    skip = False
    for word in words:
        if skip:
            skip = False
            continue
        name = word.split("=", 1)[0]
        if name in flags:
            skip = "=" not in word and not any(d.flag == name and d.metavar is None
                                               for d in DEFECTS)
            continue
        out.append(word)
    return shlex.join(out)


@pytest.mark.parametrize("fault", ["nonce-unchecked", "v1-signature-unchecked",
                                   "timestamp-window-unchecked", "unknown-action-500"])
def test_the_check_fires_on_a_line_that_drops_the_defect(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fault: str) -> None:
    """A reproduce line without its defect (what reports used to print) fails the round trip;
    one without its Format or action no longer rebuilds the recorded request."""
    _, report = run_suite(tmp_path, "run", "--fault", fault, "--budget", "quick", "--fail-fast")
    assert report is not None
    failures = [(r["id"], e) for r in report["requirements"] if r["status"] == "failed"
                for e in r["evidence"]]
    assert failures
    defect_flags = {d.flag for d in DEFECTS} | {"--action"}
    for requirement, evidence in failures:
        stripped = {**evidence, "reproduce": _without(evidence["reproduce"], defect_flags)}
        assert stripped["reproduce"] != evidence["reproduce"]
        assert replay_problems(fault, requirement, stripped, monkeypatch)
        plain = {**evidence, "reproduce": _without(evidence["reproduce"],
                                                   {"--format", "--action"})}
        if plain["reproduce"] != evidence["reproduce"]:
            assert rebuild_problems(plain)
