"""Documents to text, Markdown and sanitized HTML. All formats render from the same kept blocks."""
from __future__ import annotations

import re
from html import escape as _escape_html
from typing import Protocol

from cleaner.blocks import Block, BlockKind
from cleaner.sanitize import repair_text


class _Described(Protocol):
    @property
    def language(self) -> str | None: ...


class Renderable(Protocol):
    """What the renderers read of a ``cleaner.types.Document``: ``render`` sits below ``types``, whose
    ``Document.to_markdown`` and ``to_html`` call it."""

    @property
    def title(self) -> str | None: ...
    @property
    def blocks(self) -> tuple[Block, ...]: ...
    @property
    def metadata(self) -> _Described: ...

#: Where a Markdown renderer would start raw HTML or an autolink: "<" before a letter, "/", "!" or "?".
_MD_RAW_HTML = re.compile(r"<(?=[A-Za-z/!?])")


def escape(text: str) -> str:
    """Text for HTML: markup characters escaped (quotes too, for attributes), and the control characters
    and lone surrogates that HTML cannot carry dropped (a Document built by hand may hold them)."""
    return _escape_html(repair_text(text))


def _md_text(text: str) -> str:
    """Text for Markdown outside code: what a renderer would take for raw HTML (``<script>``, ``<!--``,
    ``<javascript:...>``) is backslash-escaped; it then shows as the text it is."""
    return _MD_RAW_HTML.sub(r"\\<", text)


def block_text(block: Block) -> str:
    if block.kind is BlockKind.LIST and block.items:
        return "\n".join(block.items)
    if block.kind is BlockKind.TABLE and block.rows:
        return "\n".join(" | ".join(row) for row in block.rows)
    return block.text


def render_text(blocks: tuple[Block, ...]) -> str:
    return "\n\n".join(block_text(b) for b in blocks)


def _md_escape_cell(cell: str) -> str:
    return _md_text(cell).replace("|", "\\|").replace("\n", " ")


def _md_block(block: Block) -> str:
    if block.kind is BlockKind.HEADING:
        return f"{'#' * max(1, min(block.level or 2, 6))} {_md_text(block.text)}"
    if block.kind is BlockKind.LIST:
        return "\n".join(f"{f'{n}.' if block.ordered else '-'} {_md_text(item)}" for n, item in enumerate(block.items or (block.text,), 1))
    if block.kind is BlockKind.TABLE and block.rows:
        width = max(len(r) for r in block.rows)
        rows = [list(r) + [""] * (width - len(r)) for r in block.rows]
        lines = ["| " + " | ".join(_md_escape_cell(c) for c in rows[0]) + " |", "|" + " --- |" * width]
        lines += ["| " + " | ".join(_md_escape_cell(c) for c in r) + " |" for r in rows[1:]]
        return "\n".join(lines)
    if block.kind is BlockKind.QUOTE:
        return "\n".join(f"> {_md_text(line)}" for line in block.text.splitlines())
    if block.kind is BlockKind.CODE:
        fence = "````" if "```" in block.text else "```"
        return f"{fence}\n{block.text}\n{fence}"
    return _md_text(block.text)


def render_markdown(document: Renderable) -> str:
    parts = [f"# {_md_text(document.title)}"] if document.title else []
    first_heading = document.blocks[0] if document.blocks and document.blocks[0].kind is BlockKind.HEADING else None
    if first_heading is not None and document.title and first_heading.text.strip() == document.title.strip():
        parts = []
    parts += [_md_block(b) for b in document.blocks]
    return "\n\n".join(parts) + ("\n" if parts else "")


def _html_block(block: Block) -> str:
    """Escaped text in a fixed set of tags: no attribute, script or link from the page survives."""
    if block.kind is BlockKind.HEADING:
        level = max(1, min(block.level or 2, 6))
        return f"<h{level}>{escape(block.text)}</h{level}>"
    if block.kind is BlockKind.LIST:
        tag = "ol" if block.ordered else "ul"
        items = "".join(f"<li>{escape(item)}</li>" for item in (block.items or (block.text,)))
        return f"<{tag}>{items}</{tag}>"
    if block.kind is BlockKind.TABLE and block.rows:
        rows = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in block.rows)
        return f"<table>{rows}</table>"
    if block.kind is BlockKind.QUOTE:
        return f"<blockquote><p>{escape(block.text)}</p></blockquote>"
    if block.kind is BlockKind.CODE:
        return f"<pre><code>{escape(block.text)}</code></pre>"
    return f"<p>{escape(block.text)}</p>"


def render_blocks_html(blocks: tuple[Block, ...]) -> str:
    """The kept blocks as an HTML fragment of escaped text in plain tags (the explain report reuses it)."""
    return "\n".join(_html_block(b) for b in blocks)


def render_html(document: Renderable) -> str:
    title = escape(document.title or "")
    lang = f' lang="{escape(document.metadata.language)}"' if document.metadata.language else ""
    body = render_blocks_html(document.blocks)
    return (f"<!DOCTYPE html>\n<html{lang}><head><meta charset=\"utf-8\"><title>{title}</title></head>\n"
            f"<body><article>\n{f'<h1>{title}</h1>' if title else ''}\n{body}\n</article></body></html>\n")
