"""Load spec/*.yaml once: validate each file, cross-check them, and build the frozen model."""

from __future__ import annotations

import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from ecs_conformance.spec import editions, purposes
from ecs_conformance.spec.model import (
    CharClass,
    Check,
    ClientRequirement,
    CommonParameter,
    Contract,
    Decision,
    Edition,
    ErrorRow,
    Expectation,
    ExtraCode,
    GatewayError,
    GreyZone,
    Operation,
    Parameter,
    ProtocolRequirement,
    Reading,
    ReadingOption,
    ReadingProbe,
    Rejection,
    Repeat,
    RepeatField,
    ResponseShape,
    Rule,
    SignatureScheme,
    Spec,
)
from ecs_conformance.spec.problems import Problem, SpecError
from ecs_conformance.spec.yamlio import load_schema, read_yaml, schema_problems

SPEC_DIR = Path(__file__).parent
SPEC_FILES = (
    "operation.yaml", "errors.yaml", "protocol.yaml", "responses.yaml", "client.yaml",
    "readings.yaml",
)
#: the other operations of the API, one file each: operations/<Action>.yaml
OPERATIONS_DIR = "operations"


def companion_files(base: Path) -> tuple[str, ...]:
    """The companion documents' names in ``base`` (``operations/<Action>.yaml``), sorted."""
    folder = base / OPERATIONS_DIR
    return tuple(f"{OPERATIONS_DIR}/{p.name}" for p in sorted(folder.glob("*.yaml")))


#: A spec directory to use instead of the shipped one (a copy extended with more operations in
#: operations/, for instance); the whole tool, suites and emulator included, then reads it.
SPEC_DIR_ENV = "ECS_CONFORMANCE_SPEC_DIR"


def load_spec(directory: str | None = None, edition: str | None = None) -> Spec:
    """The spec in ``directory`` (default: $ECS_CONFORMANCE_SPEC_DIR, else the shipped one) as
    edition ``edition`` (default: the active one, ``seed`` unless
    :func:`spec.editions.activate` chose another), validated and resolved."""
    return _load(directory or os.environ.get(SPEC_DIR_ENV) or None, edition or editions.active())


@lru_cache(maxsize=8)
def _load(directory: str | None, edition: str) -> Spec:
    base = Path(directory) if directory else SPEC_DIR
    seed_docs = read_docs(base)
    docs = editions.edition_docs(seed_docs, edition, base, _editions_dir(directory))
    if edition != editions.SEED:
        label = f" (edition {edition}, {editions.overlay_path(edition, _editions_dir(directory))})"
        problems = [p for name in (*SPEC_FILES, *companion_files(base))
                    for p in doc_problems(docs[name], str(base / name) + label)]
        if problems:
            raise SpecError(problems)
    else:
        label = ""
    problems = cross_check(docs, base, label)
    if problems:
        raise SpecError(problems)
    return build(docs, _edition(seed_docs, edition, base, directory))


def read_docs(base: Path) -> dict[str, dict[str, Any]]:
    """The seed's documents in ``base``, each checked against its meta-schema."""
    docs: dict[str, dict[str, Any]] = {}
    problems: list[Problem] = []
    for name in (*SPEC_FILES, *companion_files(base)):
        data, found = read_file(base / name)
        problems += found
        if data is not None:
            docs[name] = data
    if problems:
        raise SpecError(problems)
    return docs


def _editions_dir(directory: str | None) -> Path:
    return Path(directory) / "editions" if directory else editions.EDITIONS_DIR


def _edition(seed_docs: dict[str, dict[str, Any]], name: str, base: Path,
             directory: str | None) -> Edition:
    """Which editions define each requirement ID (the model's 'holds in')."""
    holds: dict[str, list[str]] = {}
    where = _editions_dir(directory)
    title = "the seed page's contract"
    for other in editions.edition_names(where):
        docs = editions.edition_docs(seed_docs, other, base, where)
        for req_id in editions.requirement_ids(docs):
            holds.setdefault(req_id, []).append(other)
        if other == name and other != editions.SEED:
            overlay, _ = editions.read_overlay(editions.overlay_path(other, where))
            title = str(overlay["title"]) if overlay else other
    return Edition(name, title, {k: tuple(v) for k, v in holds.items()})


def read_file(path: Path) -> tuple[dict[str, Any] | None, list[Problem]]:
    """One spec file, checked against the meta-schema definition its ``kind`` selects."""
    data, problems = read_yaml(path)
    if problems:
        return None, problems
    problems = doc_problems(data, str(path))
    return (None if problems else data), problems


