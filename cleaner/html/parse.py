"""Text to one lxml tree: the only parse of a page.

libxml2 silently drops content nested deeper than its limit (256 levels, 2048 with ``huge_tree``), so a
page nested deeper is flattened first: container tags beyond ``MAX_NESTING`` are dropped from the markup,
which keeps their text. That second pass only happens for such pathological pages.

What libxml2 refuses or cuts short is repaired first (``cleaner.sanitize``): NULs and other control
characters, lone surrogates, and an XML declaration naming an encoding (refused in ``str`` input), which is
dropped whether or not it is well formed.

Under a time limit a large page is parsed in a thread of its own: libxml2 cannot check a deadline, and on
some broken pages its parser takes minutes (bench/fuzz.py found a 2.4 MB page that took 40 s). lxml lets
other threads run while it parses, so the call waits only as long as its budget and then gives up; the
parse goes on in the background until libxml2 is done and its tree is dropped. A thread cannot be killed:
that CPU time is spent all the same, but the caller has its answer in time.
"""
from __future__ import annotations

import re
import threading

import lxml.html
from lxml import etree

from cleaner.deadline import NO_DEADLINE, Deadline, TimeLimitReached
from cleaner.errors import ExtractionError
from cleaner.html.streaming import place_streamed_parts
from cleaner.sanitize import repair_text

#: Depth beyond which container tags are dropped. Real pages stay under ~60 levels; libxml2's HTML parser
#: keeps 2048 with huge_tree, so 1000 leaves room for the inline tags around the text.
MAX_NESTING = 1000
#: A tree with fewer elements than libxml2's depth limit cannot have hit that limit.
LIBXML_DEPTH_LIMIT = 2048

_TAG_RE = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9:-]*)\b[^>]*?(/?)>")
#: An XML declaration at the start of the text, however malformed: up to its "?>" or, failing that, the
#: first ">" (``<?xml version="1.0" encoding="...garbage...">``).
_XML_DECLARATION = re.compile(r"\A\s*<\?xml\b[^>]*>", re.I)
#: Pages at least this long are parsed in a thread of their own under a time limit. Smaller ones parse in
#: milliseconds (libxml2 reads 50-100 MB/s), so a thread would only add cost.
THREADED_PARSE_MIN_CHARS = 500_000
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())


def _parser(encoding: str | None = None) -> lxml.html.HTMLParser:
    # collect_ids=False: nothing looks elements up by id, and the id table costs time in parsing and in
    # every copy of the tree (trafilatura parses with the same setting).
    parser = lxml.html.HTMLParser(huge_tree=True, remove_comments=True, remove_pis=True, default_doctype=False,
                                  collect_ids=False, encoding=encoding)
    # Every element is a plain HtmlElement, chosen in C. lxml.html's own lookup runs Python code for each
    # element object created (several thousand a page, here and in trafilatura: about 1 ms a page) only to
    # give form fields their own classes (FormElement, InputElement ...), which nothing here uses.
    parser.set_element_class_lookup(etree.ElementDefaultClassLookup(
        element=lxml.html.HtmlElement, comment=lxml.html.HtmlComment, pi=lxml.html.HtmlProcessingInstruction,
        entity=lxml.html.HtmlEntity))
    return parser


def parse_html(text: str, deadline: Deadline = NO_DEADLINE) -> lxml.html.HtmlElement:
    """Parse HTML text into a tree. Markup lxml finds no document in (a bare doctype, only comments) is an
    empty page: an empty ``<html><body>``, so the page says it has no content. Raises ``ExtractionError``
    when lxml refuses the text itself."""
    text = repair_text(_XML_DECLARATION.sub("", text, count=1))
    try:
        root = _document_within(text, deadline)
    except etree.ParserError:  # lxml's "Document is empty"
        return lxml.html.document_fromstring("<html><body></body></html>", parser=_parser())
    except ValueError as exc:
        raise ExtractionError(f"cannot parse HTML: {exc}") from None
    if _may_be_truncated_by_depth(root, deadline):
        root = _document_within(flatten_deep_nesting(text, deadline=deadline), deadline)
    return place_streamed_parts(adopt_trailing_roots(root))


