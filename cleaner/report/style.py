"""The report's style sheet, inline in the page (the report makes no request when opened).

The three views (side by side, page blocks, clean article) are CSS-only tabs: radio buttons before
``main`` select what it shows, so the report needs no script and its CSP can forbid all of them.
"""
from __future__ import annotations

from cleaner.report.palette import KEPT, KEPT_COLOUR, LABEL_COLOURS, css_class, tint

BASE_CSS = """
*{box-sizing:border-box}
body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:#1b1b1b;background:#fafafa}
header.top{padding:16px 24px 8px;background:#fff;border-bottom:1px solid #ddd}
header.top h1{margin:0 0 4px;font-size:21px}
.summary{margin:0 0 8px;color:#444}
.kind{display:inline-block;padding:1px 8px;border-radius:10px;background:#263238;color:#fff;font-size:13px}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:8px 0;font-size:13px}
dl.meta dt{color:#666}
dl.meta dd{margin:0;overflow-wrap:anywhere}
ul.legend{display:flex;flex-wrap:wrap;gap:6px 14px;list-style:none;margin:0;padding:10px 24px;background:#fff;
  border-bottom:1px solid #ddd;font-size:13px}
ul.legend li{display:flex;align-items:center;gap:5px}
ul.legend li.none{opacity:.45}
.sw{display:inline-block;width:14px;height:14px;border-radius:3px;background:var(--c)}
.count{font-weight:600}
input.tab{position:absolute;opacity:0;pointer-events:none}
label.tab{display:inline-block;margin:10px 0 0 0;padding:6px 14px;border:1px solid #ccc;border-bottom:none;
  border-radius:6px 6px 0 0;background:#eee;cursor:pointer;font-size:14px}
label.tab:first-of-type{margin-left:24px}
input.tab:checked+label.tab{background:#fff;font-weight:600}
input.tab:focus-visible+label.tab{outline:2px solid #1f77b4}
main{display:grid;grid-template-columns:1fr 1fr;gap:24px;padding:16px 24px;background:#fff;border-top:1px solid #ccc}
#v-blocks:checked~main,#v-article:checked~main{grid-template-columns:1fr}
#v-blocks:checked~main .article,#v-article:checked~main .blocks{display:none}
@media (max-width:900px){main{grid-template-columns:1fr}}
main h2{font-size:16px;margin:0 0 8px;color:#444}
ol.page{list-style:none;margin:0;padding:0}
li.blk{margin:0 0 6px;padding:6px 10px;border-left:6px solid var(--c);background:var(--t);border-radius:0 4px 4px 0}
.tag{font-size:12px;color:#333;margin-bottom:2px}
.lab{font-weight:700;color:var(--c)}
.rule{font-family:ui-monospace,"DejaVu Sans Mono",monospace;background:#fff8;padding:0 4px;border-radius:3px}
.txt{white-space:pre-wrap;overflow-wrap:anywhere}
li.blk:not(.kept) .txt{color:#333}
article{max-width:46em;overflow-wrap:anywhere}
article table{border-collapse:collapse}
article td{border:1px solid #ccc;padding:2px 6px}
article pre{white-space:pre-wrap;background:#f3f3f3;padding:8px}
.empty{color:#666;font-style:italic}
"""


def label_rules() -> str:
    """One rule a label: its colour and its tint, as custom properties the blocks and the legend use."""
    entries = [(KEPT, KEPT_COLOUR)] + [(css_class(label), colour) for label, colour in LABEL_COLOURS.items()]
    return "\n".join(f".{name}{{--c:{colour};--t:{tint(colour)}}}" for name, colour in entries)


def style_sheet() -> str:
    return BASE_CSS + label_rules() + "\n"