def doc_problems(data: Any, file: str) -> list[Problem]:
    """Every way one spec document breaks the meta-schema definition its ``kind`` selects."""
    meta = load_schema("spec.schema.json")
    kinds = sorted(meta["$defs"])
    if not isinstance(data, dict) or data.get("kind") not in kinds:
        got = data.get("kind") if isinstance(data, dict) else type(data).__name__
        return [Problem(file, "$.kind", f"expected one of {kinds}, got {got!r}")]
    schema = {"$schema": meta["$schema"], "$defs": meta["$defs"], **meta["$defs"][data["kind"]]}
    return schema_problems(data, schema, file)


def cross_check(docs: dict[str, dict[str, Any]], base: Path, label: str = "") -> list[Problem]:
    """Consistency the meta-schema cannot express: references, uniqueness, exhaustiveness.
    ``label`` names the edition whose overlay made these documents (empty for the seed)."""
    op, errors, proto = docs["operation.yaml"], docs["errors.yaml"], docs["protocol.yaml"]
    f_op, f_err, f_proto = (str(base / n) + label for n in SPEC_FILES[:3])
    problems: list[Problem] = []
    row_ids = {row["id"] for row in errors["rows"]}
    params = {p["name"] for p in op["parameters"]}
    declared_roles = {role for p in op["parameters"] for role in p.get("roles", ())}
    problems += rule_problems(op["rules"], f_op, params, set(op["char_classes"]), row_ids,
                              "errors.yaml")
    for i, param in enumerate(op["parameters"]):
        if "duplicate_row" in param and param["duplicate_row"] not in row_ids:
            problems.append(Problem(f_op, f"$.parameters[{i}].duplicate_row", "expected an "
                                    f"error row ID of errors.yaml, got {param['duplicate_row']!r}"))
    referenced = {r for rule in op["rules"] for r in rule.get("reject", {}).get("rows", [])}
    seen: dict[tuple[int, str, str], int] = {}
    previous = 0  # an edition's rows keep their numbers: it may retire some (gaps), add more
    for i, row in enumerate(errors["rows"]):
        where = f"$.rows[{i}]"
        meaning = row["requirement"].removeprefix("error.")  # a row is keyed by meaning
        if row["id"] != meaning:
            problems.append(Problem(f_err, f"{where}.id", f"expected {meaning!r} (the row's "
                                                          f"requirement), got {row['id']!r}"))
        if not label and row["row"] != i + 1:
            problems.append(Problem(f_err, f"{where}.row",
                                    f"expected {i + 1} (its position in the source's table), "
                                    f"got {row['row']}"))
        elif label and row["row"] <= previous:
            problems.append(Problem(f_err, f"{where}.row",
                                    f"expected a number after row {previous}, got {row['row']}"))
        previous = row["row"]
        key = (row["status"], row["code"], row["message"])
        if key in seen:
            problems.append(Problem(f_err, where, f"duplicates row {seen[key]} {key}"))
        seen[key] = row["row"]
        if row["class"] == "input" and row["id"] not in referenced:
            problems.append(Problem(f_err, f"{where}.class",
                                    "expected an input row to be named by a rule's reject.rows"))
        if not row["requirement"].startswith(f"error.{row['code']}"):
            problems.append(Problem(f_err, f"{where}.requirement",
                                    f"expected 'error.{row['code']}[~variant]'"))
        for j, role in enumerate(row.get("needs", ())):
            if role not in declared_roles:
                problems.append(Problem(f_err, f"{where}.needs[{j}]",
                                        f"expected a role a parameter of operation.yaml "
                                        f"declares ({', '.join(sorted(declared_roles))}), "
                                        f"got {role!r}"))
    ids: dict[str, str] = {}
    all_ids = [(f_op, f"$.rules[{i}].id", r["id"]) for i, r in enumerate(op["rules"])]
    all_ids += [(f_err, f"$.rows[{i}].requirement", r["requirement"])
                for i, r in enumerate(errors["rows"])]
    for section in ("requirements", "state_requirements"):
        all_ids += [(f_proto, f"$.{section}[{i}].id", r["id"])
                    for i, r in enumerate(proto[section])]
    f_client = str(base / "client.yaml") + label
    all_ids += [(f_client, f"$.requirements[{i}].id", r["id"])
                for i, r in enumerate(docs["client.yaml"]["requirements"])]
    all_ids += [(f_client, "$.error_rows", f"client.{r['requirement']}") for r in errors["rows"]]
    for file, where, req_id in all_ids:
        if req_id in ids:
            problems.append(Problem(file, where, f"requirement ID {req_id!r} is already "
                                                 f"used at {ids[req_id]}"))
        ids[req_id] = f"{file} {where}"
    purposes: dict[str, str] = {}
    for name in companion_files(base):
        problems += check_companion(docs[name], str(base / name) + label, name, op, ids)
        problems += purpose_problems(docs[name], str(base / name) + label, purposes)
    fields = {f"{p['name']}.{f['name']}" for p in op["parameters"]
              for f in p.get("repeat", {}).get("fields", [])}
    return problems + check_readings(docs["readings.yaml"], str(base / "readings.yaml"),
                                     set(ids), row_ids, params | fields)


