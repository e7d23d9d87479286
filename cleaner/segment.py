"""Tree to blocks: every run of text between block boundaries becomes one ``Segment`` with its signals.

The walk is iterative (``lxml.etree.iterwalk``), so a deep tree cannot overflow Python's stack.
List items and table rows are segments of their own that remember their list or table (``group``),
so that a menu's items can be judged one by one and an article's list still renders as one list.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from .types import BlockKind

BLOCK_TAGS = frozenset(
    "address article aside blockquote body center dd details dialog div dl dt fieldset figcaption figure "
    "footer form h1 h2 h3 h4 h5 h6 header hr li main menu nav ol p pre section summary table tbody td tfoot "
    "th thead tr ul caption html".split()
)
SKIP_TAGS = frozenset(
    "script style noscript template svg math iframe object embed canvas head select option "
    "textarea input audio video map link meta title".split()
)
HEADING_TAGS = {f"h{i}": i for i in range(1, 7)}
# Tags whose children with block content make them containers rather than one atomic row/item.
_NESTED_BLOCK_PROBE = "p|div|table|ul|ol|h1|h2|h3|h4|h5|h6|blockquote|pre|section|article"
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


def ancestor_info(element: etree._Element, tag: str, cache: dict[tuple, AncestorInfo]) -> AncestorInfo:
    """The AncestorInfo of an element, shared by elements with the same tag and attributes on one page
    (most elements repeat a handful of class names)."""
    attrib = element.attrib
    key = (tag, *(attrib.get(name) for name in TOKEN_ATTRIBUTES), attrib.get("role")) if attrib else (tag,)
    info = cache.get(key)
    if info is None:
        info = cache[key] = AncestorInfo(tag, element_tokens(element), (attrib.get("role") or "").lower(),
                                         attrib.get("id") or "", attrib.get("class") or "")
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
    values = []
    for name in TOKEN_ATTRIBUTES:
        value = element.get(name)
        if value:
            values.append(value)
    if not values:
        return ()
    tokens: list[str] = []
    for value in values:
        for name in value.split():
            if name.lower().startswith(TAXONOMY_PREFIXES):
                continue  # "category-kit-reviews", "tag-comments": what the article is about, not what the box is
            tokens.extend(t.lower() for t in _TOKEN_SPLIT.split(name) if t)
            tokens.append(name.lower())  # whole class names too ("post-content")
    return tuple(dict.fromkeys(tokens))


def is_hidden(element: etree._Element) -> bool:
    if element.get("hidden") is not None or element.get("aria-hidden") == "true":
        return True
    style = element.get("style")
    return bool(style and _HIDDEN_STYLE.search(style))


class _Builder:
    """Accumulates the text of the block being read. Internal to ``segment_tree``."""

    def __init__(self, tree: etree._ElementTree) -> None:
        self.tree = tree
        self.segments: list[Segment] = []
        self.parts: list[str] = []
        self.link_chars = 0

    def add(self, text: str | None, in_link: bool) -> None:
        if text and (self.parts or not text.isspace()):
            self.parts.append(text)
            if in_link:
                self.link_chars += len(text.strip())

    def add_hidden(self, element: etree._Element, stack: list[AncestorInfo]) -> None:
        """The text of a hidden element, as a block of its own that will be reported as removed."""
        text = _WS.sub(" ", element.text_content() or "").strip()[:MAX_HIDDEN_TEXT]
        if text:
            tag = element.tag.lower() if isinstance(element.tag, str) else "div"
            info = ancestor_info(element, tag, {})
            self.segments.append(Segment(
                index=len(self.segments), tag=tag, kind=BlockKind.PARAGRAPH, text=text,
                path=self.tree.getpath(element), link_chars=0, ancestors=(info, *reversed(stack)),
                words=len(text.split()), hidden=True))

    def flush(self, owner: etree._Element, stack: list[AncestorInfo], groups: dict, in_form: bool) -> None:
        if not self.parts:
            return
        raw = "".join(self.parts)
        self.parts = []
        link_chars, self.link_chars = self.link_chars, 0
        tag = owner.tag if isinstance(owner.tag, str) else "div"
        text = raw.strip("\n ") if tag == "pre" or _inside_pre(stack) else _WS.sub(" ", raw).strip()
        if not text:
            return
        kind, group, group_tag, cells = _kind_of(owner, tag, stack, groups)
        self.segments.append(Segment(
            index=len(self.segments), tag=tag, kind=kind, text=text, path=self.tree.getpath(owner),
            link_chars=min(link_chars, len(text)), ancestors=tuple(reversed(stack)),
            heading_level=HEADING_TAGS.get(tag, 0), group=group, group_tag=group_tag, cells=cells,
            inside_form=in_form, words=len(text.split()),
        ))


def _inside_pre(stack: list[AncestorInfo]) -> bool:
    return any(a.tag in ("pre", "code") for a in stack[-3:])


def _kind_of(owner, tag: str, stack: list[AncestorInfo], groups: dict) -> tuple[BlockKind, int, str, tuple[str, ...]]:
    if tag in HEADING_TAGS:
        return BlockKind.HEADING, -1, "", ()
    if tag == "pre" or _inside_pre(stack):
        return BlockKind.CODE, -1, "", ()
    if tag == "tr":
        table = next((a for a in owner.iterancestors("table")), None)
        cells = tuple(_WS.sub(" ", c.text_content()).strip() for c in owner if c.tag in ("td", "th"))
        return BlockKind.TABLE, groups.setdefault(table, len(groups)), "table", cells
    if tag in ("li", "dt", "dd"):
        parent = owner.getparent()
        ptag = parent.tag if parent is not None and isinstance(parent.tag, str) else "ul"
        return BlockKind.LIST, groups.setdefault(parent, len(groups)), ptag, ()
    if any(a.tag == "blockquote" for a in stack[-4:]):
        return BlockKind.QUOTE, -1, "", ()
    return BlockKind.PARAGRAPH, -1, "", ()


def _is_atomic(element: etree._Element, tag: str) -> bool:
    """A list item or table row without nested blocks is read as one block."""
    if tag not in ("li", "tr", "dt", "dd"):
        return False
    for child in element.iterdescendants():
        ctag = child.tag if isinstance(child.tag, str) else ""
        if ctag in ("p", "div", "table", "ul", "ol", "blockquote", "pre", "section", "article") or ctag in HEADING_TAGS:
            if (child.text_content() or "").strip():
                return False
    return True


def segment_tree(root: etree._Element) -> list[Segment]:
    """All text blocks of the page in reading order, with their ancestors' tokens."""
    tree = root.getroottree()
    builder = _Builder(tree)
    groups: dict[etree._Element, int] = {}  # keyed by element: keeps proxies alive
    info_cache: dict[tuple, AncestorInfo] = {}
    stack: list[AncestorInfo] = []
    owners: list[etree._Element] = []
    link_depth = 0
    form_depth = 0
    atomic_depth = 0  # >0 while inside an atomic list item / table row: everything inside is inline
    walker = etree.iterwalk(root, events=("start", "end"))
    skipped: set[int] = set()
    for event, element in walker:
        tag = element.tag if isinstance(element.tag, str) else ""
        if event == "start":
            if not tag or tag in SKIP_TAGS or is_hidden(element):
                if tag != "html" and element is not root:
                    skipped.add(id(element))
                    walker.skip_subtree()
                    if tag and tag not in SKIP_TAGS and atomic_depth == 0 and owners:
                        builder.flush(owners[-1], stack, groups, form_depth > 0)
                        builder.add_hidden(element, stack)
                    continue
            tag = tag.lower()
            stack.append(ancestor_info(element, tag, info_cache))
            block = tag in BLOCK_TAGS and atomic_depth == 0
            if block:
                if owners:
                    builder.flush(owners[-1], stack[:-1], groups, form_depth > 0)
                owners.append(element)
                if _is_atomic(element, tag):
                    atomic_depth = 1
            elif atomic_depth:
                atomic_depth += 1 if tag in BLOCK_TAGS else 0
                if tag in ("td", "th"):
                    builder.add(" | " if builder.parts else "", False)
            if tag in LINK_LIKE_TAGS:
                link_depth += 1
            if tag == "form":
                form_depth += 1
            if tag == "br" or tag == "hr":
                builder.add("\n" if owners and owners[-1].tag == "pre" else " ", False)
            builder.add(element.text, link_depth > 0)
        else:
            if id(element) in skipped:
                skipped.discard(id(element))
                builder.add(element.tail, link_depth > 0)
                continue
            tag = tag.lower()
            if tag in LINK_LIKE_TAGS:
                link_depth -= 1
            if tag == "form":
                form_depth -= 1
            if owners and owners[-1] is element:
                builder.flush(element, stack, groups, form_depth > 0)
                owners.pop()
                atomic_depth = 0
            elif atomic_depth and tag in BLOCK_TAGS:
                atomic_depth -= 1
            stack.pop()
            builder.add(element.tail, link_depth > 0)
    return builder.segments
