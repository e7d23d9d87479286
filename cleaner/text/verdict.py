"""A verdict for every block of scraped text: kept (with its kind) or removed (with label, rule, reason).

Rules, in the order they win: a site template, a repeated copy, an interface phrase, the position
outside the article's body, a block inside the body that reads as boilerplate (unless it is a whole
sentence of prose: a short paragraph), a list of teasers for other stories that ends the body, and a
block at the body's edge whose vocabulary strays from the article (a sponsor's or partner's blurb).
"""
from __future__ import annotations

from dataclasses import dataclass

from cleaner.deadline import NO_DEADLINE, Deadline
from cleaner.lexicon import WORD_RE, stopwords
from cleaner.text.classify import Assessment, is_sentence, Quality, body_regions, context_free, list_items, revise, steps
from cleaner.templates import TemplateMatch, Templates
from cleaner.text.segment import TextBlock, ends_sentence
from cleaner.text.signals import Signals, block_signals
from cleaner.text.repeat import repeated_runs
from cleaner.text.topic import overlap, stray_edges, teaser_tail, total_counts
from cleaner.text.kind import KindEvidence, PageKind, detect_kind
from cleaner.text.span import body_span
from cleaner.text.cards import card_runs
from cleaner.types import BlockKind, Label

#: A headline has at least this many and at most this many words.
TITLE_MIN_WORDS, TITLE_MAX_WORDS = 2, 30
#: The headline is looked for among this many blocks before the body.
TITLE_REACH = 4
#: Share of a headline's content words that must occur in the body (it names the article's subject).
TITLE_MIN_OVERLAP = 0.3
#: A secondary region is kept when this share of its content terms occur in the main region.
MIN_SECONDARY_OVERLAP = 0.3
#: Interface phrases that open the sections after an article (comments, related stories, newsletter).
SECTION_ENDS = frozenset({Label.COMMENTS, Label.RELATED, Label.COOKIE_NOTICE})
#: Such a heading ends the body only past this share of the body's blocks (earlier, it is a sidebar's).
SECTION_END_START = 0.5
#: A comments heading in the first half of the body ends it after this many characters of good prose (three
#: or four paragraphs): 300-1000 gave the same pages on the dev set (5 up, none down), 1600 lost two.
MIN_STORY_CHARS = 800
#: A related-stories box inside an article lists at most this many links before the article goes on: one to
#: three in the news pages of the dev set; the lists that end an article run longer.
INLINE_BOX_BLOCKS = 3
#: A page of at most this many blocks with no clear body keeps what it has (test pages, stubs).
SMALL_PAGE_BLOCKS = 12
#: Blocks in a row shorter than this many words make a menu or link list before or after the body.
MENU_ITEM_WORDS = 4


def _under_related(page: "_Page", i: int) -> bool:
    """Whether the block follows a related-stories heading: the title of a linked story, not the article's."""
    return i > 0 and page.signals[i - 1].interface is Label.RELATED


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
    first_prose = next((i for i in region if signals[i].prose and signals[i].ends_sentence), region.start)
    for i in range(first_prose - 1, max(-1, first_prose - 1 - TITLE_REACH * 3), -1):
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


def _duplicates(blocks: tuple[TextBlock, ...], kept: set[int]) -> dict[int, int]:
    """index of a repeated block outside ``kept`` -> index of its kept copy, or of its first other copy.

    Repeats inside ``kept`` stay, as the author wrote them; a headline printed again above the article,
    or a list of teasers shown twice around it, goes.
    """
    copies: dict[str, list[int]] = {}
    for block in blocks:
        key = _normalized(block.text)
        if key:
            copies.setdefault(key, []).append(block.index)
    result = {}
    for indexes in copies.values():
        if len(indexes) < 2:
            continue
        inside = [i for i in indexes if i in kept]
        if inside and not ends_sentence(blocks[inside[0]].text):
            inside = inside[-1:]  # a heading printed twice is kept once, next to what it heads
        twin = inside[-1] if inside else indexes[0]
        result.update({i: twin for i in indexes if i not in inside and i != twin})
    return result


def _outside_label(page: "_Page", i: int) -> Label:
    """Before the body: a run of short lines is a menu, the rest is the page's header. After: footer."""
    def short(j: int) -> bool:
        return 0 <= j < len(page.blocks) and page.signals[j].words <= MENU_ITEM_WORDS

    adjacent_short = (page.blocks[i].gap_before == 0 and short(i - 1)) or (
        i + 1 < len(page.blocks) and page.blocks[i + 1].gap_before == 0 and short(i + 1))
    if short(i) and adjacent_short:
        return Label.NAVIGATION
    return Label.HEADER if i < page.region.start else Label.FOOTER


