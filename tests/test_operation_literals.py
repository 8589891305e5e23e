"""The generic layers name no operation: adding one must not mean editing their code.

Every string literal in strategies/, suites/, reports/ and reference/ is compared with the
spec's facts about its operation: parameter names (and repeat-list field paths), the action,
the version and the error-row IDs. Code finds those through the spec instead (parameter
roles, ``spec.operation``, a row named by a rule or a parameter's ``duplicate_row``).

The protocol's common parameters (protocol.yaml ``common_parameters``: ``Action``,
``Version``, ``Format``, ...) are the same for every operation and are not facts about one.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from ecs_conformance.spec import load_spec
from ecs_conformance.spec.model import Spec

ROOT = Path(__file__).parents[1]
SCANNED = ("strategies", "suites", "reports", "reference")

# Modules whose literals are data rather than generic code: the emulator's catalogue of
# single-fault variants (each fault is a CopyImage request and the rule it breaks).
DATA = frozenset({
    "reference/faults.py", "reference/faults_input.py", "reference/faults_more.py",
    "reference/faults_protocol.py", "reference/faults_editions.py",
    "reference/faults_operations.py",
})

# The emulator's own knowledge of the operations it implements (#13 allows it): modules whose
# state code, handler table or witness vocabulary is written for CopyImage and its companions,
# each with exactly the literals it may hold. A ratchet: a new literal fails, and
# so does an allowed one the module no longer holds.
EMULATOR: dict[str, frozenset[str]] = {
    # CopyImage's state code: its parameters, and the rows its state checks raise
    "reference/actions.py": frozenset({
        "ImageId", "RegionId", "DestinationRegionId", "DestinationImageName",
        "DestinationDescription", "Encrypted", "KMSKeyId", "ResourceGroupId", "DryRun",
        "Forbbiden", "InvalidImageId.NotFound", "IncorrectImageStatus",
        "InvalidSnapshotId.NotFound", "InvalidImageName.Duplicated", "QuotaExceed.Image",
        "QuotaExceed.Snapshot", "OperationDenied.ImageCopying", "RegionNotSupportCopy",
        "InvalidSnapshot.TooOld", "OperationDenied", "SizeExceed.Image",
        "OperationDeined.EncryptedSnapshot", "OperationDenied.SameRegionOnly",
        "OperationDenied.NotPublished", "InvalidParameter.KMSKeyId.KMSUnauthorized",
        "InvalidParameter.KMSKeyId.CMKNotEnabled", "InternalError", "InvalidRegion.NotSupport",
        "UserNotInTheWhiteList", "Tag"}),
    # the handler table: copy_image is CopyImage's state code (reference/actions.py)
    "reference/app.py": frozenset({"CopyImage"}),
    # the request every fault witness starts from (profile roles as placeholders)
    "reference/calls.py": frozenset({"ImageId", "RegionId", "DestinationRegionId"}),
    # the companions' state code: their parameters and DescribeImages' image view
    "reference/images.py": frozenset({"ImageId", "RegionId", "ResourceGroupId", "Tag"}),
}


def facts(spec: Spec) -> frozenset[str]:
    """The strings that name something of this operation rather than of the protocol."""
    names = {p.name for p in spec.parameters}
    names |= {f"{p.name}.{f.name}" for p in spec.parameters if p.repeat
              for f in p.repeat.fields}
    names -= {c.name for c in spec.common_parameters}
    rows = {row.id for row in spec.error_rows}
    return frozenset(names | rows | {spec.operation.action, spec.operation.version})


def _facts() -> frozenset[str]:
    out: set[str] = set()
    for edition in (None, "current"):
        out |= facts(load_spec(edition=edition))
    return frozenset(out)


FACTS = _facts()


def literals(path: Path, known: frozenset[str] = FACTS) -> dict[str, list[int]]:
    """Each string constant of ``path`` that is a fact (of ``known``), with the lines it is on
    (docstrings and f-string parts included: a name in a message is a name too)."""
    found: dict[str, list[int]] = {}
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                and node.value in known:
            found.setdefault(node.value, []).append(node.lineno)
    return found


def _modules() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for layer in SCANNED
                  for p in (ROOT / layer).rglob("*.py"))


def test_the_scanner_sees_a_literal(tmp_path: Path) -> None:
    """Not vacuous: the spec's names are facts, and a literal in code is found."""
    assert {"ImageId", "CopyImage", "2014-05-26", "InvalidImageName.Duplicated", "Tag.Key"} <= FACTS
    assert "Action" not in FACTS  # a common parameter of the protocol
    source = tmp_path / "module.py"
    source.write_text('ROW = "InvalidImageName.Duplicated"\n\n\ndef f(p: dict) -> str:\n'
                      '    return p["ImageId"]\n')
    assert literals(source) == {"InvalidImageName.Duplicated": [1], "ImageId": [5]}


