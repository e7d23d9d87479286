"""The pure-Python walk from tree to blocks (``python_segment_tree``); ``cleaner.html.segment`` uses it when the
compiled walk (``_segment_compiled``) is not built or ``CLEANER_PURE_PYTHON=1``. Both give the same Segments.

The walk is iterative (``lxml.etree.iterwalk``), so a deep tree cannot overflow Python's stack.
List items and table rows are segments of their own that remember their list or table (``group``),
so that a menu's items can be judged one by one and an article's list still renders as one list.
"""
from __future__ import annotations

import re

from lxml import etree

from cleaner.deadline import NO_DEADLINE, Deadline
from cleaner.html.ancestry import NO_VALUES, AncestorInfo, cached_info, disclosed_ids, read_attributes
from cleaner.html.segment_types import (BLOCK_TAGS, CONTROL_TAGS, HEADING_TAGS, LINK_LIKE_TAGS, MAX_HIDDEN_TEXT,
                                        NESTED_BLOCKS, ROW_TAGS, SKIP_TAGS, SKIP_TAGS_OPEN_NOSCRIPT, Segment,
                                        block_text)
from cleaner.types import BlockKind

_WS = re.compile(r"\s+")


class _Node:
    """An element's place among its siblings, counted during the walk; its path (``/html/body/div[2]``,
    as ``ElementTree.getpath`` writes it) is only written once all its siblings have been counted.
    ``getpath`` counts the siblings again on every call: quadratic on a parent with thousands of children."""

    __slots__ = ("parent", "tag", "position", "siblings", "children", "path")

    def __init__(self, parent: _Node | None, tag: str, position: int, siblings: dict[str, int],
                 path: str | None = None) -> None:
        self.parent = parent
        self.tag = tag
        self.position = position  # among the siblings with the same tag, from 1
        self.siblings = siblings  # the parent's children by tag (complete once the walk is done)
        self.children: dict[str, int] = {}
        self.path = path

    def resolve(self) -> str:
        """The path, once the walk is done."""
        chain = []
        node = self
        while node.path is None:
            chain.append(node)
            node = node.parent
        path = node.path
        for node in reversed(chain):
            step = f"{node.tag}[{node.position}]" if node.siblings[node.tag] > 1 else node.tag
            path = node.path = f"{path}/{step}"
        return path


class _Builder:
    """The blocks found so far and the text of the block being read. Internal to ``segment_tree``.

    Blocks are kept as rows of Segment fields with their element's ``_Node`` in place of the path, and
    become Segments in ``finish`` when every path can be written."""

    def __init__(self) -> None:
        self.rows: list[tuple] = []
        self.parts: list[str] = []  # the text of the current block; ``segment_tree`` appends to it directly
        self.groups: dict[etree._Element, int] = {}  # keyed by element: keeps proxies alive
        self.info_cache: dict[tuple, AncestorInfo] = {}

    def info(self, tag: str, items: list[tuple[str, str]]) -> tuple[AncestorInfo, bool]:
        """The element's AncestorInfo and whether it is hidden."""
        if not items:
            return cached_info(tag, NO_VALUES, self.info_cache), False
        values, hidden = read_attributes(items)
        return cached_info(tag, values, self.info_cache), hidden

    def add_hidden(self, element: etree._Element, node: _Node, info: AncestorInfo,
                   stack: list[AncestorInfo]) -> None:
        """The text of a hidden element, as a block of its own that will be reported as removed."""
        text = _leading_text(element, MAX_HIDDEN_TEXT)
        if text:
            self.rows.append((len(self.rows), info.tag, BlockKind.PARAGRAPH, text, node, 0,
                              (info, *reversed(stack)), 0, -1, "", (), False, len(text.split()), True, False))

    def flush(self, owner: etree._Element, node: _Node, stack: list[AncestorInfo], in_form: bool,
              link_chars: int, control: bool) -> None:
        """Close the current block (its text is in ``parts``) as a segment owned by ``owner``."""
        raw = "".join(self.parts)
        self.parts.clear()
        tag = owner.tag if isinstance(owner.tag, str) else "div"
        in_pre = tag == "pre" or _inside_pre(stack)
        text, words = block_text(raw, in_pre)
        if not text:
            return
        kind, group, group_tag, cells = _kind_of(owner, tag, stack, self.groups, in_pre)
        self.rows.append((len(self.rows), tag, kind, text, node, min(link_chars, len(text)),
                          tuple(reversed(stack)), HEADING_TAGS.get(tag, 0), group, group_tag, cells, in_form,
                          words, False, control))

    def finish(self) -> list[Segment]:
        # Positional in the order of Segment's fields: this runs once per block.
        return [Segment(index, tag, kind, text, node.resolve(), *rest)
                for index, tag, kind, text, node, *rest in self.rows]


