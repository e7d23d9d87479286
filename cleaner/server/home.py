"""The page at ``/``: a person pastes a URL or HTML and sees the clean article beside the explain report.

It works without any script: the form posts back to ``/`` and the answer is rendered on the server. The
report is shown in an ``<iframe sandbox srcdoc=...>``: a sandbox with no permission at all, so even a
report that were not escaped could run nothing there. The page's own CSP forbids every script too.
"""
from __future__ import annotations

from html import escape
from urllib.parse import parse_qs

from starlette.requests import Request
from starlette.responses import HTMLResponse

from cleaner.options import Preset
from cleaner.render import render_blocks_html
from cleaner.server.inputs import PageRequest, options_for
from cleaner.server.limits import read_body
from cleaner.server.problems import Problem
from cleaner.server.service import Service
from cleaner.types import Document


#: Scripts, plugins and requests are off; the form may post only to this service.
PAGE_POLICY = ("default-src 'none'; style-src 'unsafe-inline'; frame-src 'self'; form-action 'self'; "
               "base-uri 'none'; frame-ancestors 'none'")
SECURITY_HEADERS = {"Content-Security-Policy": PAGE_POLICY, "X-Content-Type-Options": "nosniff",
                    "Referrer-Policy": "no-referrer"}

STYLE = """
body{margin:0;font:15px/1.45 system-ui,sans-serif;color:#1b1b1b;background:#fafafa}
header{padding:12px 24px;background:#263238;color:#fff}header h1{margin:0;font-size:20px}
form{padding:12px 24px;display:grid;gap:8px;max-width:1100px}
input[type=url],textarea{width:100%;font:14px ui-monospace,monospace;padding:6px}
textarea{height:9em}
.row{display:flex;gap:12px;align-items:center}
.error{margin:0 24px;padding:8px 12px;background:#fde8e8;border-left:6px solid #d62728}
.result{display:grid;grid-template-columns:minmax(0,2fr) minmax(0,3fr);gap:16px;padding:12px 24px}
@media (max-width:1000px){.result{grid-template-columns:1fr}}
article{background:#fff;padding:8px 16px;border:1px solid #ddd;overflow-wrap:anywhere}
iframe{width:100%;height:85vh;border:1px solid #ddd;background:#fff}
h2{font-size:16px;margin:0 0 6px}
"""


def page_response(html: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(html, status_code=status, headers=SECURITY_HEADERS)


def _form(url: str, preset: str) -> str:
    presets = "".join(f'<option value="{p.value}"{" selected" if p.value == preset else ""}>{p.value}</option>'
                      for p in Preset)
    return (
        '<form method="post" action="/" accept-charset="utf-8">'
        f'<label>URL to fetch, or the page\'s URL for the HTML below<input type="url" name="url" value="{escape(url)}" '
        'placeholder="https://example.org/news/1"></label>'
        '<label>HTML (leave empty to fetch the URL)<textarea name="html" placeholder="&lt;html&gt;..."></textarea></label>'
        f'<div class="row"><label>Preset <select name="preset">{presets}</select></label>'
        '<button type="submit">Clean</button></div></form>'
    )


def render_page(document: Document | None, *, url: str = "", preset: str = "balanced", error: str = "") -> str:
    result = ""
    if error:
        result = f'<p class="error">{escape(error)}</p>'
    elif document is not None:
        article = render_blocks_html(document.blocks) or "<p>No article: " + escape(document.status.value) + "</p>"
        title = f"<h1>{escape(document.title)}</h1>" if document.title else ""
        result = (f'<div class="result"><section><h2>Clean article</h2><article>{title}{article}</article></section>'
                  '<section><h2>Explain report</h2><iframe sandbox="" title="explain report" '
                  f'srcdoc="{escape(document.explain_html(), quote=True)}"></iframe></section></div>')
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>cleaner</title>"
            f'<meta name="viewport" content="width=device-width, initial-scale=1"><style>{STYLE}</style></head>'
            "<body><header><h1>cleaner: the article, and what was removed and why</h1></header>"
            f"{_form(url, preset)}{result}</body></html>\n")


#: The form has three fields; a body with many more is not from it.
MAX_FORM_FIELDS = 10


async def answer_form(request: Request, service: Service) -> HTMLResponse:
    """The page after the form was sent: the article and the report, or the error in words."""
    body = await read_body(request, service.config.max_body_bytes)
    try:
        fields = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True, max_num_fields=MAX_FORM_FIELDS)
    except ValueError:
        return page_response(render_page(None, error="the form has too many fields"), 400)
    url = (fields.get("url") or [""])[0].strip()
    html = (fields.get("html") or [""])[0]
    preset = (fields.get("preset") or ["balanced"])[0]
    try:
        options = options_for(preset, service.config.options)
        if html.strip():
            page = PageRequest(html, url or None, options)
            document = await service.document(service.extract_html, page)
        elif url:
            document = await service.document(service.extract_from_url, PageRequest(url, url, options))
        else:
            raise Problem(400, "empty_form", "paste a URL or some HTML")
    except Problem as problem:
        return page_response(render_page(None, url=url, preset=preset, error=problem.message), problem.status)
    return page_response(render_page(document, url=url, preset=preset))
