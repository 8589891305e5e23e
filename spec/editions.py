"""Contract editions: the seed's contract, and overlays that describe the service as it changed.

Edition ``seed`` is spec/*.yaml as it stands (the seed page's contract, the default). Every other
edition is the seed plus an overlay file ``spec/editions/<name>.yaml`` (meta-schema
``spec/schemas/overlay.schema.json``): a list of changes, each adding, changing or retiring one
item of one list section of one spec file (an error row, a rule, a parameter, a decision, a
protocol or state requirement, a gateway error, an extra code), each citing its source. The
overlay is applied to the raw YAML documents before the loader validates, cross-checks and
builds the model, so an edition is checked exactly like the seed.

Nothing here is global but :func:`activate`: the server suite's modules parametrize over
``load_spec()`` at import time, so the pytest plugin selects the run's edition before they load.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ecs_conformance.spec.problems import Problem, SpecError
from ecs_conformance.spec.yamlio import load_schema, read_yaml, schema_problems

SEED = "seed"
EDITIONS_DIR = Path(__file__).parent / "editions"

#: The list sections an overlay may touch, and the field that names an item in each.
SECTIONS: Mapping[tuple[str, str], str] = {
    ("errors.yaml", "rows"): "id",
    ("errors.yaml", "extra_codes"): "code",
    ("operation.yaml", "parameters"): "name",
    ("operation.yaml", "rules"): "id",
    ("operation.yaml", "decisions"): "id",
    ("protocol.yaml", "requirements"): "id",
    ("protocol.yaml", "state_requirements"): "id",
    ("protocol.yaml", "gateway_errors"): "code",
}

#: A companion operation's file (operations/<Action>.yaml): the sections an overlay may touch.
COMPANION_SECTIONS: Mapping[str, str] = {"rows": "id", "rules": "id", "parameters": "name"}

_active: list[str] = [SEED]


def section_key(file: str, section: str) -> str | None:
    """The field naming an item of ``section`` in ``file``, or None if overlays may not touch
    it."""
    if file.startswith("operations/") and file.endswith(".yaml"):
        return COMPANION_SECTIONS.get(section)
    return SECTIONS.get((file, section))


def activate(name: str) -> None:
    """Make ``name`` the edition ``load_spec()`` returns when it is given none."""
    if name not in edition_names():
        raise SpecError([Problem("--edition", "$", f"expected one of {edition_names()}, "
                                                    f"got {name!r}")])
    _active[0] = name


def active() -> str:
    return _active[0]


def edition_names(directory: Path | None = None) -> list[str]:
    """``seed`` first, then every overlay in spec/editions/, by name."""
    base = directory or EDITIONS_DIR
    return [SEED, *sorted(p.stem for p in base.glob("*.yaml"))]


def overlay_path(name: str, directory: Path | None = None) -> Path:
    return (directory or EDITIONS_DIR) / f"{name}.yaml"


def read_overlay(path: Path) -> tuple[dict[str, Any] | None, list[Problem]]:
    """An overlay file, checked against its meta-schema."""
    data, problems = read_yaml(path)
    if problems:
        return None, problems
    problems = schema_problems(data, load_schema("overlay.schema.json"), str(path))
    if not problems and path.parent == EDITIONS_DIR and data["name"] != path.stem:
        problems = [Problem(str(path), "$.name", f"expected {path.stem!r} (the file's name), "
                                                  f"got {data['name']!r}")]
    return (None if problems else data), problems


def apply_overlay(docs: Mapping[str, dict[str, Any]], overlay: Mapping[str, Any],
                  file: str) -> tuple[dict[str, dict[str, Any]], list[Problem]]:
    """``docs`` with every change of ``overlay`` applied (a deep copy; ``docs`` is untouched)."""
    out = copy.deepcopy(dict(docs))
    problems: list[Problem] = []
    for i, change in enumerate(overlay["changes"]):
        where = f"$.changes[{i}]"
        target = (change["file"], change["section"])
        found = section_key(*target)
        if found is None or (target[0] not in out and target[0].startswith("operations/")):
            allowed = sorted(f"{f} {s}" for f, s in SECTIONS)
            allowed += [f"operations/<Action>.yaml {s}" for s in COMPANION_SECTIONS]
            problems.append(Problem(file, f"{where}.section",
                                    f"expected one of {allowed}, got {' '.join(target)!r}"))
            continue
        key_field = found
        items: list[dict[str, Any]] = out[change["file"]][change["section"]]
        keys = [item.get(key_field) for item in items]
        action = change["action"]
        if action == "add":
            key = change["item"].get(key_field)
            if key in keys:
                problems.append(Problem(file, f"{where}.item.{key_field}",
                                        f"expected a new {key_field} in {' '.join(target)}, "
                                        f"got {key!r}, which exists"))
                continue
            items.append(copy.deepcopy(change["item"]))
            continue
        key = change["key"]
        if key not in keys:
            problems.append(Problem(file, f"{where}.key",
                                    f"expected an existing {key_field} of {' '.join(target)}, "
                                    f"got {key!r}"))
            continue
        index = keys.index(key)
        if action == "retire":
            del items[index]
            continue
        for field, value in change["set"].items():
            if value is None:
                items[index].pop(field, None)
            else:
                items[index][field] = copy.deepcopy(value)
    return out, problems


def edition_docs(docs: Mapping[str, dict[str, Any]], name: str, base: Path,
                 directory: Path | None = None) -> dict[str, dict[str, Any]]:
    """The raw documents of edition ``name``; an overlay's problems raise :class:`SpecError`."""
    if name == SEED:
        return dict(docs)
    names = edition_names(directory)
    if name not in names:
        raise SpecError([Problem(str(directory or EDITIONS_DIR), "$",
                                 f"expected an edition of {names}, got {name!r}")])
    path = overlay_path(name, directory)
    overlay, problems = read_overlay(path)
    if overlay is None:
        raise SpecError(problems)
    if overlay["based_on"] != SEED:
        raise SpecError([Problem(str(path), "$.based_on",
                                 f"expected {SEED!r}, got {overlay['based_on']!r}")])
    out, problems = apply_overlay(docs, overlay, str(path))
    if problems:
        raise SpecError(problems)
    return out


def requirement_ids(docs: Mapping[str, dict[str, Any]]) -> set[str]:
    """The requirement IDs an edition's raw documents define (for 'holds in' per requirement)."""
    errors, proto = docs["errors.yaml"], docs["protocol.yaml"]
    ids = {r["id"] for r in docs["operation.yaml"]["rules"]}
    ids |= {r["requirement"] for r in errors["rows"]}
    ids |= {f"client.{r['requirement']}" for r in errors["rows"]}
    ids |= {r["id"] for section in ("requirements", "state_requirements") for r in proto[section]}
    ids |= {r["id"] for r in docs["client.yaml"]["requirements"]}
    for name, doc in docs.items():
        if name.startswith("operations/"):
            action = doc["operation"]["action"]
            ids |= {r["id"] for r in doc["rules"]}
            ids |= {f"{action}.error.{r.get('group') or r['id']}" for r in doc["rows"]}
    return ids