def rule_problems(rules: list[dict[str, Any]], file: str, params: set[str], classes: set[str],
                  rows: set[str], rows_in: str) -> list[Problem]:
    """Each rule names a declared parameter, known character classes and existing error rows
    (those of ``rows_in``)."""
    problems: list[Problem] = []
    for i, rule in enumerate(rules):
        where = f"$.rules[{i}]"
        if rule["parameter"].split(".")[0] not in params:
            problems.append(Problem(file, f"{where}.parameter",
                                    f"expected a declared parameter, got {rule['parameter']!r}"))
        for cls in rule["check"].get("classes", []):
            if cls not in classes:
                problems.append(Problem(file, f"{where}.check.classes",
                                        f"expected one of {sorted(classes)}, got {cls!r}"))
        for row in rule.get("reject", {}).get("rows", []):
            if row not in rows:
                problems.append(Problem(file, f"{where}.reject.rows",
                                        f"expected an error row ID of {rows_in}, got {row!r}"))
    return problems


def check_companion(doc: dict[str, Any], file: str, name: str, primary: dict[str, Any],
                    ids: dict[str, str]) -> list[Problem]:
    """A companion operation against itself and the primary one: its file name, API version,
    parameters, rule IDs (``<Action>.``), rows (unique; input rows named by a rule) and
    requirement IDs unique across the spec (``ids`` is updated)."""
    problems: list[Problem] = []
    action = doc["operation"]["action"]
    if Path(name).stem != action:
        problems.append(Problem(file, "$.operation.action",
                                f"expected {Path(name).stem!r} (the file's name), got {action!r}"))
    version = primary["operation"]["version"]
    if doc["operation"]["version"] != version:
        problems.append(Problem(file, "$.operation.version",
                                f"expected {version!r} (operation.yaml's API version), got "
                                f"{doc['operation']['version']!r}"))
    params = {p["name"] for p in doc["parameters"]}
    rows = [r["id"] for r in doc["rows"]]
    problems += rule_problems(doc["rules"], file, params, set(primary["char_classes"]),
                              set(rows), "this file")
    referenced = {r for rule in doc["rules"] for r in rule.get("reject", {}).get("rows", [])}
    for i, rule in enumerate(doc["rules"]):
        where = f"$.rules[{i}]"
        if not rule["id"].startswith(f"{action}."):
            problems.append(Problem(file, f"{where}.id", f"expected an ID starting "
                                                         f"{action + '.'!r}, got {rule['id']!r}"))
        if rule["id"] in ids:
            problems.append(Problem(file, f"{where}.id", f"requirement ID {rule['id']!r} is "
                                                         f"already used at {ids[rule['id']]}"))
        ids[rule["id"]] = f"{file} {where}"
    answer = doc["baseline"]["answer"]
    if answer.startswith("row:") and answer[4:] not in rows:
        problems.append(Problem(file, "$.baseline.answer",
                                f"expected success or row:<an error row ID of this file>, got "
                                f"{answer!r}"))
    for name in doc["baseline"]["params"]:
        if name not in params:
            problems.append(Problem(file, f"$.baseline.params.{name}",
                                    f"expected a declared parameter, got {name!r}"))
    for i, row in enumerate(doc["rows"]):
        where = f"$.rows[{i}]"
        if rows.index(row["id"]) != i:
            problems.append(Problem(file, f"{where}.id", f"duplicate row ID {row['id']!r}"))
        if row["class"] == "input" and row["id"] not in referenced:
            problems.append(Problem(file, f"{where}.class",
                                    "expected an input row to be named by a rule's reject.rows"))
    return problems


