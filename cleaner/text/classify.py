"""Blocks of scraped text -> the article's region, in the manner of jusText, without HTML.

Three passes: a context-free quality per block (length and stop-word density), a revision of short and
borderline blocks from their neighbours, and the choice of the densest run of good blocks as the body
(a maximum-sum segment, so that long menus and footers around a body weigh against themselves).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from cleaner.deadline import NO_DEADLINE, Deadline
from cleaner.text.signals import Signals

#: jusText's defaults (length_low 70, length_high 200, stopwords_low 0.30, stopwords_high 0.32), kept
#: because they were tuned on thousands of pages; our blocks are the same paragraphs without the markup.
LENGTH_LOW = 70
LENGTH_HIGH = 200
STOPWORDS_LOW = 0.30
STOPWORDS_HIGH = 0.32
#: Without a stop list (an undetected language, or a script without spaces) a block with a sentence end
#: and at least this many characters counts as good.
NO_STOPLIST_GOOD_CHARS = 100
#: Weight of a short block in the body's score, in characters: a body may hold headings and captions,
#: but a long run of short lines (a menu) outweighs a paragraph.
SHORT_WEIGHT = -25
#: A bad block weighs at most this much against the body: code listings, tables and formulas inside an
#: article read as bad prose, and must not cut the article in two.
BAD_CAP = 150
#: A run of good blocks apart from the main one belongs to the article when it weighs this share of it.
SECONDARY_SHARE = 0.2
#: Numbered items counting up by one, this many in a row or more, are a list and count as borderline
#: prose (short lines otherwise count as a menu). Three: "1. 2." alone is too easily chance.
MIN_NUMBERED_RUN = 3
#: A block of at least this many words, ending a sentence, with jusText's lower stop-word density
#: (STOPWORDS_LOW), is a sentence of prose; "Step out." or "Share." are too short to tell.
MIN_SENTENCE_WORDS = 4
#: Step headings ("Step 1", "Step 2", ...) are at most this many blocks apart: a how-to's step is an
#: instruction, a caption or two and maybe a tip (2-4 blocks in the dev set's how-to pages); pagination
#: ("Page 1", "Page 2" on lines of their own) has none between, and must have at least one.
MAX_STEP_GAP = 6
#: A block with at least this share of its characters inside HTML tags is markup the scraper printed as
#: text (tracking pixels, script fallbacks): prose quoting a tag or two stays far below (half: a round
#: threshold; the dev set's leaked blocks are 0.8 and more).
MAX_MARKUP_SHARE = 0.5
#: Borderline blocks count for this share of their length.
NEAR_GOOD_SHARE = 0.5
#: How far (in blocks) the neighbour revision looks for a good or bad block: past a heading and a list of
#: five short items under it (scraped-text-wcxb-dev tune: 4 0.7946, 6 0.7951, 8 0.7951; scraped-text-dev
#: 0.906 at 4 and 6, 0.904 at 8).
NEIGHBOUR_REACH = 6


class Quality(str, Enum):
    GOOD = "good"
    NEAR_GOOD = "near-good"
    SHORT = "short"
    BAD = "bad"


@dataclass(frozen=True)
class Assessment:
    """The quality of a block and the rule that gave it."""

    quality: Quality
    rule: str


def context_free(sig: Signals, *, has_stoplist: bool) -> Assessment:
    """The quality of a block on its own signals."""
    if sig.interface is not None:
        return Assessment(Quality.BAD, f"interface phrase {sig.phrase!r}")
    if sig.chars < LENGTH_LOW:
        return Assessment(Quality.SHORT, f"short ({sig.chars} chars)")
    if sig.markup >= MAX_MARKUP_SHARE:  # after the length test: a heading may name a tag ("List of <img>")
        return Assessment(Quality.BAD, f"HTML markup ({sig.markup:.0%} of its characters in tags)")
    if not has_stoplist:
        # Unspaced scripts often set poems and captions without a final mark; length must do.
        good = (sig.ends_sentence or sig.unspaced) and sig.chars >= NO_STOPLIST_GOOD_CHARS
        return Assessment(Quality.GOOD if good else Quality.NEAR_GOOD, "length without a stop list")
    if sig.stop_density >= STOPWORDS_HIGH:
        if sig.chars > LENGTH_HIGH:
            return Assessment(Quality.GOOD, f"prose (stop words {sig.stop_density:.2f}, {sig.chars} chars)")
        return Assessment(Quality.NEAR_GOOD, f"short prose (stop words {sig.stop_density:.2f})")
    if sig.stop_density >= STOPWORDS_LOW:
        return Assessment(Quality.NEAR_GOOD, f"borderline prose (stop words {sig.stop_density:.2f})")
    return Assessment(Quality.BAD, f"few stop words ({sig.stop_density:.2f}) for its length")


def _neighbour(qualities: list[Quality], index: int, step: int) -> Quality:
    """The nearest good or bad quality in one direction (short and near-good blocks are skipped)."""
    i = index + step
    for _ in range(NEIGHBOUR_REACH):
        if not 0 <= i < len(qualities):
            return Quality.BAD  # the edges of the page are boilerplate
        if qualities[i] in (Quality.GOOD, Quality.BAD):
            return qualities[i]
        i += step
    return Quality.BAD


def revise(assessed: list[Assessment]) -> list[Assessment]:
    """jusText's context pass: short and near-good blocks take the class of their surroundings."""
    qualities = [a.quality for a in assessed]
    revised = []
    for i, a in enumerate(assessed):
        if a.quality not in (Quality.SHORT, Quality.NEAR_GOOD) or "interface" in a.rule:
            revised.append(a)
            continue
        before, after = _neighbour(qualities, i, -1), _neighbour(qualities, i, 1)
        if before is Quality.GOOD and after is Quality.GOOD:
            revised.append(Assessment(Quality.GOOD, f"{a.rule}, between good blocks"))
        elif a.quality is Quality.NEAR_GOOD and Quality.GOOD in (before, after):
            revised.append(Assessment(Quality.GOOD, f"{a.rule}, next to a good block"))
        else:
            revised.append(Assessment(Quality.BAD if a.quality is Quality.SHORT else a.quality,
                                      f"{a.rule}, away from good blocks"))
    return revised


