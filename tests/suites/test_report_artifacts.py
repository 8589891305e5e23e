"""The report directory of a real run: schema-valid, secret-free, and its HTML safe in a browser.

The browser check needs Debian's chromium (installed by .ci/run); where it is missing the test
says so and is skipped, it never passes silently.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from ecs_conformance.reports import validate_report
from ecs_conformance.suites.cli import main
from tests.hostile import hostile_server
from tests.html_measure import overflow

SECRET = "s3cr3t-K3y-Vx9!"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def _profile(tmp_path: Path) -> Path:
    data = yaml.safe_load(Path("spec/profiles/default.yaml").read_text(encoding="utf-8"))
    data["credentials"]["access_key_secret"] = SECRET
    path = tmp_path / "profile.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def hostile_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A run against a target whose error bodies carry markup and script."""
    tmp = tmp_path_factory.mktemp("script")
    with hostile_server("script-message") as endpoint:
        code = main(["server", "--endpoint", endpoint, "--profile", str(_profile(tmp)),
                     "--budget", "quick", "--timeout", "2", "--report-dir", str(tmp / "out")])
    assert code == 1
    return tmp / "out"


def test_every_format_is_written_and_the_json_validates(hostile_report: Path) -> None:
    for name in ("report.json", "junit.xml", "report.md", "report.html", "badge.svg"):
        assert (hostile_report / name).stat().st_size > 0
    validate_report(json.loads((hostile_report / "report.json").read_text(encoding="utf-8")))


def test_no_secret_in_any_file_of_the_report(hostile_report: Path) -> None:
    for path in hostile_report.rglob("*"):
        if path.is_file():
            assert SECRET.encode() not in path.read_bytes(), path


def test_target_markup_is_escaped_in_html(hostile_report: Path) -> None:
    html = (hostile_report / "report.html").read_text(encoding="utf-8")
    assert "setAttribute" in html  # the message is shown ...
    assert "<script>document" not in html and "<img src=x" not in html  # ... as text


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (.ci/run "
                    "installs it); the layout cannot be measured without a browser")
def test_html_of_a_failing_run_fits_1280_px(hostile_report: Path, tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    page.write_text((hostile_report / "report.html").read_text(encoding="utf-8"),
                    encoding="utf-8")
    assert overflow(page, tmp_path) == []


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (.ci/run "
                                               "installs it)")
def test_html_renders_in_headless_chromium_and_no_target_script_runs(
        hostile_report: Path, tmp_path: Path) -> None:
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={tmp_path / 'profile'}"]
    page = (hostile_report / "report.html").resolve().as_uri()
    dom = subprocess.run([CHROMIUM, *flags, "--dump-dom", page], capture_output=True,
                         text=True, timeout=120, check=False).stdout
    assert "CopyImage conformance" in dom
    assert 'data-pwned="1"' not in dom
    shot = tmp_path / "report.png"
    subprocess.run([CHROMIUM, *flags, f"--screenshot={shot}", "--window-size=1280,2000", page],
                   capture_output=True, timeout=120, check=False)
    assert shot.exists() and shot.stat().st_size > 10_000


def test_secret_never_reaches_output_logs_or_reproduction_commands(
        tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    """A run with a known secret against a faulty target: nothing it prints or writes — pytest
    output, summary, report files, reproduction commands — contains the secret."""
    from bench._common import served_emulator

    profile = _profile(tmp_path)
    with served_emulator(fault="name-min-1", profile=str(profile)) as endpoint:
        code = main(["server", "--endpoint", endpoint, "--profile", str(profile), "-v",
                     "--budget", "quick", "--report-dir", str(tmp_path / "out")])
    out, err = capfd.readouterr()
    assert code == 1
    assert SECRET not in out and SECRET not in err
    data = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    commands = [e["reproduce"] for r in data["requirements"] for e in r["evidence"]]
    assert commands and all(SECRET not in c and "ecs-conformance send" in c for c in commands)
    for path in (tmp_path / "out").rglob("*"):
        assert SECRET.encode() not in path.read_bytes(), path
