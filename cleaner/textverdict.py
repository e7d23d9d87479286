"""A verdict for every block of scraped text: kept (with its kind) or removed (with label, rule, reason).

Rules, in the order they win: a site template, a repeated copy, an interface phrase, the position
outside the article's body, a block inside the body that reads as boilerplate, and a block at the body's
edge whose vocabulary strays from the article (a sponsor's or partner's blurb).
"""
from __future__ import annotations

from dataclasses import dataclass

from .lexicon import WORD_RE, stopwords
from .textclassify import Assessment, Quality, context_free, main_region, revise
from .textsegment import TextBlock
from .textsignals import Signals, block_signals
from .texttopic import stray_edges
from .types import BlockKind, Label

#: A headline has at least this many and at most this many words.
TITLE_MIN_WORDS, TITLE_MAX_WORDS = 2, 30
#: The headline is looked for among this many blocks before the body.
TITLE_REACH = 4
#: Share of a headline's content words that must occur in the body (it names the article's subject).
TITLE_MIN_OVERLAP = 0.3
#: Blocks in a row shorter than this many words make a menu or link list before or after the body.
MENU_ITEM_WORDS = 4


@dataclass(frozen=True)
class Verdict:
    """What happens to one block. ``label`` is None for a kept block."""

    block: TextBlock
    kind: BlockKind
    label: Label | None
    rule: str
    reason: str
    title: bool = False


def _normalized(text: str) -> str:
    return " ".join(WORD_RE.findall(text.lower()))


def _content_words(text: str, stop: frozenset[str]) -> set[str]:
    return {w for w in WORD_RE.findall(text.lower()) if w not in stop and not w.isdigit()}


def _title_index(blocks: tuple[TextBlock, ...], signals: list[Signals], region: range,
                 body_words: set[str], stop: frozenset[str]) -> int | None:
    """The headline: the nearest heading-like block before the body that names the body's subject."""
    seen: set[str] = set()
    for i in range(region.start - 1, max(-1, region.start - 1 - TITLE_REACH * 3), -1):
        sig = signals[i]
        key = _normalized(blocks[i].text)
        if key in seen or sig.interface is not None:
            continue  # a copy of a block already passed over, or a button
        seen.add(key)
        if len(seen) > TITLE_REACH:
            return None
        words = _content_words(blocks[i].text, stop)
        if (TITLE_MIN_WORDS <= sig.words <= TITLE_MAX_WORDS and not blocks[i].text.endswith(".") and words
                and len(words & body_words) >= TITLE_MIN_OVERLAP * len(words)):
            return i
    return None


def _duplicates(blocks: tuple[TextBlock, ...], keep_first_of: set[int]) -> dict[int, int]:
    """index of a repeated block -> index of the copy that is kept (the one in ``keep_first_of`` if any)."""
    copies: dict[str, list[int]] = {}
    for block in blocks:
        copies.setdefault(_normalized(block.text), []).append(block.index)
    result = {}
    for key, indexes in copies.items():
        if len(indexes) < 2 or not key:
            continue
        kept = next((i for i in indexes if i in keep_first_of), indexes[-1])
        result.update({i: kept for i in indexes if i != kept})
    return result


def _outside_label(blocks: tuple[TextBlock, ...], signals: list[Signals], i: int, region: range) -> Label:
    """Before the body: a run of short lines is a menu, the rest is the page's header. After: footer."""
    short = signals[i].words <= MENU_ITEM_WORDS
    neighbours = [j for j in (i - 1, i + 1) if 0 <= j < len(blocks) and blocks[j].gap_before == 0
                  or (j == i + 1 and j < len(blocks) and blocks[i].gap_before == 0)]
    in_run = short and any(signals[j].words <= MENU_ITEM_WORDS for j in neighbours)
    if in_run:
        return Label.NAVIGATION
    return Label.HEADER if i < region.start else Label.FOOTER


def decide(blocks: tuple[TextBlock, ...], *, language: str | None, url: str | None = None,
           templates: object | None = None) -> tuple[Verdict, ...]:
    stop = stopwords(language)
    signals = [block_signals(b, language) for b in blocks]
    assessed = revise([context_free(s, has_stoplist=language is not None) for s in signals])
    region = main_region(assessed, signals)
    strays = stray_edges(blocks, assessed, region, stop)
    body_words = set().union(*(_content_words(blocks[i].text, stop) for i in region if i not in strays)) \
        if region else set()
    title = _title_index(blocks, signals, region, body_words, stop) if region else None
    keep_first = set(region) | ({title} if title is not None else set())
    duplicates = _duplicates(blocks, keep_first)
    site = None
    if templates is not None:
        site = templates.site_key(url or "")  # type: ignore[attr-defined]
    return tuple(_verdict(b, signals[b.index], assessed[b.index], region, title, duplicates, strays,
                          templates, site, blocks, signals)
                 for b in blocks)


def _verdict(block: TextBlock, sig: Signals, assessment: Assessment, region: range, title: int | None,
             duplicates: dict[int, int], strays: dict[int, str], templates: object | None, site: str | None,
             blocks: tuple[TextBlock, ...], signals: list[Signals]) -> Verdict:
    i = block.index
    if templates is not None:
        match = templates.match(site or "", block.text)  # type: ignore[attr-defined]
        if match is not None:
            return Verdict(block, BlockKind.PARAGRAPH, match.label, "template",
                           f"template: seen on {match.pages_seen} of {match.site_pages} pages of {site}")
    if i in duplicates:
        other = blocks[duplicates[i]]
        return Verdict(block, BlockKind.PARAGRAPH, Label.DUPLICATE, "repeated",
                       f"repeated: the same text as {other.path}")
    if sig.interface is not None:
        return Verdict(block, BlockKind.PARAGRAPH, sig.interface, "interface-phrase",
                       f"interface phrase {sig.phrase!r}")
    if i == title:
        return Verdict(block, BlockKind.HEADING, None, "title", "headline before the body", title=True)
    if i in strays:
        return Verdict(block, BlockKind.PARAGRAPH, Label.SPONSOR, "off-topic-edge", strays[i])
    if i not in region:
        where = "before" if i < region.start else "after"
        return Verdict(block, BlockKind.PARAGRAPH, _outside_label(blocks, signals, i, region), "outside-body",
                       f"{where} the article's body ({assessment.rule})")
    if assessment.quality is Quality.BAD:
        return Verdict(block, BlockKind.PARAGRAPH, Label.OTHER, "bad-in-body", assessment.rule)
    kind = BlockKind.PARAGRAPH if sig.ends_sentence or sig.words > TITLE_MAX_WORDS else BlockKind.HEADING
    return Verdict(block, kind, None, "body", assessment.rule)