def is_sentence(sig: Signals) -> bool:
    """A short block that is a whole sentence of prose: closes with a full stop, has MIN_SENTENCE_WORDS
    words and jusText's lower stop-word density; a menu line or a caption does not."""
    return (sig.interface is None and sig.full_stop and sig.words >= MIN_SENTENCE_WORDS
            and sig.stop_density >= STOPWORDS_LOW)


def _weight(a: Assessment, sig: Signals) -> float:
    if a.quality is Quality.GOOD:
        return sig.chars
    if a.quality is Quality.NEAR_GOOD:
        return NEAR_GOOD_SHARE * sig.chars
    if sig.chars < LENGTH_LOW:
        return SHORT_WEIGHT
    return -min(sig.chars, BAD_CAP)


def best_segment(weights: list[float], lo: int, hi: int) -> tuple[float, range]:
    """The run of ``weights[lo:hi]`` with the largest sum (Kadane), and that sum."""
    best, best_range, total, start = 0.0, range(lo, lo), 0.0, lo
    for i in range(lo, hi):
        if total <= 0:
            total, start = 0.0, i
        total += weights[i]
        if total > best:
            best, best_range = total, range(start, i + 1)
    return best, best_range


def list_items(assessed: list[Assessment], signals: list[Signals], furniture: set[int]) -> list[Assessment]:
    """Short blocks in a numbered list count as borderline prose, not as a menu: a list inside an article
    ("1. Finland", "2. Norway", ...) must not cut it in two, and is kept with it. ``furniture`` (the site's
    template, runs printed twice) stays as it was assessed."""
    return _as_borderline(assessed, signals, _numbered_items(signals) - furniture,
                          lambda i, a: f"item {signals[i].ordinal} of a numbered list")