def _leading_text(element: etree._Element, limit: int) -> str:
    """The element's text with whitespace collapsed, at most ``limit`` characters. Stops reading once
    ``limit`` is reached, so a huge hidden element costs no more than a small one."""
    pieces: list[str] = []
    size, next_check = 0, 2 * limit
    for piece in element.itertext():
        pieces.append(piece)
        size += len(piece)
        if size > next_check:
            if len(_WS.sub(" ", "".join(pieces)).lstrip()) > limit:
                break  # collapsing a prefix of the text gives a prefix of the collapsed text
            next_check = 2 * size  # mostly whitespace: look again when twice as much is read
    return _WS.sub(" ", "".join(pieces)).strip()[:limit]


def _inside_pre(stack: list[AncestorInfo]) -> bool:
    for info in stack[-3:]:  # a loop, not any(): this runs once per block
        if info.tag == "pre" or info.tag == "code":
            return True
    return False


def _inside_quote(stack: list[AncestorInfo]) -> bool:
    for info in stack[-4:]:
        if info.tag == "blockquote":
            return True
    return False


def _kind_of(owner, tag: str, stack: list[AncestorInfo], groups: dict,
             in_pre: bool) -> tuple[BlockKind, int, str, tuple[str, ...]]:
    if tag in HEADING_TAGS:
        return BlockKind.HEADING, -1, "", ()
    if in_pre:
        return BlockKind.CODE, -1, "", ()
    if tag == "tr":
        table = next(owner.iterancestors("table"), None)
        cells = tuple(" ".join(c.text_content().split()) for c in owner if c.tag in ("td", "th"))
        return BlockKind.TABLE, groups.setdefault(table, len(groups)), "table", cells
    if tag in ("li", "dt", "dd"):
        parent = owner.getparent()
        ptag = parent.tag if parent is not None and isinstance(parent.tag, str) else "ul"
        return BlockKind.LIST, groups.setdefault(parent, len(groups)), ptag, ()
    if _inside_quote(stack):
        return BlockKind.QUOTE, -1, "", ()
    return BlockKind.PARAGRAPH, -1, "", ()


def _is_atomic(element: etree._Element, tag: str) -> bool:
    """A list item or table row without nested blocks that hold text is read as one block. One walk, counting
    the nested blocks open around each text (asking each block for its text reads a chain of empty blocks
    once per level: bench/fuzz.py case 70981, 6 s on one list item)."""
    if tag not in ROW_TAGS:
        return False
    inside = 0  # nested blocks open around the current point of the walk; a tail lies in the node's parent
    for event, node in etree.iterwalk(element, events=("start", "end")):
        if node is not element:
            inside += (1 if event == "start" else -1) * (node.tag in NESTED_BLOCKS)
            text = node.text if event == "start" else node.tail
            if inside and text and not text.isspace():
                return False
    return True


