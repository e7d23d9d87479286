"""Topical distance: blocks at the edges of the body that talk about something else than the article.

Sites print blurbs about sponsors and partners (other companies) right under the article, as prose that
passes every length and stop-word test. What gives them away is their vocabulary: most of their content
words never occur in the article. We peel such blocks from the tail (and, more cautiously, the head) of
the body, comparing each with the half of the body on the other side, so that a run of blurbs cannot
vouch for each other.
"""
from __future__ import annotations

from collections import Counter

from .lexicon import WORD_RE
from .textclassify import Assessment, Quality
from .textsegment import TextBlock

#: A body needs this many prose blocks before topical distance means anything.
MIN_BODY_BLOCKS = 4
#: A tail block whose content words occur in the anchor half of the body less than this share of the
#: time strays from the article. Chosen on hand-made articles with partner blurbs (their overlap is
#: 0.10-0.30) against the closing paragraphs of dev-set articles (usually above 0.45).
MAX_TAIL_OVERLAP = 0.35
#: The head is the lede, nearly always on topic: it takes a much lower overlap to be peeled.
MAX_HEAD_OVERLAP = 0.15
#: Blocks shorter than this many content words say too little to judge.
MIN_CONTENT_WORDS = 8


def content_counts(text: str, stop: frozenset[str]) -> Counter[str]:
    """Content words of a text (not stop words, not numbers, two letters or more), counted."""
    return Counter(w for w in WORD_RE.findall(text.lower()) if w not in stop and not w.isdigit() and len(w) > 1)


def overlap(block: Counter[str], anchor: Counter[str]) -> float:
    """Share of a block's content-word occurrences whose word occurs in the anchor."""
    total = sum(block.values())
    return sum(n for w, n in block.items() if w in anchor) / total if total else 1.0


def _peel(order: list[int], counts: dict[int, Counter[str]], anchor: Counter[str], limit: float,
          where: str) -> dict[int, str]:
    strays = {}
    for i in order:
        if sum(counts[i].values()) < MIN_CONTENT_WORDS:
            continue
        share = overlap(counts[i], anchor)
        if share >= limit:
            break
        strays[i] = (f"off-topic at the {where} of the body: {share:.0%} of its content words occur in the "
                     f"article (limit {limit:.0%})")
    return strays


def stray_edges(blocks: tuple[TextBlock, ...], assessed: list[Assessment], region: range,
                stop: frozenset[str]) -> dict[int, str]:
    """index -> reason, for blocks at the body's edges whose vocabulary strays from the article."""
    body = [i for i in region if assessed[i].quality in (Quality.GOOD, Quality.NEAR_GOOD)]
    if len(body) < MIN_BODY_BLOCKS:
        return {}
    counts = {i: content_counts(blocks[i].text, stop) for i in body}
    half = (len(body) + 1) // 2

    def anchor_of(indexes: list[int]) -> Counter[str]:
        return sum((counts[i] for i in indexes), Counter())

    tail = _peel(list(reversed(body[half:])), counts, anchor_of(body[:half]), MAX_TAIL_OVERLAP, "end")
    head = _peel(body[:half], counts, anchor_of([i for i in body[half:] if i not in tail]), MAX_HEAD_OVERLAP,
                 "start")
    return {**head, **tail}
