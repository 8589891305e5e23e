"""Write a report to a directory in every requested format, secrets redacted first.

Whatever comes in (a :class:`Report` or a report dict) is redacted and rebuilt as the model,
which validates it; report.json is then the model's own serialisation (:func:`render_json`,
i.e. :meth:`Report.to_json`) and every other rendering a pure function of its dict. One
dispatch table maps a format name to its file name and renderer.
"""

from __future__ import annotations

import difflib
import os
import tempfile
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, Final

from .badge_format import render_badge
from .html_format import render_html
from .json_format import render_json
from .junit_format import render_junit
from .markdown_format import render_markdown
from .model import Report
from .redact import redact

Renderer = Callable[[Mapping[str, Any]], str]

#: format name → (file name, renderer)
FORMATS: Final[dict[str, tuple[str, Renderer]]] = {
    "json": ("report.json", render_json),
    "junit": ("junit.xml", render_junit),
    "markdown": ("report.md", render_markdown),
    "html": ("report.html", render_html),
    "badge": ("badge.svg", render_badge),
}
DEFAULT_FORMATS: Final[tuple[str, ...]] = tuple(FORMATS)


def _check_formats(formats: Iterable[str]) -> list[str]:
    chosen = list(dict.fromkeys(formats))
    for name in chosen:
        if name not in FORMATS:
            close = difflib.get_close_matches(name, FORMATS, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise ValueError(f"unknown report format {name!r} (known: "
                             f"{', '.join(FORMATS)}){hint}")
    return chosen


def _atomic_write(path: Path, text: str) -> None:
    """Write via a temporary file in the same directory, so readers never see half a file."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.chmod(tmp, 0o644)  # mkstemp makes 0600; reports are meant to be shared
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def report_model(report: Report | Mapping[str, Any], secrets: Iterable[str] = ()) -> Report:
    """The redacted, validated model every rendering comes from (its summary, verdict
    included, is derived: a dict's stored summary must agree with its requirements)."""
    data = report.to_dict() if isinstance(report, Report) else report
    return Report.from_dict(redact(data, secrets))


def write_report(
    report: Report | Mapping[str, Any],
    directory: str | Path,
    formats: Iterable[str] = DEFAULT_FORMATS,
    *,
    secrets: Iterable[str] = (),
) -> dict[str, Path]:
    """Write ``report`` into ``directory`` (created if needed); return format → path.

    Values of sensitive keys (``AccessKeySecret``, ``Authorization`` signatures, ...) are
    always masked; every string in ``secrets`` is masked wherever it occurs.
    """
    chosen = _check_formats(formats)
    model = report_model(report, secrets)
    data = model.to_dict()
    target = Path(directory)
    target.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    for name in chosen:
        file_name, render = FORMATS[name]
        path = target / file_name
        # report.json straight from the validated model (rebuilding it from the dict
        # validated the same data twice more: a tenth of a second per run)
        _atomic_write(path, model.to_json() if name == "json" else render(data))
        written[name] = path
    return written
