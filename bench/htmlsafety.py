"""Is HTML that cleaner wrote inert? Read back with two tokenizers (libxml2's, through lxml, and Python's
html.parser), so that a trick one of them falls for cannot hide behind the other.

Inert means: only the tags and attributes that ``cleaner.render.render_html`` writes, no comment or
processing instruction, no URL-bearing attribute (so no javascript: or data: URL), and every text
read back exactly as the document holds it (nothing in the text was taken for markup).
Used by tests/test_xss.py and bench/fuzz.py.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser

import lxml.html

from cleaner.sanitize import repair_text
from cleaner.types import Block, BlockKind, Document

#: The tags render_html writes, with the attributes each may carry.
ALLOWED: dict[str, frozenset[str]] = {
    "html": frozenset({"lang"}), "meta": frozenset({"charset"}),
    **{tag: frozenset() for tag in ("head", "title", "body", "article", "h1", "h2", "h3", "h4", "h5", "h6", "p",
                                    "ul", "ol", "li", "table", "tr", "td", "blockquote", "pre", "code")},
}
#: The elements that hold the parts of a block of these kinds (see ``_parts``).
_LEAVES = {BlockKind.LIST: ("li",), BlockKind.TABLE: ("td",)}
_SCRIPT_URL = re.compile(r"^\s*(?:javascript|vbscript|data)\s*:", re.I)


#: The tags and attributes of the explain report (``Document.explain_html``): its own fixed markup around the
#: blocks that render_html writes. Page text reaches it only as escaped text and in a few attribute values.
_REPORT_TAGS = ("span div li p dt dd dl ul ol meta input label section header main article blockquote b h1 h2 h3 "
                "h4 h5 h6 html head title style body table tr td pre code").split()
_REPORT_ATTRIBUTES = frozenset("aria-label charset checked class content data-count data-label for http-equiv id lang name "
                               "role title type".split())  # title: the page-kind badge's tooltip
REPORT_ALLOWED: dict[str, frozenset[str]] = {tag: _REPORT_ATTRIBUTES for tag in _REPORT_TAGS}


class _Tokens(HTMLParser):
    """Every tag, attribute, comment and declaration that html.parser sees."""

    def __init__(self, allowed: dict[str, frozenset[str]]) -> None:
        super().__init__(convert_charrefs=True)
        self.allowed = allowed
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.problems += _tag_problems("html.parser", tag, [(n, v or "") for n, v in attrs], self.allowed)

    handle_startendtag = handle_starttag

    def handle_comment(self, data: str) -> None:
        self.problems.append(f"html.parser: comment {data[:60]!r}")

    def handle_pi(self, data: str) -> None:
        self.problems.append(f"html.parser: processing instruction {data[:60]!r}")

    def handle_decl(self, decl: str) -> None:
        if decl.lower() != "doctype html":
            self.problems.append(f"html.parser: declaration {decl[:60]!r}")

    def unknown_decl(self, data: str) -> None:
        self.problems.append(f"html.parser: unknown declaration {data[:60]!r}")


def _tag_problems(reader: str, tag: str, attrs: list[tuple[str, str]],
                  allowed_tags: dict[str, frozenset[str]]) -> list[str]:
    allowed = allowed_tags.get(tag.lower())
    if allowed is None:
        return [f"{reader}: tag <{tag}>"]
    problems = []
    for name, value in attrs:
        if name.lower() not in allowed:
            problems.append(f"{reader}: attribute {name}={value[:60]!r} on <{tag}>")
        if _SCRIPT_URL.match(value):
            problems.append(f"{reader}: script URL {value[:60]!r} on <{tag}>")
    return problems


def markup_problems(html: str, allowed: dict[str, frozenset[str]] = ALLOWED) -> list[str]:
    """What in the HTML is not one of the writer's own tags and attributes (render_html's by default)."""
    tokens = _Tokens(allowed)
    tokens.feed(html)
    tokens.close()
    problems = tokens.problems
    root = lxml.html.document_fromstring(html.encode("utf-8"), parser=lxml.html.HTMLParser(encoding="utf-8"))
    for element in root.iter():
        if not isinstance(element.tag, str):
            problems.append(f"lxml: {type(element).__name__} {str(element)[:60]!r}")
            continue
        problems += _tag_problems("lxml", element.tag, list(element.items()), allowed)
    return problems


def document_problems(document: Document) -> list[str]:
    """Everything wrong with ``document.to_html()``: markup of its own, or text that does not read back."""
    html = document.to_html()
    return markup_problems(html) + text_problems(html, document)


def _parts(block: Block) -> tuple[str, ...]:
    """The texts of a block as render_html writes them: a list's items, a table's cells, else its text."""
    if block.kind is BlockKind.LIST:
        return block.items or (block.text,)
    if block.kind is BlockKind.TABLE and block.rows:
        return tuple(cell for row in block.rows for cell in row)
    return (block.text,)


def text_problems(html: str, document: Document) -> list[str]:
    """Whether the title and each block read back from the HTML exactly as the document holds them."""
    title = document.title
    blocks = [(b.kind if b.kind is not BlockKind.TABLE or b.rows else BlockKind.PARAGRAPH, _parts(b))
              for b in document.blocks]
    root = lxml.html.document_fromstring(html.encode("utf-8"), parser=lxml.html.HTMLParser(encoding="utf-8"))
    problems = []
    title_element = root.find(".//title")
    if _normal(title_element.text_content() if title_element is not None else "") != _normal(title or ""):
        problems.append("the title does not read back as it is")
    article = root.find(".//article")
    elements = list(article) if article is not None else []
    if title and elements and elements[0].tag == "h1":
        elements = elements[1:]
    if len(elements) != len(blocks):
        return problems + [f"{len(elements)} block elements read back for {len(blocks)} blocks"]
    for number, (element, (kind, parts)) in enumerate(zip(elements, blocks)):
        leaves = list(element.iter(*_LEAVES[kind])) if kind in _LEAVES else [element]
        read = tuple(_normal(leaf.text_content()) for leaf in leaves)
        if read != tuple(_normal(p) for p in parts):
            problems.append(f"block {number} reads back as {read[:3]!r}, not {parts[:3]!r}")
    return problems


def _normal(text: str) -> str:
    # HTML parsing turns CR and CRLF into LF, and HTML cannot carry control characters (render_html drops
    # them): neither is markup taking effect.
    return repair_text(text).replace("\r\n", "\n").replace("\r", "\n")
