"""Blocks trafilatura keeps that are not the article although no label says so: strays in a part of the page
without article prose (a headline above the article, a promo box), and the summaries under a list of linked
teaser headlines. ``combine`` removes them with the rules ``stray-outside-article`` and ``teaser-summary``."""
from __future__ import annotations

from collections.abc import Sequence

from cleaner.html.classify import Verdict
from cleaner.html.decisions import common_steps, within
from cleaner.html.extractors.candidate import Candidate
from cleaner.html.refine import MIN_TEASER_CARDS
from cleaner.html.segment import Segment
from cleaner.types import BlockKind

#: A part of the page holds article prose when one of its blocks is this long and this prose-like. Chosen on
#: the benchmark pages: review summaries and second sections of split articles sit at 0.59-0.9 over 120
#: characters; a prose score of 0.7 lost one such section, 0.5 none, and no teaser card came back.
MIN_PART_PROSE_LENGTH = 100
MIN_PART_PROSE = 0.5
#: A paragraph under a heading this linked is a teaser's summary, not article prose (headlines of other
#: articles are links; the article's own section titles are not). As MIN_INLINE_LINK_DENSITY in refine.
MIN_TEASER_HEADLINE_LINK_DENSITY = 0.5
#: A heading introduces the article's text when trafilatura keeps one of the next blocks.
HEADING_REACH = 2


def strays(segments: Sequence[Segment], verdicts: Sequence[Verdict], heuristic: Candidate, trafilatura: Candidate,
            centre: str) -> set[int]:
    """Blocks trafilatura keeps outside its own article core and outside our container, in a part of the page
    (the element beside the core holding them) with no article prose: a headline above the article, a promo
    box, a row of teaser cards. A part holding prose is another section of the article and stays. The parts
    are read around ``centre`` (see ``combine._centre``): trafilatura's core, or our container inside it."""
    if not centre:
        return set()
    by_part: dict[str, list[int]] = {}
    for i in trafilatura.kept - heuristic.kept:
        path = segments[i].path
        if not within(path, centre) and not within(path, heuristic.container):
            steps = path.split("/")
            common = common_steps(path, centre)
            # Paragraphs loose beside the centre (children of the common element) are one run of text.
            part = "/".join(steps[:common + 1]) if len(steps) > common + 1 else "/".join(steps[:common])
            by_part.setdefault(part, []).append(i)
    return {i for part in by_part.values() if not any(_reads_as_article(segments, verdicts, j) for j in part)
            for i in part}


def _reads_as_article(segments: Sequence[Segment], verdicts: Sequence[Verdict], index: int) -> bool:
    """A block of article prose, not the summary under a linked headline (a teaser card)."""
    segment = segments[index]
    if segment.length < MIN_PART_PROSE_LENGTH or verdicts[index].prose < MIN_PART_PROSE \
            or segment.kind is BlockKind.HEADING:
        return False
    before = segments[index - 1] if index else None
    return not (before is not None and before.kind is BlockKind.HEADING
                and before.link_density >= MIN_TEASER_HEADLINE_LINK_DENSITY)


def teaser_summaries(segments: Sequence[Segment], heuristic: Candidate, trafilatura: Candidate) -> set[int]:
    """Blocks trafilatura keeps outside our container, each at most HEADING_REACH blocks under a linked
    heading that it leaves out, when MIN_TEASER_CARDS such headings repeat: the summaries and source lines of
    a list of teaser cards (the article's own section titles are not links; a blog post's linked title is
    one heading, not a list)."""
    by_headline: dict[int, list[int]] = {}
    for i in trafilatura.kept - heuristic.kept:
        if within(segments[i].path, heuristic.container):
            continue
        headline = _headline_above(segments, i)
        if headline is not None and headline not in trafilatura.kept \
                and segments[headline].link_density >= MIN_TEASER_HEADLINE_LINK_DENSITY:
            by_headline.setdefault(headline, []).append(i)
    if len(by_headline) < MIN_TEASER_CARDS:
        return set()
    return {i for blocks in by_headline.values() for i in blocks}


def _headline_above(segments: Sequence[Segment], index: int) -> int | None:
    """The nearest heading at most HEADING_REACH blocks above the block, if no other heading comes between."""
    for j in range(index - 1, max(-1, index - 1 - HEADING_REACH), -1):
        if segments[j].kind is BlockKind.HEADING:
            return j
    return None
