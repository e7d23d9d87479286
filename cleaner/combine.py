"""Merge the extractors' proposals block by block, with small named rules.

Each rule is a predicate over one block (its segment, its verdict, and what each extractor said).
The first rule that applies decides; the decision records the rule's name and a reason.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .classify import LONG_PROSE_LENGTH, Verdict
from .extractors import Candidate
from .options import Options
from .segment import Segment
from .types import BlockKind, Label

#: Labels whose explicit markup overrides trafilatura keeping a block: these widgets are never article.
OVERRIDING_LABELS = frozenset({Label.COOKIE_NOTICE, Label.SPONSOR, Label.NEWSLETTER, Label.SHARE, Label.SEARCH,
                               Label.NAVIGATION, Label.COMMENTS, Label.RELATED})
#: Prose score a block needs for our extractor alone to add it inside trafilatura's article span.
#: Balanced keeps blocks that read clearly as prose; recall and precision move it by RECALL_BIAS_STEP.
RESCUE_MIN_PROSE = 0.6
RECALL_BIAS_STEP = 0.15
#: Duplicates shorter than this are not worth a "duplicate" verdict (repeated "Share" links are widgets).
MIN_DUPLICATE_LENGTH = 20
#: Only short repeats of a heading (a second headline, a standfirst printed as a heading) are dropped.
#: Repeated paragraphs or captions are left alone: the page printed them twice and the article has them twice.
MAX_DUPLICATE_LENGTH = 150
#: Kinds that read badly by prose signals but are article parts when they sit inside the article's span.
RESCUED_KINDS = frozenset({BlockKind.LIST, BlockKind.TABLE, BlockKind.CODE, BlockKind.HEADING, BlockKind.QUOTE})
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Decision:
    index: int
    keep: bool
    label: Label | None
    rule: str
    reason: str


def _fold(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


def _span(kept: frozenset[int]) -> tuple[int, int]:
    return (min(kept), max(kept)) if kept else (-1, -1)


def decide(segments: Sequence[Segment], verdicts: Sequence[Verdict], heuristic: Candidate,
           trafilatura: Candidate, options: Options, title: str | None) -> list[Decision]:
    use_trafilatura = trafilatura.available and bool(trafilatura.kept)
    first, last = _span(trafilatura.kept)
    rescue_prose = RESCUE_MIN_PROSE - RECALL_BIAS_STEP * options.recall_bias
    decisions: list[Decision] = []
    for segment, verdict in zip(segments, verdicts):
        i = segment.index
        by_traf, by_ours = i in trafilatura.kept, i in heuristic.kept
        label = verdict.label
        if label is Label.COMMENTS and options.include_comments:
            label = None
        overriding = verdict.strong and label in OVERRIDING_LABELS and not (
            segment.length >= LONG_PROSE_LENGTH and verdict.prose > 0.6 and label is Label.RELATED)
        if not use_trafilatura:
            keep = by_ours
            rule = "heuristic" if keep else (verdict.rule if label else "outside-article")
        elif by_traf and overriding:
            keep, rule = False, verdict.rule
        elif by_traf:
            keep, rule = True, "trafilatura"
        elif by_ours and first <= i <= last and label is None and (
                verdict.prose >= rescue_prose or segment.kind in RESCUED_KINDS or segment.tag == "figcaption"):
            keep, rule = True, "heuristic-rescue"
        else:
            keep, rule = False, verdict.rule if label else "outside-article"
        if keep:
            decisions.append(Decision(i, True, None, rule, verdict.reason))
        elif label is not None:
            decisions.append(Decision(i, False, label, rule, verdict.reason))
        else:
            where = "trafilatura and our extractor both left it out" if use_trafilatura else "outside the article container"
            decisions.append(Decision(i, False, Label.OTHER, "outside-article", f"{where} ({verdict.reason})"))
    return mark_duplicates(segments, decisions, title)


def mark_duplicates(segments: Sequence[Segment], decisions: list[Decision], title: str | None) -> list[Decision]:
    """A kept heading or short block that repeats an earlier kept block, or a removed block that repeats
    the title, is a duplicate."""
    seen: dict[str, int] = {}
    folded_title = _fold(title) if title else ""
    result: list[Decision] = []
    for segment, decision in zip(segments, decisions):
        folded = _fold(segment.text)
        if decision.keep and len(folded) >= MIN_DUPLICATE_LENGTH and folded in seen and len(folded) <= MAX_DUPLICATE_LENGTH \
                and BlockKind.HEADING in (segment.kind, segments[seen[folded]].kind):
            decision = Decision(decision.index, False, Label.DUPLICATE, "duplicate",
                                f"repeats block {seen[folded]} of the page")
        elif not decision.keep and folded_title and folded == folded_title and decision.label in (None, Label.OTHER, Label.HEADER):
            decision = Decision(decision.index, False, Label.DUPLICATE, "title-copy", "a copy of the page title")
        if decision.keep and folded:
            seen.setdefault(folded, segment.index)
        result.append(decision)
    return result