def _cut_at_section_end(blocks: tuple[TextBlock, ...], region: range, signals: list[Signals],
                        assessed: list[Assessment]) -> range:
    """The body ends where, past its first half, a heading announces comments or related stories (such a
    heading in the first half is a sidebar's, not the end of the article), or earlier where a comments
    heading follows an article of its own (a long thread after a short story). A related-stories box inside
    the article (its heading, a link or two, then the article's prose again) does not end it."""
    half = region.start + int(len(region) * SECTION_END_START)
    for i in region:
        if signals[i].interface not in SECTION_ENDS or _inline_box(i, region, signals, assessed):
            continue
        if i >= half or _thread_heading(blocks[i].text, signals[i], sum(
                signals[j].chars for j in range(region.start, i) if assessed[j].quality is Quality.GOOD)):
            return range(region.start, i)
    return region


def _thread_heading(text: str, sig: Signals, prose_before: int) -> bool:
    """A heading of the comments ("Top Rated Comments", "Reader comments") after MIN_STORY_CHARS of good
    prose. Not a sentence ("No reply." in a story's dialogue) and no count: "Comments (5 posted)" is the
    link under each story of a page of several."""
    return (sig.interface is Label.COMMENTS and not sig.full_stop and not any(c.isdigit() for c in text)
            and prose_before >= MIN_STORY_CHARS)


def _inline_box(i: int, region: range, signals: list[Signals], assessed: list[Assessment]) -> bool:
    """Whether the related-stories heading at ``i`` opens a box of one to INLINE_BOX_BLOCKS links (short
    lines, not prose) that the article's prose (a good block) follows. Teasers that read as prose right under
    the heading are a list of stories, not a box. (Near-good blocks as the prose that follows: F1 -0.001,
    three pages whose lists of stories read as short prose lost 0.08-0.10.)"""
    if signals[i].interface is not Label.RELATED:
        return False
    after = range(i + 1, min(i + 2 + INLINE_BOX_BLOCKS, region.stop))
    prose = next((j for j in after if assessed[j].quality is Quality.GOOD and signals[j].interface is None), None)
    return prose is not None and prose > i + 1


def _related_regions(blocks: tuple[TextBlock, ...], others: list[range], region: range, strays: dict[int, str],
                     stop: frozenset[str], deadline: Deadline = NO_DEADLINE) -> set[int]:
    """Blocks of secondary regions that share the main region's topic (the rest of a cut article)."""
    anchor = total_counts((blocks[i].text for i in deadline.watch(region) if i not in strays), stop)
    keep: set[int] = set()
    for other in deadline.watch(others):
        terms = total_counts((blocks[i].text for i in other), stop)
        if overlap(terms, anchor) >= MIN_SECONDARY_OVERLAP:
            keep.update(other)
    return keep


@dataclass(frozen=True)
class _Page:
    """Everything the per-block rules look at."""

    blocks: tuple[TextBlock, ...]
    signals: list[Signals]
    assessed: list[Assessment]
    region: range  # the main region of the body
    body: frozenset[int]  # the main region and the secondary regions on the same topic
    title: int | None
    duplicates: dict[int, int]
    strays: dict[int, str]
    matches: dict[int, TemplateMatch]
    site: str
    runs: dict[int, int]  # blocks of a run printed twice -> the same block in the other copy
    teasers: dict[int, str]  # blocks of a list of other stories after the article -> reason
    cards: frozenset[int] = frozenset()  # blocks in runs of cards (text.cards)


def _template_matches(blocks: tuple[TextBlock, ...], templates: Templates | None, site: str) -> dict[int, TemplateMatch]:
    if templates is None:
        return {}
    found = {b.index: templates.match(site, b.text) for b in blocks}
    return {i: m for i, m in found.items() if m is not None}


