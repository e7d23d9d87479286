"""The kept block of an article and its kind: what the stages build and the renderers read. Below
``types`` (which re-exports both) and ``render``, so that a document can render itself."""
from __future__ import annotations

from dataclasses import dataclass
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
