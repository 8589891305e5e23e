"""Measuring a rendered HTML page in headless Chromium at 1280 px (for the layout tests)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

# Lists, inside <pre id="overflow">, each scroll box or cell whose content is wider than it,
# and the page's own scroll width.
MEASURE = """
window.addEventListener('load', () => {
  const found = [];
  for (const el of document.querySelectorAll('*')) {
    const style = getComputedStyle(el);
    const box = style.overflowX !== 'visible' || el.tagName === 'TD' || el.tagName === 'TH';
    if (box && el.scrollWidth > el.clientWidth + 1 && style.display !== 'none') {
      found.push(el.tagName + '.' + el.className + ' ' + el.scrollWidth + '>' + el.clientWidth
                 + ' ' + el.textContent.slice(0, 40));
    }
  }
  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth) found.push('page ' + root.scrollWidth);
  const pre = document.createElement('pre');
  pre.id = 'overflow';
  pre.textContent = found.join('\\n');
  document.body.appendChild(pre);
});
"""


def overflow(page: Path, tmp: Path) -> list[str]:
    """What in ``page`` is wider than its box at 1280 px (empty when everything fits)."""
    script = tmp / "measure.js"
    script.write_text(MEASURE, encoding="utf-8")
    html = page.read_text(encoding="utf-8")
    probe = page.with_name("probe.html")
    probe.write_text(html.replace("</body>", f'<script src="{script.as_uri()}"></script></body>'),
                     encoding="utf-8")
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--window-size=1280,1000",
             "--allow-file-access-from-files", "--virtual-time-budget=3000",
             "--disable-quic", "--no-first-run", "--disable-background-networking",
             "--disable-component-update", "--disable-sync",
             f"--user-data-dir={tmp / 'chromium-profile'}"]
    dom = subprocess.run([CHROMIUM or "chromium", *flags, "--dump-dom", probe.as_uri()],
                         capture_output=True, text=True, timeout=120, check=True).stdout
    assert '<pre id="overflow">' in dom, "the measuring script did not run"
    body = dom.split('<pre id="overflow">', 1)[1].split("</pre>", 1)[0]
    return [line for line in body.splitlines() if line.strip()]
