"""The body of a page that is not one article: a thread's posts, a product's description and specs, the
cards of a listing, the code and prose of documentation, every section of a service page.

Such a body is made of short lines as much as of prose, so short lines do not weigh against it as they
do against an article (``text.classify``). What weighs against it is what a page puts around its content:
menus (runs of short link-like lines, many in a row) and interface phrases (buttons, notices, legal
lines). The body is the heaviest run of blocks under these weights; inside it, menus and interface phrases
still go.
"""
from __future__ import annotations

from dataclasses import dataclass

from cleaner.text.classify import Assessment, Quality, best_segment, BAD_CAP, LENGTH_LOW
from cleaner.text.segment import TextBlock
from cleaner.text.signals import Signals

#: A menu is a run of at least this many lines in a row (no blank line between) ...
MIN_MENU_RUN = 3
#: ... of at most this many words each, without a digit (a spec's value, a date, a price has one).
MAX_MENU_ITEM_WORDS = 4
#: Weights, in characters of good prose, of what surrounds a body: an interface phrase outweighs a
#: paragraph (a page's buttons and notices end its body), a menu line two lines of a card. Set on the tune
#: part of scraped-text-wcxb-dev (-20/-60/-150 for phrases: 0.646/0.653/0.668 on the pages not articles;
#: -10/-30/-60 for menu lines: 0.643/0.653/0.658).
PHRASE_WEIGHT = -150
MENU_WEIGHT = -60
#: A short line inside such a body: a card's title or a spec counts for it, a section's label slightly
#: against it (tune, pages not articles: +5 for cards 0.643 on listings and 0.549 on collections against
#: 0.545/0.514 at -5; -5 for the rest, 0.69 on forums and 0.909 on documentation against 0.648/0.89 at +5).
CARD_LINE_WEIGHT = 5
SECTION_LINE_WEIGHT = -5
#: Borderline prose counts for this share of its length, and a long block without the stop words of prose
#: (a table row, a list of specs, code) for this share of its length up to LONG_BAD_CAP.
NEAR_GOOD_SHARE = 0.7
BAD_SHARE = 0.3
LONG_BAD_CAP = 2 * BAD_CAP


@dataclass(frozen=True)
class Span:
    """The body of a page that is not one article: its run of blocks, and the menus inside and around it."""

    region: range
    menus: frozenset[int]


def menu_lines(blocks: tuple[TextBlock, ...], signals: list[Signals]) -> frozenset[int]:
    """Blocks in runs of at least MIN_MENU_RUN short lines without a digit, one under the other."""
    short = [s.words <= MAX_MENU_ITEM_WORDS and s.interface is None and not any(c.isdigit() for c in b.text)
             for b, s in zip(blocks, signals)]
    menus: set[int] = set()
    start = 0
    while start < len(blocks):
        end = start
        while end < len(blocks) and short[end] and (end == start or blocks[end].gap_before == 0):
            end += 1
        if end - start >= MIN_MENU_RUN:
            menus.update(range(start, end))
        start = max(end, start + 1)
    return frozenset(menus)


def _weight(sig: Signals, assessment: Assessment, menu: bool, cards: bool) -> float:
    if sig.interface is not None or "furniture" in assessment.rule:
        return PHRASE_WEIGHT
    if menu:
        return MENU_WEIGHT
    if assessment.quality is Quality.GOOD:
        return sig.chars
    if assessment.quality is Quality.NEAR_GOOD:
        return NEAR_GOOD_SHARE * sig.chars
    if sig.chars < LENGTH_LOW:
        return CARD_LINE_WEIGHT if cards else SECTION_LINE_WEIGHT
    return BAD_SHARE * min(sig.chars, LONG_BAD_CAP)


def body_span(blocks: tuple[TextBlock, ...], signals: list[Signals], assessed: list[Assessment], *,
              cards: bool) -> Span:
    """The heaviest run of blocks when short lines are content (``cards``: they count for it)."""
    menus = menu_lines(blocks, signals)
    weights = [_weight(s, a, i in menus, cards) for i, (s, a) in enumerate(zip(signals, assessed))]
    _, region = best_segment(weights, 0, len(weights))
    return Span(region, menus)
