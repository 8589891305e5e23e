"""The HTML report's inline stylesheet (no external fonts, images or scripts).

Filtering works without JavaScript: hidden radio buttons precede the requirement section,
and ``:checked ~`` rules hide what does not match.
"""

from __future__ import annotations

from typing import Final

from .vocab import LEVELS, STATUSES


def _filter_rules() -> str:
    rules = []
    for status in STATUSES:
        rules.append(f"#f-{status}:checked~#requirements .req:not(.st-{status}),"
                     f"#f-{status}:checked~#requirements .group:not(:has(.st-{status}))"
                     "{display:none}")
        rules.append(f"#f-{status}:checked~#requirements label[for=f-{status}]")
    for level in LEVELS:
        rules.append(f"#l-{level}:checked~#requirements .req:not(.lv-{level}),"
                     f"#l-{level}:checked~#requirements .group:not(:has(.lv-{level}))"
                     "{display:none}")
        rules.append(f"#l-{level}:checked~#requirements label[for=l-{level}]")
    active = [r for r in rules if not r.endswith("}")]
    hiding = [r for r in rules if r.endswith("}")]
    active += ["#f-all:checked~#requirements label[for=f-all]",
               "#l-all:checked~#requirements label[for=l-all]"]
    return "\n".join(hiding) + "\n" + ",\n".join(active) + (
        "{background:var(--fg);color:var(--bg);border-color:var(--fg)}")


