"""Our own extractor: find the element that holds most of the page's prose, keep its content blocks.

Readability-style: every prose block votes for its ancestors (the parent fully, farther ones less);
the best-scored element is the article container. Blocks inside it that the classifier calls content
are kept; a few strong prose blocks just outside it (a lead above the container) are kept too.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from ..classify import SHORT_LENGTH, Verdict
from ..segment import Segment
from ..types import BlockKind
from . import Candidate

#: Weight of a block's vote for its n-th ancestor (parent first). Readability gives 1, 1/2, then 1/(3n);
#: we keep votes for farther ancestors a little higher because modern pages wrap each paragraph.
ANCESTOR_WEIGHTS = (1.0, 0.7, 0.45, 0.3, 0.2, 0.15)
#: A block votes only when it reads as prose at least this much (see classify.prose_score).
MIN_VOTING_PROSE = 0.5
#: Prose outside the container is kept when it is this long and this prose-like (leads, intros).
OUTSIDE_MIN_LENGTH = 250
OUTSIDE_MIN_PROSE = 0.75
#: Only paragraphs vote, as in Readability: a list of long teasers must not out-vote the article.
VOTING_KINDS = frozenset({BlockKind.PARAGRAPH, BlockKind.QUOTE})


def ancestor_paths(path: str) -> list[str]:
    """'/html/body/div[2]/p[3]' -> ['/html/body/div[2]', '/html/body', '/html'], nearest first."""
    parts = path.split("/")
    return ["/".join(parts[:i]) for i in range(len(parts) - 1, 1, -1)]


def within(path: str, container: str) -> bool:
    return path == container or path.startswith(container + "/")


def find_container(segments: Sequence[Segment], verdicts: Sequence[Verdict]) -> str:
    scores: dict[str, float] = defaultdict(float)
    for segment, verdict in zip(segments, verdicts):
        if verdict.label is not None or verdict.prose < MIN_VOTING_PROSE or segment.kind not in VOTING_KINDS:
            continue
        vote = 1.0 + min(3.0, segment.length / 100) + segment.text.count(",") * 0.1
        for weight, ancestor in zip(ANCESTOR_WEIGHTS, ancestor_paths(segment.path)):
            scores[ancestor] += vote * weight
    if not scores:
        return ""
    return max(scores.items(), key=lambda item: (item[1], item[0].count("/")))[0]


def extract_heuristic(segments: Sequence[Segment], verdicts: Sequence[Verdict]) -> Candidate:
    container = find_container(segments, verdicts)
    kept: set[int] = set()
    for segment, verdict in zip(segments, verdicts):
        if verdict.label is not None:
            continue
        if container and within(segment.path, container):
            if segment.length >= SHORT_LENGTH or verdict.prose >= 0.3 or segment.kind is not BlockKind.PARAGRAPH:
                kept.add(segment.index)
        elif segment.length >= OUTSIDE_MIN_LENGTH and verdict.prose >= OUTSIDE_MIN_PROSE:
            kept.add(segment.index)
    return Candidate("heuristic", frozenset(kept), container)
