"""How much text a page keeps inside <noscript>: ``segment_page`` reads it when the visible page has less
(an application shell that prints its content there for readers without scripts)."""
from __future__ import annotations

import re

from lxml import etree

#: A tag written out as text: markup the parser did not read as elements.
_MARKUP = re.compile(r"<[a-zA-Z/!]")


def noscript_chars(root: etree._Element) -> int:
    """Characters of text inside the page's <noscript> elements, their styles and scripts aside, and markup
    that the parser left as text (a <noscript> in the head holds tracking pixels as a string) too."""
    total = 0
    nested: set[etree._Element] = set()  # read with the outermost <noscript>: each element once, not once per level
    for element in root.iter("noscript"):
        if element in nested:
            continue
        for inner in element.iter():
            if inner.tag == "noscript":
                nested.add(inner)
            pieces = (inner.text if inner.tag not in ("script", "style") else None,
                      inner.tail if inner is not element else None)
            total += sum(len(piece.strip()) for piece in pieces if piece and not _MARKUP.search(piece))
    return total
