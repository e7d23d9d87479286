"""Tree to blocks: every run of text between block boundaries becomes one ``Segment`` with its signals.

The walk is iterative (``lxml.etree.iterwalk``), so a deep tree cannot overflow Python's stack.
List items and table rows are segments of their own that remember their list or table (``group``),
so that a menu's items can be judged one by one and an article's list still renders as one list.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from lxml import etree

from cleaner.deadline import NO_DEADLINE, Deadline
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
HEADING_TAGS = {f"h{i}": i for i in range(1, 7)}
_TOKEN_SPLIT = re.compile(r"[\s_\-:./]+|(?<=[a-z])(?=[A-Z])")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_WS = re.compile(r"\s+")
#: Attributes whose words say what an element is.
TOKEN_ATTRIBUTES = ("class", "id", "itemprop", "aria-label", "data-component", "data-testid")
#: Class names that carry the article's taxonomy (WordPress and most CMSs print them on the article).
TAXONOMY_PREFIXES = ("category-", "tag-", "tags-", "cat-", "topic-", "categories-", "post_tag-", "section-")
#: Hidden elements are reported with at most this much of their text (a hidden mega-menu can be huge).
MAX_HIDDEN_TEXT = 2000
#: Interactive elements whose text counts like link text (a share "button" is as navigational as a link).
LINK_LIKE_TAGS = frozenset({"a", "button"})


@dataclass(frozen=True)
class AncestorInfo:
    """One element on the way from the page root to a block: its tag, class/id tokens and role."""

    tag: str
    tokens: tuple[str, ...]
    role: str = ""
    element_id: str = ""
    element_class: str = ""

    @property
    def description(self) -> str:
        """The element as a reason names it, e.g. ``<ul class="menu">``."""
        attrs = [f'{name}="{" ".join(value.split())[:40]}"' for name, value in
                 (("id", self.element_id), ("class", self.element_class), ("role", self.role)) if value]
        return f"<{self.tag}{' ' + ' '.join(attrs) if attrs else ''}>"


#: Attributes read for an element's AncestorInfo, in the order of its cache key.
_INFO_ATTRIBUTES = (*TOKEN_ATTRIBUTES, "role")
_INFO_SLOT = {name: slot for slot, name in enumerate(_INFO_ATTRIBUTES)}
_NO_VALUES: tuple[str | None, ...] = (None,) * len(_INFO_ATTRIBUTES)


def ancestor_paths(path: str) -> list[str]:
    """'/html/body/div[2]/p[3]' -> ['/html/body/div[2]', '/html/body', '/html'], nearest first."""
    parts = path.split("/")
    return ["/".join(parts[:i]) for i in range(len(parts) - 1, 1, -1)]


def _cached_info(tag: str, values: tuple[str | None, ...], cache: dict[tuple, AncestorInfo]) -> AncestorInfo:
    key = (tag, values)
    info = cache.get(key)
    if info is None:
        role, element_id, element_class = values[-1], values[1], values[0]
        info = cache[key] = AncestorInfo(tag, _values_tokens(values[:-1]), (role or "").lower(),
                                         element_id or "", element_class or "")
    return info


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

    @property
    def length(self) -> int:
        return len(self.text)

    @property
    def link_density(self) -> float:
        return min(1.0, self.link_chars / self.length) if self.text else 0.0


def element_tokens(element: etree._Element) -> tuple[str, ...]:
    """Lower-case tokens of an element's class, id, role, aria-label and itemprop."""
    return _values_tokens(tuple(element.get(name) for name in TOKEN_ATTRIBUTES))


def _values_tokens(values: tuple[str | None, ...]) -> tuple[str, ...]:
    present = [value for value in values if value]
    if len(present) == 1:
        return _value_tokens(present[0])  # the common case: a class alone, or an id alone
    tokens: list[str] = []
    for value in present:
        tokens.extend(_value_tokens(value))
    return tuple(dict.fromkeys(tokens))


@lru_cache(maxsize=16384)  # class names repeat across a site's pages; a pure function of its argument
def _value_tokens(value: str) -> tuple[str, ...]:
    """The distinct tokens of one attribute value, in order."""
    tokens: list[str] = []
    for name in value.split():
        lower = name.lower()
        if lower.startswith(TAXONOMY_PREFIXES):
            continue  # "category-kit-reviews", "tag-comments": what the article is about, not what the box is
        if lower == name and name.isalnum():
            tokens.append(name)  # nothing to split on: no separator, no capital for a camelCase split
            continue
        tokens.extend(t.lower() for t in _TOKEN_SPLIT.split(name) if t)
        tokens.append(lower)  # whole class names too ("post-content")
    return tuple(dict.fromkeys(tokens))