def purpose_problems(doc: dict[str, Any], file: str, seen: dict[str, str]) -> list[Problem]:
    """A companion's ``purpose``: declared by no other companion (``seen`` maps each purpose
    to the file declaring it, and is updated), and backed by one parameter with each role the
    purpose needs (spec/purposes.py ``NEEDS_ROLES``)."""
    purpose = doc.get("purpose")
    if purpose is None:
        return []
    problems: list[Problem] = []
    if purpose in seen:
        problems.append(Problem(file, "$.purpose", f"expected a purpose no other companion "
                                                   f"declares, got {purpose!r} (already "
                                                   f"declared by {seen[purpose]})"))
    seen.setdefault(purpose, file)
    for role in purposes.NEEDS_ROLES.get(purpose, ()):
        having = [p["name"] for p in doc["parameters"] if role in p.get("roles", ())]
        if len(having) != 1:
            problems.append(Problem(file, "$.parameters", f"expected one parameter with role "
                                                          f"{role!r} (purpose {purpose} needs "
                                                          f"it), got {len(having)}"
                                                          + (f": {', '.join(having)}"
                                                             if having else "")))
    return problems


def check_readings(data: dict[str, Any], f_read: str, requirement_ids: set[str],
                   row_ids: set[str], params: set[str]) -> list[Problem]:
    """A readings file against the rest of the spec: requirement IDs, rows, parameters (tag
    fields as ``Tag.Key``), reading IDs."""
    problems: list[Problem] = []
    seen: set[str] = set()
    for i, entry in enumerate(data["readings"]):
        where = f"$.readings[{i}]"
        if entry["id"] in seen:
            problems.append(Problem(f_read, f"{where}.id", f"duplicate reading {entry['id']!r}"))
        seen.add(entry["id"])
        options = [o["id"] for o in entry["readings"]]
        if len(set(options)) != len(options):
            problems.append(Problem(f_read, f"{where}.readings", "expected unique reading IDs"))
        if entry["primary"] not in options:
            problems.append(Problem(f_read, f"{where}.primary",
                                    f"expected one of {options}, got {entry['primary']!r}"))
        for j, rule in enumerate(entry["rules"]):
            if rule not in requirement_ids:
                problems.append(Problem(f_read, f"{where}.rules[{j}]",
                                        f"expected a requirement ID of the spec, got {rule!r}"))
        grey = entry["grey"]
        for j, name in enumerate(grey.get("parameters", [])):
            if name not in params:
                problems.append(Problem(f_read, f"{where}.grey.parameters[{j}]",
                                        f"expected a declared parameter, got {name!r}"))
        for j, (lo, hi) in enumerate(grey.get("chars", [])):
            if lo > hi:
                problems.append(Problem(f_read, f"{where}.grey.chars[{j}]",
                                        f"expected low <= high, got [{lo:#x}, {hi:#x}]"))
        for j, probe in enumerate(entry["probes"]):
            at = f"{where}.probes[{j}]"
            if sorted(probe["expect"]) != sorted(options):
                got = sorted(probe["expect"])
                problems.append(Problem(f_read, f"{at}.expect", f"expected an outcome for each "
                                        f"reading {sorted(options)}, got {got}"))
            for reading, outcome in probe["expect"].items():
                if outcome.startswith("row:") and outcome[4:] not in row_ids:
                    problems.append(Problem(f_read, f"{at}.expect.{reading}",
                                            f"expected an error row ID of errors.yaml, got "
                                            f"{outcome[4:]!r}"))
    return problems


