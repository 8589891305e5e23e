"""Properties of each rendering: valid XML, size limits, escaping, no external resources."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from html.parser import HTMLParser
from typing import Any

import pytest

from ecs_conformance.reports import (
    MARKDOWN_LIMIT_BYTES,
    render_badge,
    render_html,
    render_json,
    render_junit,
    render_markdown,
    verdict,
)

XSS = "<script>alert(1)</script>"
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
SVG = "{http://www.w3.org/2000/svg}"


def test_every_renderer_is_a_pure_function(sample_report: dict[str, Any]) -> None:
    before = render_json(sample_report)
    for render in (render_junit, render_markdown, render_html, render_badge):
        assert render(sample_report) == render(sample_report)
    assert render_json(sample_report) == before  # the input was not modified


# --- JUnit -------------------------------------------------------------------------------

def test_junit_has_one_testcase_per_requirement(sample_report: dict[str, Any]) -> None:
    root = ET.fromstring(render_junit(sample_report).encode())
    cases = root.findall("./testsuite/testcase")
    assert [c.get("name") for c in cases] == [r["id"] for r in sample_report["requirements"]]
    assert root.get("tests") == str(len(cases))
    assert (root.get("failures"), root.get("errors"), root.get("skipped")) == ("3", "1", "2")
    suites = [s.get("name") for s in root.findall("testsuite")]
    assert suites == ["server.rule", "server.error-row", "server.signature", "server.format",
                      "server.gateway", "server.state"]


def test_junit_maps_statuses_to_elements(sample_report: dict[str, Any]) -> None:
    root = ET.fromstring(render_junit(sample_report).encode())
    by_name = {c.get("name"): c for c in root.iter("testcase")}
    for requirement in sample_report["requirements"]:
        case = by_name[requirement["id"]]
        children = [child.tag for child in case]
        expected = {"passed": [], "failed": ["failure"], "errored": ["error"],
                    "not_assessed": ["skipped"]}[requirement["status"]]
        assert children == expected, requirement["id"]
    skipped = by_name["KMSKeyId.requires-encrypted"].find("skipped")
    assert skipped is not None
    assert skipped.get("message") == "the target profile declares no KMS support"
    failure = by_name["error.IncorrectDestinationRegion"].find("failure")
    assert failure is not None and failure.text is not None
    assert XSS in (failure.get("message") or "")  # escaped on the wire, text once parsed
    assert "curl -X POST" in failure.text


def test_junit_text_is_escaped_and_free_of_control_characters(
        sample_report: dict[str, Any]) -> None:
    text = render_junit(sample_report)
    assert XSS not in text and "&lt;script&gt;" in text
    assert not CONTROL.search(text)
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>')


# --- Markdown ----------------------------------------------------------------------------

def _outside_code(markdown: str) -> str:
    return re.sub(r"(`+).*?\1", "", markdown)


def test_markdown_has_verdict_scores_failures_and_reasons(
        sample_report: dict[str, Any]) -> None:
    text = render_markdown(sample_report)
    assert text.startswith("## ❌ CopyImage conformance: Fails: 2 MUST requirements failed, "
                           "1 errored")
    assert "| **MUST** | 6 | 2 | 1 | 1 | **66%** (6/9) |" in text
    assert "| **SHOULD** | 3 | 1 | 0 | 1 | **75%** (3/4) |" in text
    assert "### ❌ Failed requirements (3)" in text
    assert "`HTTP 403 IncorrectDestinationRegion`" in text
    assert "<summary>➖ Not assessed (2)</summary>" in text
    assert "the target profile declares no KMS support" in text
    assert "<script" not in _outside_code(text)
    assert not CONTROL.search(text)


def test_markdown_lists_must_failures_before_should(sample_report: dict[str, Any]) -> None:
    text = render_markdown(sample_report)
    assert text.index("error.IncorrectDestinationRegion") < text.index(
        "DestinationDescription.length")


def test_markdown_stays_under_60_kib(make_report: Callable[..., dict[str, Any]],
                                     req: Callable[..., dict[str, Any]]) -> None:
    big = "界" * 1500
    evidence = [{"title": "t", "expected": big, "received": big, "request": None,
                 "response": None, "reproduce": None}]
    many = [req(f"Param{i}.rule", "failed", evidence=evidence, title=big[:200])
            for i in range(600)]
    many += [req(f"Other{i}.rule", "not_assessed", reason=big[:500]) for i in range(600)]
    text = render_markdown(make_report(many))
    assert len(text.encode()) <= MARKDOWN_LIMIT_BYTES
    assert "more failed requirements not shown here" in text
    assert text.rstrip().endswith("</sub>")


@pytest.mark.parametrize("limit", [200, 2_000, 8_000])
def test_markdown_respects_any_limit(sample_report: dict[str, Any], limit: int) -> None:
    assert len(render_markdown(sample_report, limit=limit).encode()) <= limit


def test_markdown_pipes_do_not_break_tables(make_report: Callable[..., dict[str, Any]],
                                            req: Callable[..., dict[str, Any]]) -> None:
    evidence = [{"title": "t", "expected": "a|b", "received": "``x|y``", "request": None,
                 "response": None, "reproduce": None}]
    text = render_markdown(make_report([req("A.b", "failed", evidence=evidence)]))
    row = next(line for line in text.splitlines() if "`A.b`" in line)
    assert row.count(" | ") == 4  # five cells, every target pipe escaped
    assert "`a\\|b`" in row and "``` ``x\\|y`` ```" in row


# --- HTML --------------------------------------------------------------------------------

class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs += [(name, value or "") for name, value in attrs]


def _parse(html: str) -> _Collector:
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector


def test_html_escapes_target_strings(sample_report: dict[str, Any]) -> None:
    html = render_html(sample_report)
    assert "<script" not in html.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "emulator 测试 &amp; co" in html
    assert not CONTROL.search(html)
    assert "script" not in _parse(html).tags


def test_html_escapes_hostile_names_and_ids(sample_report: dict[str, Any]) -> None:
    hostile = '"><img src=x onerror=alert(1)><a href="http://evil.test/">'
    sample_report["target"]["name"] = hostile
    sample_report["requirements"][0]["title"] = hostile
    sample_report["requirements"][0]["parameter"] = hostile
    sample_report["requirements"][1]["id"] = "A<b>&\"'c"
    parsed = _parse(render_html(sample_report))
    assert "img" not in parsed.tags
    assert not [v for name, v in parsed.attrs if name in {"onerror", "src"}]


def test_html_loads_nothing_from_the_network(sample_report: dict[str, Any]) -> None:
    html = render_html(sample_report)
    parsed = _parse(html)
    assert not [v for name, v in parsed.attrs if name in {"src", "srcset", "action"}]
    links = [v for name, v in parsed.attrs if name in {"href", "xlink:href"}]
    assert links and all(link.startswith("#") for link in links)
    assert not {"link", "img", "iframe", "object", "embed", "script"} & set(parsed.tags)
    assert "@import" not in html and not re.search(r"url\((?!#)", html)


def test_html_shows_scores_matrices_and_evidence(sample_report: dict[str, Any]) -> None:
    html = render_html(sample_report)
    assert "<h1>" in html and verdict(sample_report).headline in html
    assert '<div class="big">6/9</div>' in html and '<div class="big">3/4</div>' in html
    for section in ("overview", "failures", "parameters", "error-rows", "requirements"):
        assert f'<section id="{section}">' in html
    assert html.count('<details class="req ') == len(sample_report["requirements"])
    assert '<th scope="row"><code>DestinationImageName</code></th>' in html
    assert 'href="#req-DestinationImageName.length" title="DestinationImageName.length' in html
    assert "curl -X POST" in html and "Signature=9c1f0e7d" in html  # rendering does not redact


def test_html_handles_an_empty_report(make_report: Callable[..., dict[str, Any]]) -> None:
    html = render_html(make_report([]))
    assert "Inconclusive: no MUST requirement was assessed" in html
    assert 'class="banner v-inconclusive"' in html
    assert "This report has no requirements." in html


# --- Badge -------------------------------------------------------------------------------

def test_badge_is_valid_svg(sample_report: dict[str, Any]) -> None:
    root = ET.fromstring(render_badge(sample_report).encode())
    assert root.tag == f"{SVG}svg"
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert texts == ["CopyImage conformance"] * 2 + ["fails · 66% MUST"] * 2
    assert root.get("aria-label") == "CopyImage conformance: fails · 66% MUST"


@pytest.mark.parametrize(("statuses", "message", "colour"), [
    (["passed"] * 4, "conforms · 100% MUST", "#4c1"),
    (["passed"] * 3 + ["not_assessed"], "conforms · 100% MUST", "#4c1"),
    (["passed"] * 9 + ["failed"], "fails · 90% MUST", "#e05d44"),
    (["passed", "failed", "errored"], "fails · 33% MUST", "#e05d44"),
    (["passed"] * 3 + ["errored"], "inconclusive · 75% MUST", "#fe7d37"),
    (["errored"] * 3, "inconclusive · 0% MUST", "#fe7d37"),
    (["not_assessed"], "inconclusive · n/a MUST", "#fe7d37"),
    ([], "inconclusive · n/a MUST", "#fe7d37"),
])
def test_badge_states_the_verdict_in_its_colour(
        make_report: Callable[..., dict[str, Any]], req: Callable[..., dict[str, Any]],
        statuses: list[str], message: str, colour: str) -> None:
    requirements = [req(f"R.{i}", status) for i, status in enumerate(statuses)]
    requirements.append(req("S.failing", "failed", "SHOULD"))  # SHOULD does not count
    requirements.append(req("S.errored", "errored", "SHOULD"))  # nor does its errored
    svg = render_badge(make_report(requirements))
    assert f">{message}</text>" in svg
    assert f'fill="{colour}"' in svg


def test_badge_escapes_its_label(sample_report: dict[str, Any]) -> None:
    svg = render_badge(sample_report, label="A & <B>\x01")
    root = ET.fromstring(svg.encode())
    assert root.get("aria-label") == "A & <B>: fails · 66% MUST"