class _Walk:
    """The state of one walk over the tree (internal to ``segment_tree``): the open elements, the elements
    that own a block (a <p>, a <li>) with their nodes and depths, and the counters of link, form and
    atomic-row depth. ``start`` and ``end`` handle one event each and return the text that follows it."""

    __slots__ = ("root", "walker", "skip_tags", "reveal", "disclosed", "builder", "parts", "stack", "nodes", "owners", "owner_nodes",
                 "owner_depths", "link_chars", "link_depth", "form_depth", "atomic_depth", "info_cache", "control")

    def __init__(self, root: etree._Element, walker: etree.iterwalk, skip_tags: frozenset[str] = SKIP_TAGS,
                 reveal: bool = False, disclosed: frozenset[str] = frozenset()) -> None:
        self.root, self.walker, self.skip_tags, self.reveal = root, walker, skip_tags, reveal
        self.disclosed = disclosed
        self.builder = _Builder()
        self.parts = self.builder.parts
        self.info_cache = self.builder.info_cache
        self.stack: list[AncestorInfo] = []
        self.nodes: list[_Node] = []  # of the open elements, parallel to ``stack``
        self.owners: list[etree._Element] = []
        self.owner_nodes: list[_Node] = []
        # How many elements are open up to and including each owner: a block's ancestors start at its owner,
        # not at an inline element (a link, a span) that was open when a nested block or hidden element
        # closed the block early.
        self.owner_depths: list[int] = []
        self.link_chars = self.link_depth = self.form_depth = 0
        self.control = False  # the block being read holds a form control
        self.atomic_depth = 0  # >0 while inside an atomic list item / table row: everything inside is inline

    def start(self, element: etree._Element) -> str | None:
        """An element opens: skip it if hidden (reporting its text), else enter it. Returns the text that
        follows: the element's own text, or the tail of a skipped one. (This runs once per element: the
        node and the AncestorInfo are looked up here, not in helpers, as a call costs as much as a lookup.)"""
        tag = element.tag
        if tag.__class__ is not str:
            tag = ""
        nodes = self.nodes
        if not nodes:
            node = _Node(None, tag, 1, {tag: 1}, path=self.root.getroottree().getpath(self.root))
        elif tag:  # counted among its siblings with the same tag
            parent = nodes[-1]
            siblings = parent.children
            position = siblings[tag] = siblings.get(tag, 0) + 1
            node = _Node(parent, tag, position, siblings)
        else:
            node = None
        if tag in self.skip_tags or not tag:
            info, hidden = None, True
            if tag in CONTROL_TAGS and element.get("type") != "hidden" and element.get("disabled") is None:
                self.control = True
        else:
            items = element.items()
            values, hidden = read_attributes(items) if items else (NO_VALUES, False)
            lower = tag.lower()
            info = self.info_cache.get((lower, values)) or cached_info(lower, values, self.info_cache)
        if hidden and tag != "html" and element is not self.root and not (self.reveal and info is not None) \
                and not (info is not None and element.get("id") in self.disclosed):
            self._skip(element, node, info)
            return element.tail
        if info is None:
            info = self.builder.info(tag.lower(), element.items())[0]
        self._enter(element, node, info)
        return element.text

    def _skip(self, element: etree._Element, node: _Node | None, info: AncestorInfo | None) -> None:
        """Leave out a hidden or skipped element's subtree; a hidden element's text becomes a block of its own."""
        self.walker.skip_subtree()
        next(self.walker)  # the skipped element's end event
        if info is not None and self.atomic_depth == 0 and self.owners:
            self._flush(self.owners[-1], self.owner_nodes[-1], self.stack[:self.owner_depths[-1]])
            self.builder.add_hidden(element, node, info, self.stack)

    def _enter(self, element: etree._Element, node: _Node | None, info: AncestorInfo) -> None:
        """A visible element: a block tag closes the block being read and owns the next one (unless inside
        an atomic row, where everything is inline); links and forms are counted."""
        tag = info.tag
        if tag in BLOCK_TAGS and self.atomic_depth == 0:
            if self.owners:
                self._flush(self.owners[-1], self.owner_nodes[-1], self.stack[:self.owner_depths[-1]])
            self.owners.append(element)
            self.owner_nodes.append(node)
            self.owner_depths.append(len(self.stack) + 1)
            if tag in ROW_TAGS and _is_atomic(element, tag):
                self.atomic_depth = 1
        elif self.atomic_depth:
            if tag in BLOCK_TAGS:
                self.atomic_depth += 1
            if (tag == "td" or tag == "th") and self.parts:
                self.parts.append(" | ")
        self.stack.append(info)
        self.nodes.append(node)
        if tag in LINK_LIKE_TAGS:
            self.link_depth += 1
        elif tag == "form":
            self.form_depth += 1
        elif (tag == "br" or tag == "hr") and self.parts:
            self.parts.append("\n" if self.owners and self.owners[-1].tag == "pre" else " ")

    def end(self, element: etree._Element) -> str | None:
        """An element closes: the block it owns ends with it. Returns its tail."""
        tag = self.stack[-1].tag  # the element's own AncestorInfo: skipped elements never reach ``end``
        if tag in LINK_LIKE_TAGS:
            self.link_depth -= 1
        elif tag == "form":
            self.form_depth -= 1
        if self.owners and self.owners[-1] is element:
            self._flush(element, self.owner_nodes[-1], self.stack)
            self.owners.pop()
            self.owner_nodes.pop()
            self.owner_depths.pop()
            self.atomic_depth = 0
        elif self.atomic_depth and tag in BLOCK_TAGS:
            self.atomic_depth -= 1
        self.stack.pop()
        self.nodes.pop()
        return element.tail

    def _flush(self, owner: etree._Element, node: _Node, stack: list[AncestorInfo]) -> None:
        """Close the block being read, if it has text, as owned by ``owner``."""
        if self.parts:
            self.builder.flush(owner, node, stack, self.form_depth > 0, self.link_chars, self.control)
            self.link_chars = 0
        self.control = False


def python_segment_tree(root: etree._Element, deadline: Deadline = NO_DEADLINE, open_noscript: bool = False,
                 reveal_hidden: bool = False) -> list[Segment]:
    """All text blocks of the page in reading order, with their ancestors' tokens; ``open_noscript``
    reads the content of <noscript> elements as well, ``reveal_hidden`` reads hidden elements as visible.

    The walk runs once per element of the page; a block's text is only joined and normalised when the
    block ends (see ``_Walk`` for the steps of each event)."""
    walker = etree.iterwalk(root, events=("start", "end"))
    walk = _Walk(root, walker, SKIP_TAGS_OPEN_NOSCRIPT if open_noscript else SKIP_TAGS, reveal_hidden,
                 disclosed_ids(root))
    start, end, parts, check = walk.start, walk.end, walk.parts, deadline.check
    for event, element in walker:
        check()
        text = start(element) if event == "start" else end(element)
        # Text between tags joins the block being read (whitespace alone only once the block has text).
        if text and (parts or not text.isspace()):
            parts.append(text)
            if walk.link_depth > 0:
                walk.link_chars += len(text.strip())
    return walk.builder.finish()
