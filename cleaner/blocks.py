"""The block values: a kept block and its kind, a removed block and its label. What the stages build and
the renderers and the explain report read; below ``types`` (which re-exports them), ``render`` and ``report``,
so that a document can render and explain itself."""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class BlockKind(str, Enum):
    """The kind of a kept block, which decides how it renders."""

    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST = "list"
    TABLE = "table"
    QUOTE = "quote"
    CODE = "code"


@dataclass(frozen=True)
class Block:
    """A kept block of the article, in reading order.

    ``items`` holds the items of a list (``ordered`` for ``<ol>``), ``rows`` the cells of a table;
    ``level`` is the heading level (1-6) for headings, else 0.
    """

    kind: BlockKind
    text: str
    path: str = ""
    level: int = 0
    items: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    ordered: bool = False
    #: position of the block among all blocks of the page, kept and removed (reading order), for the
    #: explain report; -1 when unknown. Not part of equality or of ``to_dict``.
    order: int = field(default=-1, compare=False)


class Label(str, Enum):
    """What a removed block was. A fixed enumeration, the same for HTML and for scraped text."""

    NAVIGATION = "navigation"
    SEARCH = "search"
    SPONSOR = "sponsor"
    HEADER = "header"
    FOOTER = "footer"
    COOKIE_NOTICE = "cookie_notice"
    SHARE = "share"
    RELATED = "related"
    COMMENTS = "comments"
    NEWSLETTER = "newsletter"
    DUPLICATE = "duplicate"
    OTHER = "other"


@dataclass(frozen=True)
class RemovedBlock:
    """A block left out of the article, with what it was and the rule that removed it."""

    label: Label
    reason: str
    text: str
    path: str
    rule: str = ""
    #: position among all blocks of the page, kept and removed (see ``Block.order``)
    order: int = field(default=-1, compare=False)