def build(docs: dict[str, dict[str, Any]], edition: Edition | None = None) -> Spec:
    op, errors = docs["operation.yaml"], docs["errors.yaml"]
    proto, resp = docs["protocol.yaml"], docs["responses.yaml"]
    o = op["operation"]
    rows = tuple(
        ErrorRow(
            id=r["id"], requirement=r["requirement"], row=r["row"], status=r["status"],
            code=r["code"], message=r["message"], meaning_zh=r["meaning_zh"],
            meaning_en=r["meaning_en"], error_class=r["class"], role=r.get("role"),
            trigger=r.get("trigger"), source=r["source"], action=o["action"],
            needs=tuple(r.get("needs", ())),
        )
        for r in errors["rows"]
    )
    by_id = {row.id: row for row in rows}
    canonical = {name.removesuffix(".yaml"): data for name, data in docs.items()}
    blob = json.dumps(canonical, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return Spec(
        operation=_operation(o),
        char_classes={
            name: CharClass(name, tuple((lo, hi) for lo, hi in ranges))
            for name, ranges in op["char_classes"].items()
        },
        parameters=tuple(_parameter(p) for p in op["parameters"]),
        rules=tuple(_rule(r, by_id) for r in op["rules"]),
        decisions=tuple(
            Decision(d["id"], d["title"], d["decision"], tuple(d["sources"]))
            for d in op["decisions"]
        ),
        error_rows=rows,
        extra_codes=tuple(
            ExtraCode(e["code"], e["status"], e.get("message"), e["class"], e["source"])
            for e in errors["extra_codes"]
        ),
        common_parameters=tuple(
            CommonParameter(c["name"], c["required"], c["scheme"], c["format"], c["source"])
            for c in proto["common_parameters"]
        ),
        signature_schemes=tuple(
            SignatureScheme(
                s["id"], s["name"], s["carrier"], s["algorithm"], s["key"], s["string_to_sign"],
                s["encoding"], s["test_vector"]["signature"], s["source"],
            )
            for s in proto["signature_schemes"]
        ),
        protocol_requirements=tuple(_protocol(r) for r in proto["requirements"]),
        state_requirements=tuple(_protocol(r) for r in proto["state_requirements"]),
        gateway_errors=tuple(
            GatewayError(g["code"], g["status"], g["message"], g["source"])
            for g in proto["gateway_errors"]
        ),
        responses=tuple(_response(r) for r in resp["responses"]),
        patterns=dict(resp["patterns"]),
        digest="sha256:" + hashlib.sha256(blob).hexdigest(),
        client_requirements=_client(docs["client.yaml"], rows),
        readings=tuple(_reading(r) for r in docs["readings.yaml"]["readings"]),
        canonical=canonical,
        edition=edition or Edition(),
        companions=tuple(
            _companion(docs[name], op["char_classes"])
            for name in sorted(n for n in docs if n.startswith(f"{OPERATIONS_DIR}/"))
        ),
    )


def _operation(o: dict[str, Any]) -> Operation:
    return Operation(
        product=o["product"], version=o["version"], action=o["action"], style=o["style"],
        methods=tuple(o["methods"]), path=o["path"], schemes=tuple(o["schemes"]),
        central_endpoint=o["endpoints"]["central"],
        regional_endpoint=o["endpoints"]["regional"], source=o["source"],
    )


def _response(r: dict[str, Any]) -> ResponseShape:
    return ResponseShape(r["id"], r["status_class"], r["format"], r["content_type"],
                         r.get("root"), r["source"], r["schema"])


def _companion(doc: dict[str, Any], char_classes: dict[str, Any]) -> Contract:
    """A companion operation's contract; its rows are keyed by meaning, and a row's requirement
    is ``<Action>.error.<id>`` (``<Action>.error.<group>`` for a group of alternatives)."""
    action = doc["operation"]["action"]
    rows = tuple(
        ErrorRow(
            id=r["id"], requirement=f"{action}.error.{r.get('group') or r['id']}",
            row=r.get("row", i + 1), status=r["status"], code=r["code"], message=r["message"],
            meaning_zh=r["meaning_zh"], meaning_en="", error_class=r["class"], role=None,
            trigger=r.get("trigger"), source=r["source"], group=r.get("group"), action=action,
        )
        for i, r in enumerate(doc["rows"])
    )
    by_id = {row.id: row for row in rows}
    return Contract(
        operation=_operation(doc["operation"]),
        parameters=tuple(_parameter(p) for p in doc["parameters"]),
        rules=tuple(_rule(r, by_id) for r in doc["rules"]),
        error_rows=rows,
        responses=tuple(_response(r) for r in doc["responses"]),
        char_classes={name: CharClass(name, tuple((lo, hi) for lo, hi in ranges))
                      for name, ranges in char_classes.items()},
        baseline=tuple(doc["baseline"]["params"].items()),
        baseline_answer=doc["baseline"]["answer"],
        baseline_sendable=doc["baseline"].get("send", True),
        purpose=doc.get("purpose"),
    )


def _parameter(p: dict[str, Any]) -> Parameter:
    repeat = None
    if "repeat" in p:
        r = p["repeat"]
        repeat = Repeat(
            r["min_index"], r["max_index"], r["max_items"],
            tuple(RepeatField(f["name"], f["type"], f.get("example"), f["description"])
                  for f in r["fields"]),
        )
    return Parameter(
        name=p["name"], type=p["type"], required=p["required"], example=p.get("example"),
        default=p.get("default"), in_source=p["in_source"], location=p["location"],
        description=p["description"], source=p["source"], repeat=repeat,
        roles=tuple(p.get("roles", ())), duplicate_row=p.get("duplicate_row"), probe=p.get("probe"),
    )


def _rule(r: dict[str, Any], rows: dict[str, ErrorRow]) -> Rule:
    c = r["check"]
    check = Check(
        kind=c["kind"], min=c.get("min"), max=c.get("max"), classes=tuple(c.get("classes", ())),
        chars=c.get("chars", ""), prefixes=tuple(c.get("prefixes", ())),
        substrings=tuple(c.get("substrings", ())), other=c.get("other"),
        equals=c.get("equals"), when_present=c.get("when_present"), within=c.get("within"),
        values=tuple(c.get("values", ())),
    )
    reject = None
    if "reject" in r:
        j = r["reject"]
        reject = Rejection(
            rows=tuple(rows[x] for x in j.get("rows", ())), status_class=j.get("status_class"),
            codes_seen=tuple(j.get("codes_seen", ())),
        )
    return Rule(r["id"], r["parameter"], r["title"], r["level"], check, reject, r["source"])


def _reading(r: dict[str, Any]) -> Reading:
    g = r["grey"]
    return Reading(
        id=r["id"], title=r["title"], words=r["words"], where=r["where"],
        rules=tuple(r["rules"]), primary=r["primary"],
        options=tuple(ReadingOption(o["id"], o["description"]) for o in r["readings"]),
        grey=GreyZone(
            description=g["description"], parameters=tuple(g.get("parameters", ())),
            chars=tuple((lo, hi) for lo, hi in g.get("chars", ())),
            mid_substring=g.get("mid_substring", False), spellings=tuple(g.get("spellings", ())),
            prefixes=tuple(g.get("prefixes", ())),
        ),
        probes=tuple(
            ReadingProbe(p["id"], tuple(p.get("params", {}).items()), p.get("scenario"),
                         tuple(p["expect"].items()))
            for p in r["probes"]
        ),
    )


def _protocol(r: dict[str, Any]) -> ProtocolRequirement:
    e = r.get("expect")
    expect = None
    if e is not None:
        expect = Expectation(
            statuses=tuple(e.get("status", ())), status_class=e.get("status_class"),
            code=e.get("code"), codes_seen=tuple(e.get("codes_seen", ())),
        )
    return ProtocolRequirement(
        id=r["id"], category=r["category"], title=r["title"], level=r["level"],
        source=r["source"], expect=expect, needs=tuple(r.get("needs", ())),
        triggerable=r.get("triggerable", True), window_minutes=r.get("window_minutes"),
        message_prefix=r.get("message_prefix"),
    )


def _client(doc: dict[str, Any], rows: tuple[ErrorRow, ...]) -> tuple[ClientRequirement, ...]:
    """client.yaml's requirements, then one per error row from the ``error_rows`` template."""
    out = [
        ClientRequirement(r["id"], r["group"], r["title"], r["level"], r["source"],
                          needs=r.get("needs"), parameters=tuple(r.get("parameters", ())))
        for r in doc["requirements"]
    ]
    template = doc["error_rows"]
    for row in rows:
        fill = {"code": row.code, "status": row.status, "row": row.row}
        out.append(ClientRequirement(
            f"client.{row.requirement}", "error", template["title"].format(**fill),
            template["level"], template["source"].format(**fill), error=row,
        ))
    return tuple(out)


def overlay_problems(path: Path, directory: str | None = None) -> list[Problem]:
    """Every problem of the overlay file ``path``: by itself, applied to the seed, and the
    edition it makes checked like the seed (``spec validate``)."""
    base = Path(directory) if directory else SPEC_DIR
    overlay, problems = editions.read_overlay(path)
    if overlay is None:
        return problems
    docs, problems = editions.apply_overlay(read_docs(base), overlay, str(path))
    if problems:
        return problems
    label = f" (edition {overlay['name']}, {path})"
    problems = [p for name in SPEC_FILES
                for p in doc_problems(docs[name], str(base / name) + label)]
    return problems or cross_check(docs, base, label)
