"""``explain_html(document)``: the explain report as one self-contained HTML page.

Everything from the page (texts, metadata, rules and reasons) is escaped; the report carries no script
and its Content-Security-Policy forbids scripts, frames, fonts, images and any request, so opening it,
even in a browser, runs nothing of the page and fetches nothing.
"""
from __future__ import annotations

from collections import Counter
from enum import Enum
from html import escape
from typing import Protocol

from cleaner.render import Renderable, block_text, render_blocks_html
from cleaner.report.palette import KEPT, css_class
from cleaner.report.style import style_sheet
from cleaner.blocks import Block, Label, RemovedBlock


class Document(Renderable, Protocol):
    """What the report reads of a ``cleaner.types.Document`` (``types`` imports this module for
    ``Document.explain_html``, so the report names the shape instead of importing the class)."""

    @property
    def removed(self) -> tuple[RemovedBlock, ...]: ...
    @property
    def status(self) -> Enum: ...
    @property
    def encoding(self) -> str | None: ...

#: Nothing may load or run: inline styles only. ``base-uri`` and ``form-action`` close the two holes
#: ``default-src`` leaves open.
CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"

#: The three views, as (input id, tab name); the first is shown when the report opens.
VIEWS = (("v-both", "Side by side"), ("v-blocks", "Page blocks"), ("v-article", "Clean article"))


def explain_html(document: Document) -> str:
    """The report of ``document``: blocks in reading order coloured by label, the rule and reason of
    each removed block, a legend with a count per label, page kind and metadata, and the clean article."""
    title = document.title or document.metadata.title or "(no title)"
    tabs = "".join(f'<input class="tab" type="radio" name="view" id="{key}"{" checked" if n == 0 else ""}>'
                   f'<label class="tab" for="{key}">{name}</label>' for n, (key, name) in enumerate(VIEWS))
    article = render_blocks_html(document.blocks) or '<p class="empty">No article.</p>'
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
        f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">\n'
        '<meta name="referrer" content="no-referrer">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>cleaner explain: {escape(title)}</title>\n<style>{style_sheet()}</style></head>\n<body>\n"
        f"{_header(document, title)}\n{_legend(document)}\n{tabs}\n<main>\n"
        f'<section class="blocks"><h2>The page, block by block</h2>\n{_page_blocks(document)}</section>\n'
        f'<section class="article"><h2>Clean article</h2>\n<article>{article}</article></section>\n'
        "</main>\n</body></html>\n"
    )


def _value(value: object) -> str:
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, (tuple, list)):
        value = ", ".join(str(v) for v in value)
    return "" if value is None else str(value)


def page_kind(document: Document) -> str:
    """The kind of page (article, listing, ...) when the metadata has one, else ""."""
    return _value(getattr(document.metadata, "page_type", None))


def _header(document: Document, title: str) -> str:
    kind = page_kind(document)
    kind_badge = f' <span class="kind" title="page kind">{escape(kind)}</span>' if kind else ""
    summary = (f"status <b>{escape(document.status.value)}</b>{kind_badge} &middot; "
               f"{len(document.blocks)} blocks kept, {len(document.removed)} removed")
    fields = document.metadata.to_dict()
    fields.update(page_kind=kind, encoding=document.encoding)
    rows = "".join(f"<dt>{escape(name.replace('_', ' '))}</dt><dd>{escape(_value(value))}</dd>"
                   for name, value in fields.items() if _value(value))
    return (f'<header class="top"><h1>{escape(title)}</h1>\n<p class="summary">{summary}</p>\n'
            f'<dl class="meta">{rows}</dl></header>')


def label_counts(document: Document) -> dict[str, int]:
    """Blocks a legend entry: kept blocks first, then every label in its fixed order (zero included)."""
    removed = Counter(r.label for r in document.removed)
    return {KEPT: len(document.blocks), **{label.value: removed[label] for label in Label}}


def _legend(document: Document) -> str:
    entries = []
    for name, count in label_counts(document).items():
        label = None if name == KEPT else Label(name)
        shown = "kept (article)" if label is None else name.replace("_", " ")
        entries.append(f'<li class="{css_class(label)}{"" if count else " none"}" data-label="{name}" '
                       f'data-count="{count}"><span class="sw"></span><span class="name">{shown}</span> '
                       f'<span class="count">{count}</span></li>')
    return f'<ul class="legend" aria-label="legend">{"".join(entries)}</ul>'


def reading_order(document: Document) -> list[Block | RemovedBlock]:
    """Kept and removed blocks interleaved as on the page. Documents built without positions
    (``order`` of -1) list the kept blocks, then the removed ones."""
    merged: list[Block | RemovedBlock] = [*document.blocks, *document.removed]
    if any(b.order < 0 for b in merged):
        return merged
    return sorted(merged, key=lambda b: b.order)


def _page_blocks(document: Document) -> str:
    items = []
    for block in reading_order(document):
        if isinstance(block, RemovedBlock):
            tag = (f'<span class="lab">{escape(block.label.value)}</span> '
                   f'<span class="rule">{escape(block.rule)}</span> <span class="why">{escape(block.reason)}</span>')
            text, label = block.text, block.label
        else:
            tag = f'<span class="lab">kept</span> <span class="rule">{escape(block.kind.value)}</span>'
            text, label = block_text(block), None
        items.append(f'<li class="blk {css_class(label)}" data-label="{label.value if label else KEPT}">'
                     f'<div class="tag">{tag}</div><div class="txt">{escape(text)}</div></li>')
    if not items:
        return '<p class="empty">No blocks: the page had no text.</p>\n'
    return '<ol class="page">\n' + "\n".join(items) + "\n</ol>\n"
