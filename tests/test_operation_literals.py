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
# each with exactly the literals it may hold. A ratchet like PENDING: a new literal fails, and
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

# NOT YET CLEANED (#13): modules still naming CopyImage facts outside the emulator, each with
# exactly the literals it may still hold. A ratchet: a new literal fails, and so does an entry
# that no longer holds its literals (delete it).
PENDING: dict[str, frozenset[str]] = {
    # the copy scenarios (being rebuilt on the companions' contracts)
    "suites/server/test_copy_scenarios.py": frozenset({
        "ImageId", "RegionId", "DestinationRegionId"}),
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


def literals(path: Path) -> dict[str, list[int]]:
    """Each string constant of ``path`` that is a fact, with the lines it is on (docstrings
    and f-string parts included: a name in a message is a name too)."""
    found: dict[str, list[int]] = {}
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                and node.value in FACTS:
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
    allowed = PENDING.get(module, frozenset()) | EMULATOR.get(module, frozenset())
    extra = {name: lines for name, lines in found.items() if name not in allowed}
    assert not extra, (f"{module} names the operation's {sorted(extra)} (lines "
                       f"{sorted(line for lines in extra.values() for line in lines)}): find "
                       "them through the spec (spec/roles.py, spec.operation, a rule's rows)")
    for name, table in (("PENDING", PENDING), ("EMULATOR", EMULATOR)):
        gone = table.get(module, frozenset()) - set(found)
        assert not gone, f"{module} no longer holds {sorted(gone)}: shrink {name}"


def test_pending_and_data_entries_exist() -> None:
    modules = set(_modules())
    assert set(PENDING) <= modules and set(EMULATOR) <= modules and DATA <= modules
    assert all(m.startswith("reference/") for m in EMULATOR)  # the emulator only
    assert not set(PENDING) & set(EMULATOR)
