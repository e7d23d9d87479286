"""Tree to blocks: every run of text between block boundaries becomes one ``Segment`` with its signals.

The walk is iterative (``lxml.etree.iterwalk``), so a deep tree cannot overflow Python's stack.
List items and table rows are segments of their own that remember their list or table (``group``),
so that a menu's items can be judged one by one and an article's list still renders as one list.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from lxml import etree

from cleaner.deadline import NO_DEADLINE, Deadline
from cleaner.html.ancestry import NO_VALUES, AncestorInfo, cached_info, disclosed_ids, read_attributes
from cleaner.html.noscript import noscript_chars
from cleaner.types import BlockKind

BLOCK_TAGS = frozenset(
    "address article aside blockquote body center dd details dialog div dl dt fieldset figcaption figure "
    "footer form h1 h2 h3 h4 h5 h6 header hr li main menu nav ol p pre section summary table tbody td tfoot "
    "th thead tr ul caption html".split()
)
SKIP_TAGS = frozenset(
    "script style noscript template svg iframe object embed canvas head select option "
    "textarea input audio video map link meta title".split()
)
#: Form controls: a block that holds one is a control's label (a sort bar, a filter); not a hidden input, nor a
#: disabled one (a task list's checkbox in documentation is display).
CONTROL_TAGS = frozenset({"select", "input", "textarea"})
#: The same without <noscript>: for a page whose text is only there (see ``segment_page``).
SKIP_TAGS_OPEN_NOSCRIPT = SKIP_TAGS - {"noscript"}
#: <noscript> text shorter than this is a notice ("You need to enable JavaScript to run this app."), not content:
#: such notices run to one or two sentences, the shortest thread printed there on the tune pages to 2,000 chars.
MIN_NOSCRIPT_CONTENT = 300
HEADING_TAGS = {f"h{i}": i for i in range(1, 7)}
_WS = re.compile(r"\s+")
#: Hidden elements are reported with at most this much of their text (a hidden mega-menu can be huge).
MAX_HIDDEN_TEXT = 2000
#: Interactive elements whose text counts like link text (a share "button" is as navigational as a link).
LINK_LIKE_TAGS = frozenset({"a", "button"})


@dataclass(frozen=True)
class Segment:
    """A block of the page with the signals the classifier needs. ``index`` is its reading order."""

    index: int
    tag: str
    kind: BlockKind
    text: str
    path: str
    link_chars: int
    ancestors: tuple[AncestorInfo, ...]  # nearest first, the block's own element included
    heading_level: int = 0
    group: int = -1  # list or table this item/row belongs to, by element id; -1 when none
    group_tag: str = ""
    cells: tuple[str, ...] = ()
    inside_form: bool = False
    words: int = field(default=0)
    hidden: bool = False  # text of a hidden element: reported as removed, never kept
    holds_control: bool = False  # the block holds a form control (CONTROL_TAGS): a sort bar, a filter

    # Cached on first use (in the instance's __dict__, which a frozen dataclass leaves writable to
    # cached_property): the stages after segmentation read these thousands of times a page.
    @cached_property
    def length(self) -> int:
        return len(self.text)

    @cached_property
    def link_density(self) -> float:
        return min(1.0, self.link_chars / self.length) if self.text else 0.0


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
        if in_pre:
            text = raw.strip("\n ")
            words = len(text.split())
        else:
            # str.split() and the regex \s agree on what whitespace is; split/join is several times faster.
            split = raw.split()
            text, words = " ".join(split), len(split)
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


#: Tags that can be read as one block: a list item or table row, when it holds no nested blocks.
_ROW_TAGS = frozenset(("li", "tr", "dt", "dd"))
#: Descendants that make a row or item a container rather than one atomic block, when they hold text.
_NESTED_BLOCKS = frozenset(("p", "div", "table", "ul", "ol", "blockquote", "pre", "section", "article", *HEADING_TAGS))


def _is_atomic(element: etree._Element, tag: str) -> bool:
    """A list item or table row without nested blocks that hold text is read as one block. One walk, counting
    the nested blocks open around each text (asking each block for its text reads a chain of empty blocks
    once per level: bench/fuzz.py case 70981, 6 s on one list item)."""
    if tag not in _ROW_TAGS:
        return False
    inside = 0  # nested blocks open around the current point of the walk; a tail lies in the node's parent
    for event, node in etree.iterwalk(element, events=("start", "end")):
        if node is not element:
            inside += (1 if event == "start" else -1) * (node.tag in _NESTED_BLOCKS)
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
            if tag in _ROW_TAGS and _is_atomic(element, tag):
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


def segment_tree(root: etree._Element, deadline: Deadline = NO_DEADLINE, open_noscript: bool = False,
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