def _read_attributes(items: list[tuple[str, str]]) -> tuple[tuple[str | None, ...], bool]:
    """The AncestorInfo attribute values of an element and whether it is hidden, in one pass over its
    attributes (reading them one by one by name costs several times more)."""
    values: list[str | None] = [None] * len(_INFO_ATTRIBUTES)
    hidden = False
    for name, value in items:
        slot = _INFO_SLOT.get(name)
        if slot is not None:
            values[slot] = value
        elif name == "hidden" or (name == "aria-hidden" and value == "true") or \
                (name == "style" and value and _HIDDEN_STYLE.search(value)):
            hidden = True
    return tuple(values), hidden


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

    def child(self, tag: str) -> _Node:
        """Count a child element and return its node."""
        position = self.children.get(tag, 0) + 1
        self.children[tag] = position
        return _Node(self, tag, position, self.children)

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
            return _cached_info(tag, _NO_VALUES, self.info_cache), False
        values, hidden = _read_attributes(items)
        return _cached_info(tag, values, self.info_cache), hidden

    def add_hidden(self, element: etree._Element, node: _Node, info: AncestorInfo,
                   stack: list[AncestorInfo]) -> None:
        """The text of a hidden element, as a block of its own that will be reported as removed."""
        text = _leading_text(element, MAX_HIDDEN_TEXT)
        if text:
            self.rows.append((len(self.rows), info.tag, BlockKind.PARAGRAPH, text, node, 0,
                              (info, *reversed(stack)), 0, -1, "", (), False, len(text.split()), True))

    def flush(self, owner: etree._Element, node: _Node, stack: list[AncestorInfo], in_form: bool,
              link_chars: int) -> None:
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
                          words, False))

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
_NESTED_BLOCKS = ("p", "div", "table", "ul", "ol", "blockquote", "pre", "section", "article", *HEADING_TAGS)


def _is_atomic(element: etree._Element, tag: str) -> bool:
    """A list item or table row without nested blocks is read as one block."""
    if tag not in _ROW_TAGS:
        return False
    for child in element.iterdescendants(*_NESTED_BLOCKS):
        if _has_text(child):
            return False
    return True


def _has_text(element: etree._Element) -> bool:
    return any(not piece.isspace() for piece in element.itertext() if piece)


def segment_tree(root: etree._Element, deadline: Deadline = NO_DEADLINE) -> list[Segment]:
    """All text blocks of the page in reading order, with their ancestors' tokens.

    The loop runs once per element of the page, so it works on local variables and appends text straight
    to the builder's ``parts``; a block's text is only joined and normalised when the block ends.
    """
    builder = _Builder()
    parts = builder.parts
    stack: list[AncestorInfo] = []
    nodes: list[_Node] = []  # of the open elements, parallel to ``stack``
    owners: list[etree._Element] = []
    owner_nodes: list[_Node] = []
    # How many elements are open up to and including each owner: a block's ancestors start at its owner,
    # not at an inline element (a link, a span) that was open when a nested block or hidden element
    # closed the block early.
    owner_depths: list[int] = []
    link_chars = link_depth = form_depth = 0
    atomic_depth = 0  # >0 while inside an atomic list item / table row: everything inside is inline
    walker = etree.iterwalk(root, events=("start", "end"))
    for event, element in walker:
        tag = element.tag
        if tag.__class__ is not str:
            tag = ""
        if event == "start":
            deadline.check()
            if not nodes:
                node = _Node(None, tag, 1, {tag: 1}, path=root.getroottree().getpath(root))
            elif tag:
                node = nodes[-1].child(tag)
            if tag in SKIP_TAGS or not tag:
                info, hidden = None, True
            else:
                info, hidden = builder.info(tag.lower(), element.items())
            if hidden and tag != "html" and element is not root:
                walker.skip_subtree()
                next(walker)  # the skipped element's end event
                if info is not None and atomic_depth == 0 and owners:
                    if parts:
                        builder.flush(owners[-1], owner_nodes[-1], stack[:owner_depths[-1]], form_depth > 0,
                                      link_chars)
                        link_chars = 0
                    builder.add_hidden(element, node, info, stack)
                text = element.tail
            else:
                if info is None:
                    info = builder.info(tag.lower(), element.items())[0]
                tag = info.tag
                if tag in BLOCK_TAGS and atomic_depth == 0:
                    if parts and owners:
                        builder.flush(owners[-1], owner_nodes[-1], stack[:owner_depths[-1]], form_depth > 0,
                                      link_chars)
                        link_chars = 0
                    owners.append(element)
                    owner_nodes.append(node)
                    owner_depths.append(len(stack) + 1)
                    if tag in _ROW_TAGS and _is_atomic(element, tag):
                        atomic_depth = 1
                elif atomic_depth:
                    if tag in BLOCK_TAGS:
                        atomic_depth += 1
                    if (tag == "td" or tag == "th") and parts:
                        parts.append(" | ")
                stack.append(info)
                nodes.append(node)
                if tag in LINK_LIKE_TAGS:
                    link_depth += 1
                elif tag == "form":
                    form_depth += 1
                elif (tag == "br" or tag == "hr") and parts:
                    parts.append("\n" if owners and owners[-1].tag == "pre" else " ")
                text = element.text
        else:
            tag = tag.lower()
            if tag in LINK_LIKE_TAGS:
                link_depth -= 1
            elif tag == "form":
                form_depth -= 1
            if owners and owners[-1] is element:
                if parts:
                    builder.flush(element, owner_nodes[-1], stack, form_depth > 0, link_chars)
                    link_chars = 0
                owners.pop()
                owner_nodes.pop()
                owner_depths.pop()
                atomic_depth = 0
            elif atomic_depth and tag in BLOCK_TAGS:
                atomic_depth -= 1
            stack.pop()
            nodes.pop()
            text = element.tail
        if text and (parts or not text.isspace()):
            parts.append(text)
            if link_depth > 0:
                link_chars += len(text.strip())
    return builder.finish()