def _assess(signals: list[Signals], furniture: set[int], *, has_stoplist: bool,
            deadline: Deadline = NO_DEADLINE) -> tuple[list[Assessment], list[range]]:
    """The quality of every block and the body's regions (main one first). ``furniture``: blocks known
    to be the site's or the page's (templates, runs printed twice), bad whatever they read like."""
    assessed = revise([Assessment(Quality.BAD, "site or page furniture") if i in furniture else
                       context_free(s, has_stoplist=has_stoplist) for i, s in enumerate(signals)])
    deadline.check()
    assessed = steps(list_items(assessed, signals, furniture), signals, furniture)
    regions = body_regions(assessed, signals, deadline)
    if regions or len(signals) > SMALL_PAGE_BLOCKS:
        return assessed, regions
    # Nothing reads as an article: on a tiny page what is there is the content; the first line of a
    # dump is the page's title.
    small = [a if sig.interface or i in furniture else Assessment(Quality.GOOD, f"{a.rule}, but the page is small")
             for i, (a, sig) in enumerate(zip(assessed, signals))]
    return small, [range(1 if len(signals) > 1 else 0, len(signals))]


@dataclass(frozen=True)
class Decided:
    """The verdicts on a page's blocks, and the kind of page that steered them."""

    verdicts: tuple[Verdict, ...]
    kind: KindEvidence


def decide(blocks: tuple[TextBlock, ...], *, language: str | None, url: str | None = None,
           templates: Templates | None = None, deadline: Deadline = NO_DEADLINE) -> Decided:
    stop = stopwords(language)
    signals = [block_signals(b, language) for b in deadline.watch(blocks)]
    site = templates.site_key(url or "") if templates is not None else ""
    matches = _template_matches(blocks, templates, site)
    runs = repeated_runs(blocks)
    deadline.check()
    assessed, regions = _assess(signals, matches.keys() | runs.keys(), has_stoplist=language is not None,
                                deadline=deadline)
    deadline.check()
    card_blocks = card_runs(blocks, signals)
    deadline.check()
    kind = detect_kind(blocks, signals, assessed, regions, card_blocks)
    deadline.check()
    spread = (_span_verdicts(blocks, signals, matches, site, kind, stop, card_blocks,
                             has_stoplist=language is not None, deadline=deadline)
              if kind.kind is not PageKind.ARTICLE else None)
    if spread is not None:
        return Decided(spread, kind)
    region = _cut_at_section_end(blocks, regions[0], signals, assessed) if regions else range(0)
    teasers = teaser_tail(blocks, assessed, region, stop)
    deadline.check()
    # The sponsor rule reads the body above the teasers; both leave the body.
    strays = {**stray_edges(blocks, assessed, range(region.start, min(teasers, default=region.stop)), stop),
              **teasers}
    deadline.check()
    body = (set(region) | _related_regions(blocks, regions[1:], region, strays, stop, deadline)) - set(strays)
    body_words = set().union(*(_content_words(blocks[i].text, stop) for i in body))
    title = _title_index(blocks, signals, region, body_words, stop) if region else None
    kept = {i for i in region if i not in strays and assessed[i].quality is not Quality.BAD}
    kept |= {title} if title is not None else set()
    page = _Page(blocks, signals, assessed, region, frozenset(body), title, _duplicates(blocks, kept), strays,
                 matches, site, runs, teasers, card_blocks)
    deadline.check()
    return Decided(tuple(_verdict(page, b) for b in deadline.watch(blocks)), kind)