def adopt_trailing_roots(root: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    """The root with what libxml2 put beside it moved inside it. Content after ``</html>`` (pages glued
    from templates: 24 of the 1,715 dev pages, one of them with its whole article there) becomes a second
    ``<html>`` next to the root, which a walk from the root never reaches. Browsers show it as part of the
    body (HTML5's "after after body" mode), so here each such root goes to the end of the body as a <div>
    (its head and body too), and a head's elements go to the head. Elements move, no text is joined: a page
    with thousands of such roots stays linear (bench/fuzz.py case 41613)."""
    trailing = [element for element in root.itersiblings() if isinstance(element.tag, str)]
    if not trailing:
        return root
    body = root.find("body")
    if body is None:
        body = etree.SubElement(root, "body")
    head = root.find("head")
    for other in trailing:
        for child in other:
            if child.tag == "head" and head is not None:
                head.extend(list(child))
            if child.tag in ("head", "body"):
                child.tag = "div"
        other.tag = "div"
        body.append(other)
    return root


def _document_within(text: str, deadline: Deadline) -> lxml.html.HtmlElement:
    """The parsed page, or ``TimeLimitReached`` when the deadline passes first (see the module docstring)."""
    if deadline.seconds is None or len(text) < THREADED_PARSE_MIN_CHARS:
        return _document(text)
    outcome: list = []
    done = threading.Event()

    def parse() -> None:
        try:
            outcome.append(_document(text))
        except BaseException as exc:  # noqa: BLE001 - handed to the caller's thread as it is
            outcome.append(exc)
        finally:
            done.set()

    threading.Thread(target=parse, name="cleaner-parse", daemon=True).start()
    if not done.wait(deadline.remaining()):
        raise TimeLimitReached("time limit reached while parsing")
    if isinstance(outcome[0], BaseException):
        raise outcome[0]
    return outcome[0]


def _document(text: str) -> lxml.html.HtmlElement:
    try:
        return lxml.html.document_fromstring(text, parser=_parser())
    except ValueError as exc:
        if "encoding declaration" not in str(exc):
            raise
    # lxml looks for a declaration further than our pattern does (after a comment, say): UTF-8 bytes with
    # the encoding named are what it accepts in every case.
    return lxml.html.document_fromstring(text.encode("utf-8"), parser=_parser(encoding="utf-8"))


def _may_be_truncated_by_depth(root: lxml.html.HtmlElement, deadline: Deadline) -> bool:
    count = 0
    for _ in root.iter():
        count += 1
        if count >= LIBXML_DEPTH_LIMIT:
            break
    else:
        return False
    depth: dict[etree._Element, int] = {root: 0}
    for element in root.iter():
        deadline.check()
        parent = element.getparent()
        if parent is not None:
            level = depth[parent] + 1
            depth[element] = level
            if level >= MAX_NESTING:
                return True
    return False


def flatten_deep_nesting(text: str, limit: int = MAX_NESTING, deadline: Deadline = NO_DEADLINE) -> str:
    """Drop opening and closing tags that sit deeper than ``limit``; their text stays in place."""
    pieces: list[str] = []
    depth = 0
    last = 0
    for match in _TAG_RE.finditer(text):
        deadline.check()
        closing, name, self_closing = match.group(1), match.group(2).lower(), match.group(3)
        if name in _VOID or self_closing:
            continue
        keep = depth < limit if not closing else depth <= limit
        depth = max(0, depth - 1) if closing else depth + 1
        if not keep:
            pieces.append(text[last:match.start()])
            pieces.append(" ")
            last = match.end()
    pieces.append(text[last:])
    return "".join(pieces)
