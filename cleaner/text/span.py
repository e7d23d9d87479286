"""The body of a page that is not one article: a thread's posts, a product's description and specs, the
cards of a listing, the code and prose of documentation, every section of a service page.

Such a body is made of short lines as much as of prose, so short lines do not weigh against it as they
do against an article (``text.classify``); inside a run of cards (``text.cards``) they count for it, and so
does the link every card repeats. What weighs against it is what a page puts around its content:
menus (runs of short link-like lines, many in a row) and interface phrases (buttons, notices, legal
lines). The body is the heaviest run of blocks under these weights; inside it, menus and interface phrases
still go.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from cleaner.deadline import NO_DEADLINE, Deadline
from cleaner.lexicon import WORD_RE
from cleaner.text.classify import Assessment, Quality, best_segment, BAD_CAP, LENGTH_LOW
from cleaner.text.segment import TextBlock
from cleaner.text.signals import Signals
from cleaner.text.topic import overlap, total_counts

#: A menu is a run of at least this many lines in a row (no blank line between) ...
MIN_MENU_RUN = 3
#: ... of at most this many words each, without a digit (a spec's value, a date, a price has one).
MAX_MENU_ITEM_WORDS = 4
#: Weights, in characters of good prose, of what surrounds a body: an interface phrase outweighs a
#: paragraph (a page's buttons and notices end its body), a menu line two lines of a card. Set on the tune
#: part of scraped-text-wcxb-dev (-20/-60/-150 for phrases: 0.646/0.653/0.668 on the pages not articles;
#: -10/-30/-60 for menu lines: 0.643/0.653/0.658). Once the body took in the runs beside its main one
#: and dropped repeated texts, phrases weigh more (all tune pages: -150 0.8031, -300 0.8043, -600 0.8051;
#: with SECTION_LINE_WEIGHT 0, -300 0.8056, check 0.7967 -> 0.8007; with MIN_ITEM_PHRASE_COPIES below,
#: tune 0.8047 and check 0.8003).
PHRASE_WEIGHT = -300
MENU_WEIGHT = -60
#: A short line inside such a body: a card's title or a spec counts for it, a section's label was set
#: slightly against it (tune, pages not articles: +5 for cards 0.643 on listings and 0.549 on collections
#: against 0.545/0.514 at -5; -5 for the rest, 0.69 on forums and 0.909 on documentation against 0.648/0.89 at +5).
#: A section's label weighs nothing since the body takes in the runs beside its main one (all tune pages:
#: -10 0.8015, -5 0.8031, 0 0.8036).
CARD_LINE_WEIGHT = 5
SECTION_LINE_WEIGHT = 0
#: An interface phrase printed at least this often ("Read more", "Reply", "Add to cart" under every item)
#: is the items' furniture: it goes, but weighs no more than a section's label, so that the items a run of
#: cards did not catch (a title the dump ran into its date) stay in the body. On its own it costs the
#: benchmark a little (tune -0.0009, check -0.0004 beside PHRASE_WEIGHT -300); tests/test_text_kinds.py's
#: listing loses its first two cards without it.
MIN_ITEM_PHRASE_COPIES = 4
#: Borderline prose counts for this share of its length, and a long block without the stop words of prose
#: (a table row, a list of specs, code) for this share of its length up to LONG_BAD_CAP.
NEAR_GOOD_SHARE = 0.7
BAD_SHARE = 0.3
LONG_BAD_CAP = 2 * BAD_CAP
#: A run apart from the main one is also body when it weighs at least this share of it: the sections of a
#: landing page or the posts of a thread that a button or a notice between them sets apart (tune, before the
#: topic test below: 0.1 0.785, 0.3 0.790, 0.4 0.788, 0.5 0.789, against 0.786 with the main run alone).
SECONDARY_SHARE = 0.3
#: ... and when at least this share of its content words occur in the main run (tune: 0.15 0.789, 0.3 0.787,
#: 0.5 0.785; without the test, scraped-text-dev fell from 0.905 to 0.898: the lists of other stories
#: under news articles joined their bodies). The body then runs from the first of these runs to the last
#: (tune 0.789 -> 0.793, check 0.782 -> 0.785, listings 0.605 -> 0.643 on check).
MIN_SECONDARY_OVERLAP = 0.15


@dataclass(frozen=True)
class Span:
    """The body of a page that is not one article: its run of blocks, and the menus inside and around it."""

    region: range
    menus: frozenset[int]


def menu_lines(blocks: tuple[TextBlock, ...], signals: list[Signals]) -> frozenset[int]:
    """Blocks in runs of at least MIN_MENU_RUN short lines without a digit, one under the other."""
    # An interface phrase among them ("About us", "Sign in") is one of the menu's items, not its end.
    short = [s.words <= MAX_MENU_ITEM_WORDS and not any(c.isdigit() for c in b.text)
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


def _weight(sig: Signals, assessment: Assessment, menu: bool, cards: bool, card: bool, per_item: bool) -> float:
    if card and (sig.interface is not None or sig.chars < LENGTH_LOW):
        return CARD_LINE_WEIGHT  # a card's title, date or price, or the link every card repeats
    if per_item and sig.interface is not None:
        return SECTION_LINE_WEIGHT  # "Read more" under every item: the items' furniture, not the body's end
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
              cards: bool, stop: frozenset[str] = frozenset(), card_blocks: frozenset[int] = frozenset(),
              deadline: Deadline = NO_DEADLINE) -> Span:
    """The heaviest run of blocks when short lines are content (``cards``: they count for it), widened to
    the runs beside it that weigh nearly as much and share its subject (``stop``: the language's stop words),
    with what lies between them: a thread's post headers, a listing's cards between two blurbs."""
    menus = menu_lines(blocks, signals)
    copies = Counter(_key(b.text) for b in blocks)
    weights = [_weight(s, a, i in menus and i not in card_blocks, cards, i in card_blocks,
                       copies[_key(blocks[i].text)] >= MIN_ITEM_PHRASE_COPIES)
               for i, (s, a) in enumerate(zip(signals, assessed))]
    best, region = best_segment(weights, 0, len(weights))
    anchor = _terms(blocks, region, stop)

    def on_topic(run: range) -> bool:
        return overlap(_terms(blocks, run, stop), anchor) >= MIN_SECONDARY_OVERLAP

    others = _secondary_runs(weights, region, best, on_topic, deadline)
    return Span(range(min(others | {region.start}), max(others | {region.stop - 1}) + 1) if region else region,
                menus)


def _key(text: str) -> str:
    return " ".join(WORD_RE.findall(text.lower()))


def _terms(blocks: tuple[TextBlock, ...], run: range, stop: frozenset[str]) -> Counter[str]:
    return total_counts((blocks[i].text for i in run), stop)


def _secondary_runs(weights: list[float], main: range, best: float,
                    on_topic: Callable[[range], bool], deadline: Deadline = NO_DEADLINE) -> set[int]:
    """Blocks of the heaviest runs left and right of the main one, recursively, while each weighs at least
    SECONDARY_SHARE of it: sections of a page that a button or a notice sets apart. Of these, the runs
    ``on_topic`` (a list of other stories under a news page is not)."""
    found: set[int] = set()
    pending = [(0, main.start), (main.stop, len(weights))] if main else []
    while pending:  # one pass over the page per run found: thousands on a huge dump (bench/fuzz.py)
        deadline.check()
        lo, hi = pending.pop()
        total, run = best_segment(weights, lo, hi)
        if run and total >= SECONDARY_SHARE * best:
            found.update(run if on_topic(run) else ())
            pending += [(lo, run.start), (run.stop, hi)]
    return found
