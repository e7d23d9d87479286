"""The decision about one block, shared by the stages that make and revise it."""
from __future__ import annotations

from dataclasses import dataclass

from .segment import Segment
from .types import Label

#: Labels whose explicit markup overrides an extractor keeping a block: these widgets are never article.
OVERRIDING_LABELS = frozenset({Label.COOKIE_NOTICE, Label.SPONSOR, Label.NEWSLETTER, Label.SHARE, Label.SEARCH,
                               Label.NAVIGATION, Label.COMMENTS, Label.RELATED})


@dataclass(frozen=True)
class Decision:
    """Whether a block is kept, and if not, its label; the rule that decided and why."""

    index: int
    keep: bool
    label: Label | None
    rule: str
    reason: str


def within(path: str, container: str) -> bool:
    return bool(container) and (path == container or path.startswith(container + "/"))


def is_caption(segment: Segment) -> bool:
    return segment.tag == "figcaption" or any(a.tag in ("figure", "figcaption") for a in segment.ancestors[:4])