_BASE: Final = """
:root{--bg:#f6f8fa;--card:#fff;--fg:#1f2328;--muted:#59636e;--border:#d1d9e0;
--code:#eff2f5;--pass:#1a7f37;--fail:#cf222e;--err:#bc4c00;--na:#818b98;--warn:#d4a72c}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--card:#151b23;--fg:#e6edf3;
--muted:#9198a1;--border:#3d444d;--code:#212830;--pass:#3fb950;--fail:#f85149;
--err:#db6d28;--na:#9198a1;--warn:#d29922}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:14px/1.5 system-ui,-apple-system,
"Segoe UI","Noto Sans","Noto Sans CJK SC","PingFang SC",Helvetica,Arial,sans-serif}
code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;
font-size:12.5px}
code{background:var(--code);padding:1px 5px;border-radius:4px;overflow-wrap:anywhere}
pre{background:var(--code);padding:10px 12px;border-radius:6px;margin:4px 0 10px;
white-space:pre-wrap;word-break:break-word;max-height:420px;overflow:auto}
a{color:inherit}
.muted{color:var(--muted)}
.banner{color:#fff;padding:28px 0 24px}
.v-conforms{background:linear-gradient(135deg,#1a7f37,#2da44e)}
.v-inconclusive{background:linear-gradient(135deg,#953800,#bc4c00)}
.v-fails{background:linear-gradient(135deg,#a40e26,#cf222e)}
.wrap{max-width:1180px;margin:0 auto;padding:0 28px}
.eyebrow{text-transform:uppercase;letter-spacing:.08em;font-size:12px;opacity:.85}
.banner h1{margin:4px 0 10px;font-size:26px;line-height:1.25;display:flex;gap:12px;
align-items:center}
.mark{display:inline-flex;width:34px;height:34px;border-radius:50%;background:rgba(255,255,255,.22);
align-items:center;justify-content:center;font-size:20px;flex:none}
.banner .facts{display:flex;flex-wrap:wrap;gap:6px 18px;font-size:13px;opacity:.95}
.banner code{background:rgba(255,255,255,.18);color:#fff}
nav.toc{display:flex;gap:16px;flex-wrap:wrap;margin-top:14px;font-size:13px}
nav.toc a{color:#fff;opacity:.9}
main{padding:20px 0 56px}
section{margin:26px 0}
h2{font-size:18px;margin:0 0 10px;padding-bottom:6px;border-bottom:1px solid var(--border)}
h3{font-size:15px;margin:18px 0 8px;display:flex;gap:8px;align-items:center}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(230px,1fr));gap:14px}
.card{background:var(--card);border:1px solid var(--border);border-radius:10px;
padding:14px 16px;display:flex;gap:14px;align-items:center}
.card.wide,.card.run{display:block}
.card.wide{grid-column:1/-1}
.card-title{font-size:12px;text-transform:uppercase;letter-spacing:.06em;color:var(--muted)}
.big{font-size:26px;font-weight:650;line-height:1.2}
.ring .track{fill:none;stroke:var(--border);stroke-width:3.6}
.ring .arc{fill:none;stroke-width:3.6;stroke-linecap:round}
.ring text{font-size:8.5px;font-weight:650;fill:var(--fg)}
.g-good .arc{stroke:var(--pass)}.g-warn .arc{stroke:var(--err)}
.g-bad .arc{stroke:var(--fail)}.g-none .arc{stroke:var(--na)}
.bar{display:flex;height:14px;border-radius:7px;overflow:hidden;margin:10px 0 8px;
background:var(--border)}
.seg{display:block;height:100%}
.legend{display:flex;flex-wrap:wrap;gap:4px 16px;font-size:13px}
.dot{display:inline-block;width:10px;height:10px;border-radius:50%;margin-right:6px}
.seg.st-passed,.dot.st-passed{background:var(--pass)}
.seg.st-failed,.dot.st-failed{background:var(--fail)}
.seg.st-errored,.dot.st-errored{background:var(--err)}
.seg.st-not_assessed,.dot.st-not_assessed{background:var(--na)}
.scroll{overflow-x:auto;background:var(--card);border:1px solid var(--border);
border-radius:10px}
table{border-collapse:collapse;width:100%}
th,td{padding:7px 10px;border-bottom:1px solid var(--border);text-align:left;
vertical-align:top}
tbody tr:last-child>*{border-bottom:0}
thead th{font-size:12px;color:var(--muted);font-weight:600;white-space:nowrap}
table.matrix td,table.matrix thead th{text-align:center;padding:5px 6px}
table.matrix th[scope=row]{white-space:nowrap}
table.matrix thead th{vertical-align:bottom}
table.matrix thead .rule{writing-mode:vertical-rl;transform:rotate(180deg);white-space:nowrap}
.rule{font-family:ui-monospace,monospace;font-size:11.5px}
.cell{display:inline-block;width:26px;height:26px;line-height:26px;border-radius:6px;
color:#fff;text-decoration:none;font-weight:700}
.cell.st-passed{background:var(--pass)}.cell.st-failed{background:var(--fail)}
.cell.st-errored{background:var(--err)}.cell.st-not_assessed{background:var(--na)}
td.empty::after{content:"·";color:var(--muted)}
td.oc{text-align:center;white-space:nowrap}
table.failures a code{white-space:nowrap;overflow-wrap:normal}
table.errors code{white-space:nowrap;overflow-wrap:normal}
table.errors td:last-child code{white-space:normal;overflow-wrap:anywhere}
.pill{display:inline-block;border-radius:999px;padding:0 9px;font-size:12px;
font-weight:600;color:#fff;white-space:nowrap}
.pill.st-passed{background:var(--pass)}.pill.st-failed{background:var(--fail)}
.pill.st-errored{background:var(--err)}.pill.st-not_assessed{background:var(--na)}
.lvl{font-size:11px;font-weight:700;border:1px solid var(--border);border-radius:4px;
padding:0 5px;color:var(--muted)}
.cat{font-size:12px;font-weight:400;color:var(--muted)}
.count{font-size:12px;border-radius:999px;padding:0 7px;color:#fff}
.count.st-passed{background:var(--pass)}.count.st-failed{background:var(--fail)}
.count.st-errored{background:var(--err)}.count.st-not_assessed{background:var(--na)}
.filters{display:flex;flex-wrap:wrap;gap:6px;margin:0 0 12px;align-items:center}
.filters label{cursor:pointer;border:1px solid var(--border);border-radius:999px;
padding:2px 12px;background:var(--card);font-size:13px;user-select:none}
.filters .sep{width:14px}
.flt{position:absolute;opacity:0;pointer-events:none}
details.req{background:var(--card);border:1px solid var(--border);border-left-width:4px;
border-radius:8px;margin:6px 0}
details.req.st-passed{border-left-color:var(--pass)}
details.req.st-failed{border-left-color:var(--fail)}
details.req.st-errored{border-left-color:var(--err)}
details.req.st-not_assessed{border-left-color:var(--na)}
details.req>summary{cursor:pointer;padding:8px 12px;display:flex;gap:10px;
align-items:center;flex-wrap:wrap;list-style:none}
details.req>summary::-webkit-details-marker{display:none}
details.req>summary::before{content:"▸";color:var(--muted)}
details.req[open]>summary::before{content:"▾"}
details.req:target{box-shadow:0 0 0 3px var(--warn)}
.rtitle{flex:1 1 240px}
.meta{font-size:12px;color:var(--muted)}
.req-body{padding:4px 16px 12px 30px;border-top:1px solid var(--border)}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:4px 14px;margin:10px 0}
dl.facts dt{color:var(--muted)}
dl.facts dd{margin:0}
.evidence{border-top:1px dashed var(--border);padding-top:8px;margin-top:8px}
.evidence h4{margin:2px 0 6px;font-size:13.5px}
.exp-rec{display:grid;grid-template-columns:1fr 1fr;gap:12px}
@media (max-width:760px){.exp-rec{grid-template-columns:1fr}}
.k{font-size:12px;color:var(--muted);text-transform:uppercase;letter-spacing:.05em}
details.raw>summary{cursor:pointer;color:var(--muted);font-size:13px;margin:4px 0}
footer{border-top:1px solid var(--border);padding:16px 0 30px;color:var(--muted);
font-size:12.5px}
"""


def stylesheet() -> str:
    """The complete inline CSS of the HTML report."""
    return _BASE.strip() + "\n" + _filter_rules() + "\n"
