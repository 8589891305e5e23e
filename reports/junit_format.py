"""JUnit XML: one testsuite per requirement category, one testcase per requirement.

failed → ``<failure>``, errored → ``<error>``, not_assessed → ``<skipped>``; the run's verdict
(reports.verdict) is the ``verdict`` property of each testsuite. Text goes through ElementTree
(which escapes it) after control characters are stripped.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from typing import Any

from .textutil import clean_text, evidence_text, first_evidence, one_line
from .verdict import report_verdict

XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'
_OUTCOME_TAG = {"failed": "failure", "errored": "error", "not_assessed": "skipped"}


def _seconds(value: float) -> str:
    return f"{value:.3f}"


def _counts(requirements: Sequence[Mapping[str, Any]]) -> dict[str, str]:
    statuses = [r["status"] for r in requirements]
    return {
        "tests": str(len(statuses)),
        "failures": str(statuses.count("failed")),
        "errors": str(statuses.count("errored")),
        "skipped": str(statuses.count("not_assessed")),
        "time": _seconds(sum(r["duration_s"] for r in requirements)),
    }


def _by_category(report: Mapping[str, Any]) -> dict[str, list[Mapping[str, Any]]]:
    groups: dict[str, list[Mapping[str, Any]]] = {}
    for requirement in report["requirements"]:
        groups.setdefault(requirement["category"], []).append(requirement)
    return groups


def _properties(parent: ET.Element, report: Mapping[str, Any]) -> None:
    props = ET.SubElement(parent, "properties")
    values = {
        "tool": f"{report['tool']['name']} {report['tool']['version']}",
        "spec.version": report["spec"]["version"],
        "spec.digest": report["spec"]["digest"],
        "target.kind": report["target"]["kind"],
        "target.name": report["target"]["name"],
        "run.seed": str(report["run"]["seed"]),
        "run.budget": report["run"]["budget"],
        "run.requests": str(report["run"]["requests"]),
        "verdict": report_verdict(report),
    }
    if "operation" in report:  # reports from before the field do not name it
        values["operation.action"] = report["operation"]["action"]
        values["operation.version"] = report["operation"]["version"]
    for name, value in values.items():
        ET.SubElement(props, "property", name=name, value=clean_text(value))


def _failure_message(requirement: Mapping[str, Any]) -> str:
    head = f"[{requirement['level']}] {requirement['title']}"
    evidence = first_evidence(requirement)
    if evidence is None:
        return one_line(head, 500)
    return one_line(f"{head}: expected {evidence['expected']}; "
                    f"received {evidence['received']}", 500)


def _details(requirement: Mapping[str, Any]) -> str:
    lines = [f"{requirement['id']} [{requirement['level']}] {requirement['title']}"]
    if requirement["parameter"]:
        lines.append(f"parameter: {requirement['parameter']}")
    if requirement["error"]:
        error = requirement["error"]
        lines.append(f"expected error: HTTP {error['status']} {error['code']}: "
                     f"{error['message']}")
    if requirement["reason"]:
        lines.append(f"reason: {requirement['reason']}")
    lines.append(f"checks: {requirement['checks']}")
    lines += [evidence_text(e) for e in requirement["evidence"]]
    return clean_text("\n".join(lines))


def _testcase(parent: ET.Element, suite: str, requirement: Mapping[str, Any]) -> None:
    case = ET.SubElement(parent, "testcase", name=clean_text(requirement["id"]),
                         classname=f"{suite}.{requirement['category']}",
                         time=_seconds(requirement["duration_s"]))
    status = requirement["status"]
    if status == "passed":
        return
    tag = _OUTCOME_TAG[status]
    if status == "failed":
        message = _failure_message(requirement)
    else:
        message = one_line(requirement["reason"] or status, 500)
    outcome = ET.SubElement(case, tag, message=message)
    if status != "not_assessed":
        outcome.set("type", requirement["level"])
        outcome.text = _details(requirement)


def render_junit(report: Mapping[str, Any]) -> str:
    """Render a report dict as JUnit XML text (UTF-8 declaration included)."""
    suite = report["suite"]
    name = f"{report['tool']['name']} {suite} suite: {report['target']['name']}"
    root = ET.Element("testsuites", {"name": clean_text(name),
                                     **_counts(report["requirements"])})
    for category, requirements in _by_category(report).items():
        testsuite = ET.SubElement(root, "testsuite", {
            "name": f"{suite}.{category}", "timestamp": report["run"]["started_at"],
            **_counts(requirements)})
        _properties(testsuite, report)
        for requirement in requirements:
            _testcase(testsuite, suite, requirement)
    ET.indent(root)
    return XML_DECLARATION + ET.tostring(root, encoding="unicode") + "\n"
