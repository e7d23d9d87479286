"""Tree to blocks: every run of text between block boundaries becomes one ``Segment`` with its signals.

Two walks do it with the same results: the compiled one (``cleaner/html/_segment_compiled.pyx``, built at
install when a C compiler is there), which reads libxml2's nodes directly, and the pure-Python one
(``segment_python``). The compiled one is used when it is built, unless the environment variable
``CLEANER_PURE_PYTHON`` is set to ``1`` when this module is first imported; ``ACCELERATED`` says which.
"""
from __future__ import annotations

from lxml import etree

from cleaner.deadline import NO_DEADLINE, Deadline
from cleaner.html.compiled_core import compiled_module
from cleaner.html.noscript import noscript_chars
from cleaner.html.segment_python import python_segment_tree
from cleaner.html.segment_types import (BLOCK_TAGS, CONTROL_TAGS, HEADING_TAGS, LINK_LIKE_TAGS, MAX_HIDDEN_TEXT,
                                        SKIP_TAGS, SKIP_TAGS_OPEN_NOSCRIPT, Segment)

__all__ = ["ACCELERATED", "BLOCK_TAGS", "CONTROL_TAGS", "HEADING_TAGS", "LINK_LIKE_TAGS", "MAX_HIDDEN_TEXT",
           "MIN_NOSCRIPT_CONTENT", "SKIP_TAGS", "SKIP_TAGS_OPEN_NOSCRIPT", "Segment", "hidden_chars",
           "segment_page", "segment_tree"]

#: <noscript> text shorter than this is a notice ("You need to enable JavaScript to run this app."), not content:
#: such notices run to one or two sentences, the shortest thread printed there on the tune pages to 2,000 chars.
MIN_NOSCRIPT_CONTENT = 300


def _select_walk():
    """The compiled walk when it is built and not turned off, else the pure-Python one; and which it is."""
    compiled = compiled_module("cleaner.html._segment_compiled")
    if compiled is None:  # not built (no C compiler at install) or CLEANER_PURE_PYTHON=1: same results
        return python_segment_tree, False
    return compiled.compiled_segment_tree, True


segment_tree, ACCELERATED = _select_walk()


def segment_page(root: etree._Element, deadline: Deadline = NO_DEADLINE, reveal_hidden: bool = False) -> list[Segment]:
    """The page's blocks (``segment_tree``). A page whose <noscript> elements hold more text than all its
    visible blocks, and more than a notice that scripts are needed, is an application shell that prints its
    content there for readers without scripts (a forum's thread, a shop's listing): then the content of
    <noscript> is read as well. ``reveal_hidden``: see ``segment_tree``."""
    segments = segment_tree(root, deadline, reveal_hidden=reveal_hidden)
    visible = sum(s.length for s in segments if not s.hidden)
    hidden_text = noscript_chars(root)
    if hidden_text > visible and hidden_text >= MIN_NOSCRIPT_CONTENT:
        return segment_tree(root, deadline, open_noscript=True, reveal_hidden=reveal_hidden)
    return segments


def hidden_chars(segments: list[Segment]) -> int:
    """Characters of text in the page's hidden elements (as far as ``segment_tree`` reports them)."""
    return sum(s.length for s in segments if s.hidden)