def steps(assessed: list[Assessment], signals: list[Signals], furniture: set[int]) -> list[Assessment]:
    """A how-to's steps: headings of one word and a number counting up by one ("Step 1", "Step 2", ...),
    with a few blocks between each. The headings and the short blocks under them (instructions, captions
    of their photos, that alone read as menu lines) count as borderline prose, so that the steps join the
    article. (Only the headings and whole sentences: captions then weigh as a menu, and a how-to with
    instructions of one short sentence each is lost.)"""
    return _as_borderline(assessed, signals, _step_spans(signals) - furniture,
                          lambda i, a: f"{a.rule}, in a sequence of steps")


def _as_borderline(assessed: list[Assessment], signals: list[Signals], indices: set[int],
                   why: Callable[[int, Assessment], str]) -> list[Assessment]:
    """The blocks at ``indices`` that are not good already and are no interface phrase, as borderline prose
    (the rule from ``why``); the others as they were."""
    return [Assessment(Quality.NEAR_GOOD, why(i, a))
            if i in indices and a.quality is not Quality.GOOD and signals[i].interface is None else a
            for i, a in enumerate(assessed)]


def _step_spans(signals: list[Signals]) -> set[int]:
    """Blocks from the first step heading of a sequence of at least MIN_NUMBERED_RUN to MAX_STEP_GAP
    blocks past its last one (the last step's text)."""
    spans: set[int] = set()
    heads = [i for i, sig in enumerate(signals) if sig.step is not None]
    run: list[int] = []
    for i in [*heads, None]:
        if i is not None and run and 1 < i - run[-1] <= MAX_STEP_GAP + 1 and signals[i].step == (
                signals[run[-1]].step[0], signals[run[-1]].step[1] + 1):
            run.append(i)
            continue
        if len(run) >= MIN_NUMBERED_RUN:
            spans.update(range(run[0], min(run[-1] + MAX_STEP_GAP + 1, len(signals))))
        run = [i] if i is not None else []
    return spans


def _numbered_items(signals: list[Signals]) -> set[int]:
    """Blocks in runs of at least MIN_NUMBERED_RUN numbered items counting up by one ("1. Finland",
    "2. Norway", ...): a list, which menus seldom are."""
    items: set[int] = set()
    run: list[int] = []
    for i, sig in enumerate([*signals, None]):
        if sig is not None and sig.ordinal is not None and (
                not run or sig.ordinal == signals[run[-1]].ordinal + 1):
            run.append(i)
            continue
        if len(run) >= MIN_NUMBERED_RUN:
            items.update(run)
        run = [i] if sig is not None and sig.ordinal is not None else []
    return items


def body_regions(assessed: list[Assessment], signals: list[Signals],
                 deadline: Deadline = NO_DEADLINE) -> list[range]:
    """The main region first (the run of blocks with the largest weight), then the heaviest runs left of
    it and right of it, recursively, while they weigh at least ``SECONDARY_SHARE`` of the main one: an
    article cut in two by a table of contents, a code listing or an inline box."""
    weights = [_weight(a, sig) for a, sig in zip(assessed, signals)]
    best, main = best_segment(weights, 0, len(weights))
    if not main:
        return []
    regions, pending = [main], [(0, main.start), (main.stop, len(weights))]
    while pending:  # one pass over the page per region found: on a huge dump, thousands (bench/fuzz.py)
        deadline.check()
        lo, hi = pending.pop()
        total, found = best_segment(weights, lo, hi)
        if found and total >= SECONDARY_SHARE * best:
            regions.append(found)
            pending += [(lo, found.start), (found.stop, hi)]
    return regions