@pytest.mark.parametrize("module", [m for m in _modules() if m not in DATA])
def test_module_names_no_operation_fact(module: str) -> None:
    found = literals(ROOT / module)
    allowed = EMULATOR.get(module, frozenset())
    extra = {name: lines for name, lines in found.items() if name not in allowed}
    assert not extra, (f"{module} names the operation's {sorted(extra)} (lines "
                       f"{sorted(line for lines in extra.values() for line in lines)}): find "
                       "them through the spec (spec/roles.py, spec.operation, a rule's rows)")
    gone = allowed - set(found)
    assert not gone, f"{module} no longer holds {sorted(gone)}: shrink EMULATOR"


def test_emulator_and_data_entries_exist() -> None:
    modules = set(_modules())
    assert set(EMULATOR) <= modules and DATA <= modules
    assert all(m.startswith("reference/") for m in EMULATOR)  # the emulator only


# --- the companions' facts ------------------------------------------------------------------
# The companion operations (spec/operations/*.yaml) are facts too: their action names and their
# parameters that are not common parameters. Code finds a companion by what it is for
# (``spec.companion(purpose)``, spec/purposes.py) and its parameters by that contract's roles.


def companion_facts(spec: Spec) -> frozenset[str]:
    """The companions' action names and parameter names (common parameters excepted)."""
    common = {c.name for c in spec.common_parameters}
    return frozenset(name for c in spec.companions
                     for name in ({c.action} | {p.name for p in c.parameters}) - common)


COMPANION_FACTS = frozenset(
    name for edition in (None, "current")
    for name in companion_facts(load_spec(edition=edition))) - FACTS

# Not pending: the emulator's own behaviour. It serves each companion by its action and reads
# its parameters by name, as it serves the primary operation (reference/actions.py); these are
# the literals it may hold, no more (a ratchet like EMULATOR's).
EMULATOR_COMPANIONS: dict[str, frozenset[str]] = {
    # the action table: which handler serves which companion
    "reference/app.py": frozenset({"DescribeImages", "CancelCopyImage", "DeleteImage"}),
    # DeleteImage's refusal of a copy in progress, as its contract words it
    "reference/behaviour.py": frozenset({"DeleteImage"}),
    # DescribeImages' status filter and the listed image's status field; its paging and the
    # filters the listing honours
    "reference/images.py": frozenset({"Status", "PageNumber", "PageSize", "ImageName",
                                      "ImageOwnerAlias"}),
}


def test_the_companion_scanner_sees_a_literal(tmp_path: Path) -> None:
    """Not vacuous: the companions' actions and their own parameters are facts."""
    assert {"CancelCopyImage", "DescribeImages", "DeleteImage", "Status", "Force"} \
        <= COMPANION_FACTS
    source = tmp_path / "module.py"
    source.write_text('ACTION = "CancelCopyImage"\n\n\ndef f(p: dict) -> str:\n'
                      '    return p["Status"]\n')
    assert literals(source, COMPANION_FACTS) == {"CancelCopyImage": [1], "Status": [5]}


@pytest.mark.parametrize("module", [m for m in _modules() if m not in DATA])
def test_module_names_no_companion_fact(module: str) -> None:
    found = literals(ROOT / module, COMPANION_FACTS)
    allowed = EMULATOR_COMPANIONS.get(module, frozenset())
    extra = {name: lines for name, lines in found.items() if name not in allowed}
    assert not extra, (f"{module} names a companion's {sorted(extra)} (lines "
                       f"{sorted(line for lines in extra.values() for line in lines)}): find "
                       "the companion by purpose (spec.companion, spec/purposes.py) and its "
                       "parameters by its own roles")
    gone = allowed - set(found)
    assert not gone, f"{module} no longer holds {sorted(gone)}: shrink EMULATOR_COMPANIONS"


def test_emulator_companion_entries_are_emulator_modules() -> None:
    assert set(EMULATOR_COMPANIONS) <= set(_modules())
    assert all(m.startswith("reference/") for m in EMULATOR_COMPANIONS)
