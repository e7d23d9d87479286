"""Moving elements and text within a parsed tree without losing text.

libxml2's HTML parser can hand out text that lxml refuses to be given back (a form feed, which HTML reads
as a space, is not an XML character), so every text set here goes through ``xml_text`` first.
"""
from __future__ import annotations

import re

from lxml import etree

#: Characters that lxml refuses in an element's text or tail (XML 1.0 forbids them).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_text(text: str) -> str:
    """``text`` as lxml accepts it: characters that XML forbids become spaces."""
    return _NOT_XML.sub(" ", text)


def detach_keeping_tail(element: etree._Element) -> None:
    """Take ``element`` out of its parent; the text that followed it stays where it was."""
    parent = element.getparent()
    if parent is None:
        return
    if element.tail:
        previous = element.getprevious()
        if previous is None:
            parent.text = xml_text((parent.text or "") + element.tail)
        else:
            previous.tail = xml_text((previous.tail or "") + element.tail)
        element.tail = None
    parent.remove(element)


def replace_keeping_tail(old: etree._Element, new: etree._Element) -> None:
    """Put ``new`` (taken from wherever it is, its own tail left there) in place of ``old``; the text that
    followed ``old`` follows ``new``."""
    parent = old.getparent()
    if parent is None:
        return
    detach_keeping_tail(new)
    new.tail = xml_text(old.tail) if old.tail else None
    old.tail = None
    parent.replace(old, new)
