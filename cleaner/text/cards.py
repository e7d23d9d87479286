"""Runs of cards: the same shape of blocks printed again and again, as a listing prints its items.

A listing's item is a title, a date or a price, maybe a summary and a "Read more"; a thread's post is a user
name, a date, the post and a "Reply". Read as shapes (short line, date, price, prose, or a line the page
prints once per item), the items repeat with a fixed period. A run of at least MIN_CARDS such periods is a
run of cards; its short lines are content (titles, dates, prices), and the interface phrase it repeats
per item ("Read more", "Reply", "Add to cart") is the item's furniture, not the end of the page's body.
"""
from __future__ import annotations

from collections import Counter

from cleaner.lexicon import WORD_RE
from cleaner.shared_signals import is_time_line, names_price
from cleaner.text.segment import TextBlock
from cleaner.text.signals import Signals

#: A run of cards holds at least this many items (three could be chance: a heading, a line, a paragraph).
MIN_CARDS = 4
#: An item is at most this many blocks long (a title, a kicker, a date, an author, a summary, a link ...).
MAX_CARD_BLOCKS = 8
#: A block of at most this many words is a short line (a title, a name); longer is prose.
MAX_SHORT_WORDS = 12


def _normalized(text: str) -> str:
    return " ".join(WORD_RE.findall(text.lower()))


def _shapes(blocks: tuple[TextBlock, ...], signals: list[Signals]) -> list[str]:
    """Each block's shape: a line the page prints at least MIN_CARDS times (by its text), a date, a price,
    a short line or prose."""
    keys = [_normalized(b.text) for b in blocks]
    copies = Counter(keys)
    shapes = []
    for block, sig, key in zip(blocks, signals, keys):
        if key and copies[key] >= MIN_CARDS and sig.words <= MAX_SHORT_WORDS:
            shapes.append(f"repeated:{key}")
        elif is_time_line(block.text, sig.words):
            shapes.append("date")
        elif names_price(block.text) and sig.words <= MAX_SHORT_WORDS:
            shapes.append("price")
        else:
            shapes.append("short" if sig.words <= MAX_SHORT_WORDS else "prose")
    return shapes


def _anchored(period: list[str]) -> bool:
    """An item's shape names it as an item: a date, a price or a line every item repeats. Headings and
    paragraphs alone alternate in any article."""
    return any(s in ("date", "price") or s.startswith("repeated:") for s in period) and len(set(period)) > 1


def card_runs(blocks: tuple[TextBlock, ...], signals: list[Signals]) -> frozenset[int]:
    """Blocks in runs of at least MIN_CARDS items of one shape (a period of 2 to MAX_CARD_BLOCKS blocks)."""
    shapes = _shapes(blocks, signals)
    found: set[int] = set()
    for period in range(2, MAX_CARD_BLOCKS + 1):
        start = 0
        while start + period < len(shapes):
            end = start
            while end + period < len(shapes) and shapes[end] == shapes[end + period]:
                end += 1
            # shapes[start:end + period] repeats with this period
            if end - start >= (MIN_CARDS - 1) * period and _anchored(shapes[start:start + period]):
                found.update(range(start, end + period))
            start = max(end, start + 1)
    return frozenset(found)
