"""What an extractor proposes: the blocks it keeps and where it believes the article lies."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Candidate:
    """One extractor's proposal: the indexes of the blocks it keeps, and where its article lies."""

    name: str
    kept: frozenset[int]
    container: str = ""  # path of the element the extractor believes holds the article
    core: str = ""  # the best-scored element inside it, before widening to sibling parts
    available: bool = True  # False when the extractor failed or was not run
    prose_share: float = 0.0  # share of the page's prose (in characters) inside ``container``
    prose_chars: int = 0  # characters of prose on the page
