"""The kind of page a scraped text comes from, read from the text alone, and what counts as its body.

A news story or a blog post is one run of prose: its body is the heaviest run of good paragraphs
(``text.classify``). Other pages are not: a forum thread is posts under repeated headers (a user name, a
date), a shop prints prices and specs in short lines, documentation prints code, a listing is a run of
cards, a service page is sections under headings, each a few short lines. On those, the body is wider and
short lines are content (``text.span``). The kinds are those of the Web Content Extraction Benchmark.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from enum import Enum

from cleaner.lexicon import WORD_RE
from cleaner.shared_signals import is_time_line, looks_like_code, names_price
from cleaner.text.classify import Assessment, Quality
from cleaner.text.segment import TextBlock
from cleaner.text.signals import Signals


class PageKind(str, Enum):
    ARTICLE = "article"
    FORUM = "forum"
    PRODUCT = "product"
    COLLECTION = "collection"
    LISTING = "listing"
    DOCUMENTATION = "documentation"
    SERVICE = "service"


#: An article's good prose is at least this share of the page's text (the rest is menus and footers) ...
MIN_ARTICLE_PROSE_SHARE = 0.4
#: ... and its main region holds at least this share of that prose (one run, not scattered sections).
#: Both set on the tune part of scraped-text-wcxb-dev with scraped-text-dev held at its F1 (news dumps
#: carry more boilerplate than modern pages: 0.6 sent half of them down the wide path and cost 0.015).
MIN_ARTICLE_MAIN_SHARE = 0.8
#: Lines of code that make a page documentation, whatever its prose (tune: documentation pages have a
#: median of 13, articles 1; ten keeps a tutorial with a snippet or two an article).
MIN_CODE_LINES = 10
#: Prices that make a page a shop's collection, whatever its prose (tune: collection median 24, articles 0).
MIN_COLLECTION_PRICES = 20
#: Prices from which a page's short lines are cards (items of a shop or a price list), not a menu.
MIN_CARD_PRICES = 10
#: A page with at least this many short date lines and blocks recurring per post is a thread.
MIN_POST_DATES = 8
#: Short lines printed at least this often are a post header's or a card's furniture ("Member", "Reply").
MIN_FURNITURE_COPIES = 3
#: A line of at most this many words can be such furniture.
MAX_FURNITURE_WORDS = 4


@dataclass(frozen=True)
class KindEvidence:
    """The kind of page, why, and whether its short lines count as content (cards, specs)."""

    kind: PageKind
    reason: str
    cards: bool = False


_PROSE = (Quality.GOOD, Quality.NEAR_GOOD)


@dataclass(frozen=True)
class _Counts:
    prose_share: float
    main_share: float
    dates: int
    code: int
    prices: int
    furniture: int


def _counts(blocks: tuple[TextBlock, ...], signals: list[Signals], assessed: list[Assessment],
            regions: list[range]) -> _Counts:
    total = sum(s.chars for s in signals) or 1
    good = [s.chars if a.quality in _PROSE else 0 for s, a in zip(signals, assessed)]
    main = sum(good[i] for i in regions[0]) if regions else 0
    short = Counter(" ".join(WORD_RE.findall(b.text.lower())) for b, s in zip(blocks, signals)
                    if 0 < s.words <= MAX_FURNITURE_WORDS)
    return _Counts(prose_share=sum(good) / total, main_share=main / (sum(good) or 1),
                   dates=sum(1 for b, s in zip(blocks, signals) if is_time_line(b.text, s.words)),
                   code=sum(1 for b in blocks if looks_like_code(b.text)),
                   prices=sum(1 for b in blocks if names_price(b.text)),
                   furniture=sum(1 for n in short.values() if n >= MIN_FURNITURE_COPIES))


def detect_kind(blocks: tuple[TextBlock, ...], signals: list[Signals], assessed: list[Assessment],
                regions: list[range]) -> KindEvidence:
    """The kind of page: an article unless code, prices or the lack of one run of prose say otherwise."""
    c = _counts(blocks, signals, assessed, regions)
    cards = c.prices >= MIN_CARD_PRICES
    if c.code >= MIN_CODE_LINES:
        return KindEvidence(PageKind.DOCUMENTATION, f"{c.code} lines of code", cards)
    if c.prices >= MIN_COLLECTION_PRICES:
        return KindEvidence(PageKind.COLLECTION, f"{c.prices} prices", cards)
    if c.prose_share >= MIN_ARTICLE_PROSE_SHARE and c.main_share >= MIN_ARTICLE_MAIN_SHARE:
        return KindEvidence(PageKind.ARTICLE, f"one run of prose ({c.prose_share:.0%} of the text is good prose, "
                                              f"{c.main_share:.0%} of it in one run)")
    scattered = f"no single run of prose ({c.prose_share:.0%} good prose, {c.main_share:.0%} of it in one run)"
    if c.dates >= MIN_POST_DATES and c.furniture:
        return KindEvidence(PageKind.FORUM, f"{scattered}; {c.dates} date lines and lines repeated per post", cards)
    if c.prices:
        kind = PageKind.COLLECTION if cards else PageKind.PRODUCT
        return KindEvidence(kind, f"{scattered}; {c.prices} prices", cards)
    if c.dates >= MIN_POST_DATES:
        return KindEvidence(PageKind.LISTING, f"{scattered}; {c.dates} date lines", cards)
    return KindEvidence(PageKind.SERVICE, scattered, cards)
