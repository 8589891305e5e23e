"""Side-by-side benchmark: Schemathesis (fed with our OpenAPI export) against our own suite, on the
clean reference emulator and on each of its single-fault variants (``reference.FAULTS``).

For every target it runs

* **Schemathesis**, in-process against the ASGI app (its engine, the same one ``st run`` drives:
  examples, coverage, fuzzing and stateful phases, every built-in check, ``continue-on-failure``,
  a fixed seed, ``--examples`` examples, no example database), with
  - a ``requests`` auth that signs each final request (V3 ``ACS3-HMAC-SHA256``, from the URL and
    body as sent) with the default profile's credentials — Schemathesis cannot sign by itself;
  - parameter overrides that pin ``ImageId``, ``RegionId`` and ``DestinationRegionId`` to the
    profile's values (otherwise nearly every request stops at a 404 look-up);
  - an ``after_call`` hook that resets the emulator out of band (drops every copy the call
    made), so each request meets a fresh emulator: the emulator rightly refuses a name already
    used in the destination region (``InvalidImageName.Duplicated``) and queues copies, state
    rules that an OpenAPI document cannot express, and our suite sends fresh names instead. The
    reset does not depend on the answer (a faulty answer cannot break it), runs on every target
    alike, and hides only state faults that Schemathesis cannot reach anyway;
* **our suite**: ``ecs-conformance run [--fault NAME]`` (default budget), in-process.

A target is *detected* by a tool when the tool reports at least one failure on it (``any``).
Both tools also get a stricter figure: Schemathesis *new kinds* counts only failures of a kind
(check, HTTP status, error code) that it did not also report on the clean emulator, and ours
*on target* counts only failures of the requirements the variant is known to violate. A *false
alarm* is any failure on the clean emulator. Prints figures; asserts nothing.

Schemathesis is an optional extra (never a test dependency: it slows pytest start-up):

    python3 -m pip install -e '.[bench]' && python3 bench/bench_schemathesis.py
    python3 bench/bench_schemathesis.py --examples 100 --seed 1 --variants name-max-129,v3-xml

Exit codes: 0 after printing the tables, 2 when schemathesis is not installed or an argument is
wrong.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._common import timed_run
from ecs_conformance.reference import FAULTS, create_app
from ecs_conformance.spec import load_profile, load_spec
from ecs_conformance.spec.export import export_openapi
from ecs_conformance.spec.signing import (
    WireDecodeError,
    new_nonce,
    parse_form,
    utc_timestamp,
    v3_sign,
)

try:
    import requests
    import schemathesis
    from schemathesis.config import SchemathesisConfig
    from schemathesis.engine import events, from_schema
except ImportError as exc:  # pragma: no cover - depends on the optional extra
    print(f"schemathesis is not installed ({exc}); install the bench extra:\n"
          "    python3 -m pip install -e '.[bench]' && python3 bench/bench_schemathesis.py",
          file=sys.stderr)
    sys.exit(2)

PINNED = "4.32.5"  # keep in step with the `bench` extra of pyproject.toml
CODE = re.compile(r'"Code"\s*:\s*"([^"]*)"|<Code>([^<]*)</Code>')


@dataclass
class Outcome:
    """One tool on one target."""

    wall: float
    failures: list[str]  # one entry per failure, as a kind
    requests: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def kinds(self) -> set[str]:
        return set(self.failures)


# --------------------------------------------------------------------------- Schemathesis


class V3Auth(requests.auth.AuthBase):
    """Signs the final request (ACS3-HMAC-SHA256) from its URL and body, as they are sent."""

    def __init__(self, access_key_id: str, secret: str) -> None:
        self.access_key_id, self._secret = access_key_id, secret

    def __repr__(self) -> str:  # never show the secret
        return f"V3Auth({self.access_key_id!r})"

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        parts = urlsplit(request.url or "")
        raw = request.body or b""
        body = raw.encode("utf-8") if isinstance(raw, str) else raw
        if not isinstance(body, bytes):  # requests prepares bytes or str; a stream is unsigned
            return request
        try:
            query = parse_form(parts.query)
        except WireDecodeError:
            return request  # undecodable query: sent unsigned, the target must refuse it
        headers = v3_sign(request.method or "GET", parts.netloc, query, self.access_key_id,
                          self._secret, nonce=new_nonce(), date=utc_timestamp(), body=body)
        for name, value in headers.items():
            request.headers[name] = value
        return request


def _kind(check: str, status: int | None, body: bytes) -> str:
    match = CODE.search(body[:4096].decode("utf-8", "replace"))
    code = (match.group(1) or match.group(2)) if match else "-"
    return f"{check} {status if status is not None else 'no-answer'} {code}"


def openapi_document(drop_examples: frozenset[str] = frozenset()) -> dict[str, Any]:
    """Our OpenAPI export, less the ``example`` of the parameters named in *drop_examples*."""
    doc = export_openapi(load_spec())
    for operation in doc["paths"]["/"].values():
        for parameter in operation["parameters"]:
            if parameter["name"] in drop_examples:
                parameter.pop("example", None)
    return doc


def run_schemathesis(fault: str | None, examples: int, seed: int,
                     doc: dict[str, Any] | None = None) -> Outcome:
    profile = load_profile()
    creds = profile.credentials
    image = profile.role("images.available")
    started = time.perf_counter()
    app = create_app(fault=fault)
    config = SchemathesisConfig.from_dict({
        "seed": seed,
        "continue-on-failure": True,
        "generation": {"max-examples": examples, "database": "none"},
        "checks": {"enabled": True},
        "parameters": {"query.ImageId": image, "query.RegionId": profile.source_region,
                       "query.DestinationRegionId": profile.destination_region},
    })
    schema = schemathesis.openapi.from_dict(doc or openapi_document(), config=config)
    schema.app = app
    schema.auth.set_from_requests(V3Auth(creds.access_key_id, creds.access_key_secret))
    initial = set(app.state.images)
    resets = Counter[str]()

    def after_call(context: Any, case: Any, response: Any) -> None:
        """Out of band: drop the copies the call made, as if each request met a fresh emulator."""
        images = app.state.images
        made = [image_id for image_id in images if image_id not in initial]
        for image_id in made:
            del images[image_id]
        app.state._slot_freed.clear()
        resets["copies dropped"] += len(made)

    schema.hook(after_call)
    failures: list[str] = []
    sent = errors = 0
    for event in from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished):
            recorder = event.recorder
            sent += len(recorder.interactions)
            for case_id, checks in recorder.checks.items():
                interaction = recorder.interactions.get(case_id)
                response = interaction.response if interaction else None
                for check in checks:
                    if check.status == schemathesis.engine.Status.FAILURE:
                        failures.append(_kind(check.name,
                                              response.status_code if response else None,
                                              response.content if response else b""))
        elif isinstance(event, events.NonFatalError | events.FatalError):
            errors += 1
    return Outcome(time.perf_counter() - started, failures, sent,
                   {"errors": errors, "resets": dict(resets)})


# --------------------------------------------------------------------------- our suite


def run_ours(fault: str | None) -> Outcome:
    # Schemathesis registers a pytest plugin; keep it out of our suite's pytest session.
    previous = os.environ.get("PYTEST_ADDOPTS")
    os.environ["PYTEST_ADDOPTS"] = f"{previous or ''} -p no:schemathesis".strip()
    try:
        wall, report, _ = timed_run("run", *(("--fault", fault) if fault else ()))
    finally:
        if previous is None:
            os.environ.pop("PYTEST_ADDOPTS", None)
        else:
            os.environ["PYTEST_ADDOPTS"] = previous
    failed = [r["id"] for r in report["requirements"] if r["status"] == "failed"]
    return Outcome(wall, failed, int(report["run"].get("requests", 0)))


# --------------------------------------------------------------------------- tables


def _times(outcomes: list[Outcome]) -> str:
    walls = [o.wall for o in outcomes]
    return (f"total {sum(walls):7.1f} s, median {statistics.median(walls):5.1f} s per variant"
            if walls else "-")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=100,
                        help="Schemathesis max-examples per phase (default 100)")
    parser.add_argument("--seed", type=int, default=1, help="Schemathesis seed (default 1)")
    parser.add_argument("--variants", default="",
                        help="comma-separated fault names (default: all of reference.FAULTS)")
    parser.add_argument("--drop-example", default="", metavar="NAMES",
                        help="comma-separated parameters whose OpenAPI example is removed "
                             "before Schemathesis reads the export (default: none)")
    args = parser.parse_args(argv)
    dropped = frozenset(n for n in args.drop_example.split(",") if n)
    doc = openapi_document(dropped)
    names = [n for n in args.variants.split(",") if n] or sorted(FAULTS)
    unknown = [n for n in names if n not in FAULTS]
    if unknown:
        print(f"unknown variants: {', '.join(unknown)}", file=sys.stderr)
        return 2

    if schemathesis.__version__ != PINNED:
        print(f"note: schemathesis {schemathesis.__version__} installed, the bench pins {PINNED}")
    print(f"Schemathesis {schemathesis.__version__} (in-process ASGI, seed {args.seed}, "
          f"max-examples {args.examples}, all phases, all checks, continue-on-failure) "
          f"against ecs-conformance `run` (default budget); {len(names)} of {len(FAULTS)} "
          f"variants; Python {sys.version.split()[0]}, {os.cpu_count()} cores")
    print("OpenAPI: `ecs-conformance spec export --format openapi`"
          + (f", less the examples of {', '.join(sorted(dropped))}" if dropped else ", as is")
          + "; ImageId, RegionId, DestinationRegionId pinned to the default profile's values.")
    print("After each Schemathesis call the emulator drops the copies it made (a repeated name "
          "is rightly refused); ours sends fresh names.\n")

    st_clean = run_schemathesis(None, args.examples, args.seed, doc)
    ours_clean = run_ours(None)
    baseline = st_clean.kinds
    rows: list[tuple[str, Outcome, Outcome]] = []
    print(f"{'variant':<32} {'schemathesis':<30} {'ours':<22} schemathesis new failure kinds")
    for name in names:
        st = run_schemathesis(name, args.examples, args.seed, doc)
        ours = run_ours(name)
        rows.append((name, st, ours))
        new = sorted(st.kinds - baseline)
        on_target = set(ours.failures) & set(FAULTS[name].requirements)
        st_cell = (f"{'yes' if st.failures else 'no':<3} new:{'yes' if new else 'no':<3} "
                   f"{st.wall:6.1f} s {st.requests:5d} req")
        ours_cell = (f"{'yes' if ours.failures else 'no':<3} "
                     f"target:{'yes' if on_target else 'no':<3} {ours.wall:5.1f} s")
        print(f"{name:<32} {st_cell:<30} {ours_cell:<22} {'; '.join(new) or '-'}", flush=True)

    n = len(rows)
    st_any = sum(bool(st.failures) for _, st, _ in rows)
    st_new = sum(bool(st.kinds - baseline) for _, st, _ in rows)
    ours_any = sum(bool(o.failures) for _, _, o in rows)
    ours_target = sum(bool(set(o.failures) & set(FAULTS[name].requirements))
                      for name, _, o in rows)
    both = sum(bool(st.kinds - baseline) and bool(o.failures) for _, st, o in rows)
    only_st = sum(bool(st.kinds - baseline) and not o.failures for _, st, o in rows)

    print(f"\n{'tool':<14} {'detected (any failure)':<24} {'strict':<26} "
          f"{'false alarms on clean':<24} wall time over the variants")
    st_alarms = f"{len(st_clean.failures)} ({len(baseline)} kinds)"
    print(f"{'schemathesis':<14} {f'{st_any}/{n}':<24} {f'{st_new}/{n} (new kinds)':<26} "
          f"{st_alarms:<24} {_times([r[1] for r in rows])}")
    print(f"{'ours':<14} {f'{ours_any}/{n}':<24} {f'{ours_target}/{n} (on target)':<26} "
          f"{f'{len(ours_clean.failures)} ({len(ours_clean.kinds)} kinds)':<24} "
          f"{_times([r[2] for r in rows])}")
    print(f"variants caught by both (schemathesis new kinds, ours any): {both}; "
          f"by schemathesis only: {only_st}")
    dropped = st_clean.extra["resets"].get("copies dropped", 0)
    print(f"clean emulator: schemathesis {st_clean.wall:.1f} s, {st_clean.requests} requests, "
          f"{dropped} copies dropped by the resets, {st_clean.extra['errors']} engine errors; "
          f"ours {ours_clean.wall:.1f} s, {ours_clean.requests} requests")
    print("false alarms of schemathesis on the clean emulator (check, status, code: count):")
    for kind, count in sorted(Counter(st_clean.failures).items()):
        print(f"  {kind}: {count}")
    if ours_clean.failures:
        print("false alarms of ours on the clean emulator:")
        for kind, count in sorted(Counter(ours_clean.failures).items()):
            print(f"  {kind}: {count}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