def _span_verdicts(blocks: tuple[TextBlock, ...], signals: list[Signals], matches: dict[int, TemplateMatch],
                   site: str, kind: KindEvidence, stop: frozenset[str], card_blocks: frozenset[int], *,
                   has_stoplist: bool, deadline: Deadline = NO_DEADLINE) -> tuple[Verdict, ...] | None:
    """Verdicts on a page that is not one article: its body is the span of ``text.span``, where short lines
    are content; menus and interface phrases go wherever they are, and so does every later copy of a text
    with a word in it (what the page prints twice, for its desktop and its mobile layout). The site's
    template goes. None when no span outweighs its surroundings (a page of a few short lines): the
    article's rules then decide."""
    assessed = revise([Assessment(Quality.BAD, "site furniture") if i in matches else
                       context_free(s, has_stoplist=has_stoplist) for i, s in enumerate(signals)])
    deadline.check()
    span = body_span(blocks, signals, assessed, cards=kind.cards, stop=stop, card_blocks=card_blocks,
                     deadline=deadline)
    deadline.check()
    if not span.region:
        return None
    title = next((i for i in span.region if i not in span.menus and signals[i].interface is None
                  and i not in matches), None)
    verdicts = []
    # A text kept once is not kept again: a menu or a block of the body the page prints twice (desktop and
    # mobile layouts; tune 0.7951 -> 0.8031, check 0.7876 -> 0.7967). Lines of no word ("}", "|") repeat freely.
    seen: dict[str, int] = {}  # kept texts -> the block that has them
    for block, sig in zip(blocks, signals):
        i, match = block.index, matches.get(block.index)
        if match is not None:
            verdicts.append(Verdict(block, BlockKind.PARAGRAPH, match.label, "template",
                                    f"template: seen on {match.pages_seen} of {match.site_pages} pages of {site}"))
        elif sig.interface is not None:
            verdicts.append(Verdict(block, BlockKind.PARAGRAPH, sig.interface, "interface-phrase",
                                    f"interface phrase {sig.phrase!r}"))
        elif i in span.menus:
            verdicts.append(Verdict(block, BlockKind.PARAGRAPH, Label.NAVIGATION, "menu-run",
                                    "one of a run of short lines without a digit: a menu"))
        elif i not in span.region:
            where = "before" if i < span.region.start else "after"
            verdicts.append(Verdict(block, BlockKind.PARAGRAPH, Label.HEADER if where == "before" else Label.FOOTER,
                                    "outside-body", f"{where} the body of a {kind.kind.value} page ({kind.reason})"))
        elif _normalized(block.text) in seen:
            verdicts.append(Verdict(block, BlockKind.PARAGRAPH, Label.DUPLICATE, "repeated",
                                    f"repeated: the same text as {blocks[seen[_normalized(block.text)]].path}"))
        else:
            if sig.words:
                seen.setdefault(_normalized(block.text), i)
            heading = not sig.ends_sentence and sig.words <= TITLE_MAX_WORDS
            verdicts.append(Verdict(block, BlockKind.HEADING if heading else BlockKind.PARAGRAPH, None, "body",
                                    f"in the body of a {kind.kind.value} page", title=i == title and heading))
    return tuple(verdicts)


def _verdict(page: _Page, block: TextBlock) -> Verdict:
    i, sig, assessment = block.index, page.signals[block.index], page.assessed[block.index]
    match = page.matches.get(i)
    if match is not None:
        return Verdict(block, BlockKind.PARAGRAPH, match.label, "template",
                       f"template: seen on {match.pages_seen} of {match.site_pages} pages of {page.site}")
    if i in page.runs:
        return Verdict(block, BlockKind.PARAGRAPH, Label.DUPLICATE, "repeated-run",
                       f"repeated: part of a run of blocks printed again at {page.blocks[page.runs[i]].path}")
    if i in page.duplicates:
        return Verdict(block, BlockKind.PARAGRAPH, Label.DUPLICATE, "repeated",
                       f"repeated: the same text as {page.blocks[page.duplicates[i]].path}")
    if sig.interface is not None:
        return Verdict(block, BlockKind.PARAGRAPH, sig.interface, "interface-phrase",
                       f"interface phrase {sig.phrase!r}")
    if i == page.title:
        return Verdict(block, BlockKind.HEADING, None, "title", "headline before the body", title=True)
    if i in page.teasers:
        return Verdict(block, BlockKind.PARAGRAPH, Label.RELATED, "teaser-run", page.teasers[i])
    if i in page.strays:
        return Verdict(block, BlockKind.PARAGRAPH, Label.SPONSOR, "off-topic-edge", page.strays[i])
    if i not in page.body:
        where = "before" if i < page.region.start else "after" if i >= page.region.stop else "beside"
        return Verdict(block, BlockKind.PARAGRAPH, _outside_label(page, i), "outside-body",
                       f"{where} the article's body ({assessment.rule})")
    rescued = (is_sentence(sig) and not _under_related(page, i)) or i in page.cards
    if assessment.quality is Quality.BAD and not rescued:
        return Verdict(block, BlockKind.PARAGRAPH, Label.OTHER, "bad-in-body", assessment.rule)
    if assessment.quality is Quality.BAD and i in page.cards:
        return Verdict(block, BlockKind.PARAGRAPH, None, "card-in-body",
                       f"part of a run of cards inside the body ({assessment.rule})")
    if assessment.quality is Quality.BAD:
        return Verdict(block, BlockKind.PARAGRAPH, None, "sentence-in-body",
                       f"a whole sentence inside the body ({assessment.rule})")
    kind = BlockKind.PARAGRAPH if sig.ends_sentence or sig.words > TITLE_MAX_WORDS else BlockKind.HEADING
    return Verdict(block, kind, None, "body", assessment.rule)
