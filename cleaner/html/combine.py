"""Merge the extractors' proposals block by block, with small named rules.

Each rule is a predicate over one block (its segment, its verdict, and what each extractor said).
The first rule that applies decides; the decision records the rule's name and a reason.
"""
from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from cleaner.deadline import NO_DEADLINE, Deadline
from cleaner.html.classify import LONG_PROSE_LENGTH, NOTICE_RULE, SHORT_LENGTH, SLIDESHOW_RULE, Verdict
from cleaner.html.decisions import OVERRIDING_LABELS, Decision, common_steps, feature_galleries, gallery_of, is_caption, within
from cleaner.html.extractors import Candidate
from cleaner.html.extractors.heuristic import LISTING_LABELS, find_listing, is_confident
from cleaner.options import Options
from cleaner.html.segment import Segment, ancestor_paths
from cleaner.html.refine import MIN_TEASER_CARDS, refine
from cleaner.types import BlockKind, Label

#: Prose score a block needs for our extractor alone to add it inside trafilatura's article span.
#: Balanced keeps blocks that read clearly as prose; recall and precision move it by RECALL_BIAS_STEP.
#: On the benchmark pages 0.55 rescued two more paragraphs than 0.6 and lost none; 0.5 lost 0.0002 on aeb-dev.
RESCUE_MIN_PROSE = 0.55
RECALL_BIAS_STEP = 0.15
#: When the combination keeps less than this share of what our extractor alone keeps, trafilatura has
#: picked the wrong part of the page (or little of it survived our vetoes): our extractor decides alone.
#: 0.3 keeps trafilatura's tighter selections (it is often right to keep less) while catching misses.
MIN_COMBINED_SHARE = 0.3
#: When the combination keeps this many times what our extractor keeps, and trafilatura's core lies at least
#: MIN_CORE_CLIMB levels above our container, trafilatura took the page rather than an article (teaser lists,
#: category menus: it happens on pages whose markup names nothing): our extractor decides alone. With 3 levels
#: the rule also took split articles from trafilatura (readability 0.965 -> 0.963); 5 leaves them, and lifts
#: aeb-dev without class names (bench/quality.py --strip-names) from 0.967 to 0.972.
MAX_COMBINED_EXCESS = 3.0
MIN_CORE_CLIMB = 5
#: A short link-dense block that trafilatura keeps but our extractor places outside the article is a
#: teaser or "see more" link. Longer linked blocks (a paragraph full of citations) stay with trafilatura.
MAX_LINKY_KEPT_LENGTH = 150
#: A page with no more visible text than this, where nothing else was found, is returned whole (see
#: ``keep_bare_page``): a few lines that no extractor could tell apart are more use than nothing.
#: About two short paragraphs; a real page with a menu and a footer holds more.
MAX_BARE_PAGE_CHARS = 500
#: How far apart (levels to the common ancestor) two containers may be to count as parts of one article.
#: Split articles put their parts in sibling or cousin wrappers; farther apart is another region.
MAX_PART_DISTANCE = 2
#: Share of trafilatura's kept text that its article container must hold. 0.8 leaves out a stray block
#: or two (a teaser repeating the lead) while keeping the container of a normally split article.
CORE_SHARE = 0.8
#: Kinds that read badly by prose signals but are article parts when they sit inside the article's span.
#: Data tables inside the article are kept; lists only as groups (keep_groups_whole); headings when they
#: introduce kept text; captions when ``include_captions`` is on (the Article Extraction Benchmark leaves them
#: out).
RESCUED_KINDS = frozenset({BlockKind.CODE, BlockKind.QUOTE, BlockKind.TABLE})
#: The rule of a block trafilatura keeps outside both extractors' articles, in a part of the page without
#: article prose (see ``_strays``): a headline above the article, a promo box, a row of teaser cards.
STRAY_RULE = "stray-outside-article"
#: The rule of a block only trafilatura keeps, below our container in another region (see ``drop_far_below``).
FAR_BELOW_RULE = "far-below-article"
#: The rule of a block trafilatura keeps outside our container right under a linked headline it leaves out,
#: in a list of MIN_TEASER_CARDS such cards or more (see ``_teaser_summaries``).
TEASER_SUMMARY_RULE = "teaser-summary"
#: A part of the page holds article prose when one of its blocks is this long and this prose-like. Chosen on
#: the benchmark pages: review summaries and second sections of split articles sit at 0.59-0.9 over 120
#: characters; a prose score of 0.7 lost one such section, 0.5 none, and no teaser card came back.
MIN_PART_PROSE_LENGTH = 100
MIN_PART_PROSE = 0.5
#: A paragraph under a heading this linked is a teaser's summary, not article prose (headlines of other
#: articles are links; the article's own section titles are not). As MIN_INLINE_LINK_DENSITY in refine.
MIN_TEASER_HEADLINE_LINK_DENSITY = 0.5
#: Rules whose verdicts outrank trafilatura keeping a block whatever their label: the site's own notices,
#: the slides of a numbered slideshow.
OVERRIDING_RULES = frozenset({NOTICE_RULE, SLIDESHOW_RULE})
#: A heading introduces the article's text when trafilatura keeps one of the next blocks.
HEADING_REACH = 2
#: Our container is the centre the strays are read around (see ``_strays``) only when it holds at least this
#: share of the page's prose: below it our extractor may have picked a side region (a comment thread). On the
#: benchmark pages without class names the containers this helped held 0.73-0.82; one that had taken the
#: comments held 0.0 (a language without stop words counts no prose); 0.5 lies between.
MIN_CENTRE_PROSE_SHARE = 0.5


def core_container(segments: Sequence[Segment], kept: frozenset[int]) -> str:
    """The deepest element holding CORE_SHARE of the kept text: where an extractor's article lies,
    ignoring a stray teaser that happens to repeat the lead."""
    totals: dict[str, int] = {}
    for i in kept:
        for path in ancestor_paths(segments[i].path):
            totals[path] = totals.get(path, 0) + segments[i].length
    if not totals:
        return ""
    need = CORE_SHARE * sum(segments[i].length for i in kept)
    return max((p for p, n in totals.items() if n >= need), key=lambda p: p.count("/"), default="")


def _close_relatives(first: str, second: str) -> bool:
    """Two distinct element paths whose common ancestor is at most MAX_PART_DISTANCE levels above each."""
    if not first or not second or within(first, second) or within(second, first):
        return False
    common = common_steps(first, second)
    return first.count("/") + 1 - common <= MAX_PART_DISTANCE and second.count("/") + 1 - common <= MAX_PART_DISTANCE \
        and common > 3


def decide(segments: Sequence[Segment], verdicts: Sequence[Verdict], heuristic: Candidate,
           trafilatura: Candidate, options: Options, title: str | None,
           deadline: Deadline = NO_DEADLINE) -> list[Decision]:
    """Keep or remove each block. When trafilatura's selection, after our vetoes, keeps far less than our
    own extractor (it picked the reviews, or a teaser), or took the whole page (see ``_took_the_page``),
    our extractor decides alone."""
    core = core_container(segments, trafilatura.kept)
    decisions = _decide(segments, verdicts, heuristic, trafilatura, core, options, title, deadline)
    kept_chars = sum(segments[d.index].length for d in decisions if d.keep)
    ours_chars = sum(segments[i].length for i in heuristic.kept)
    if trafilatura.available and (kept_chars < MIN_COMBINED_SHARE * ours_chars
                                  or _took_the_page(heuristic, core, kept_chars, ours_chars)):
        fallback = Candidate("trafilatura", frozenset(), available=False)
        decisions = _decide(segments, verdicts, heuristic, fallback, "", options, title, deadline)
    elif trafilatura.available:
        decisions = drop_far_below(segments, decisions, heuristic, core)
    if not any(d.keep for d in decisions):
        decisions = keep_listing(segments, verdicts, decisions)
    if not any(d.keep for d in decisions):
        decisions = keep_bare_page(segments, verdicts, decisions)
    return decisions


def drop_far_below(segments: Sequence[Segment], decisions: list[Decision], heuristic: Candidate,
                   core: str) -> list[Decision]:
    """Blocks that only trafilatura keeps, below our container and in another region of the page (their common
    ancestor with it at least MIN_CORE_CLIMB levels up: a dialog's text at the end of the body, the footer's
    blurb), are not the article, prose or not, when our container is where the article lies (see ``_centre``).
    Applied after the fallback check, which weighs what the combination keeps against our extractor.
    ``core``: trafilatura's article core (see ``core_container``)."""
    container = heuristic.container
    if not container or _centre(heuristic, core) != container:
        return decisions
    last = max(s.index for s in segments if within(s.path, container))
    depth = container.count("/") + 1
    result = list(decisions)
    for decision in decisions:
        i = decision.index
        if decision.keep and decision.rule == "trafilatura" and i > last \
                and depth - common_steps(segments[i].path, container) >= MIN_CORE_CLIMB:
            result[i] = Decision(i, False, Label.OTHER, FAR_BELOW_RULE,
                                 "trafilatura kept it far below our article container, in another region of the page")
    return result


def _took_the_page(heuristic: Candidate, core: str, kept_chars: int, ours_chars: int) -> bool:
    """trafilatura kept the page rather than an article: its core sits far above our container and the
    combination holds several times the text our extractor keeps (teaser lists, menus of categories)."""
    if not heuristic.container or kept_chars < MAX_COMBINED_EXCESS * ours_chars:
        return False
    return within(heuristic.container, core) and \
        heuristic.container.count("/") - core.count("/") >= MIN_CORE_CLIMB


def keep_bare_page(segments: Sequence[Segment], verdicts: Sequence[Verdict],
                   decisions: list[Decision]) -> list[Decision]:
    """A page with only a few lines of text and neither article nor listing (a note, a bare test page)
    returns those lines, as Readability returns such a body, rather than nothing. Blocks that markup or
    wording named outright (a menu, a cookie banner) stay out."""
    visible = [s for s in segments if not s.hidden]
    if not visible or sum(s.length for s in visible) > MAX_BARE_PAGE_CHARS:
        return decisions
    result = list(decisions)
    for segment in visible:
        if not verdicts[segment.index].strong:
            result[segment.index] = Decision(segment.index, True, None, "bare-page",
                                             "the page holds only a few lines of text; all of them are returned")
    return result


def keep_listing(segments: Sequence[Segment], verdicts: Sequence[Verdict], decisions: list[Decision]) -> list[Decision]:
    """A page with no article (a home page, a section front) returns its main listing: the element
    holding most of the teaser text, with its headlines and summaries, rather than nothing."""
    container = find_listing(segments, verdicts)
    if not container:
        return decisions
    result = list(decisions)
    for segment, verdict in zip(segments, verdicts):
        if within(segment.path, container) and not segment.hidden and verdict.label in LISTING_LABELS:
            result[segment.index] = Decision(segment.index, True, None, "listing",
                                             "the page has no article; its main listing is returned")
    return result


def _decide(segments: Sequence[Segment], verdicts: Sequence[Verdict], heuristic: Candidate,
            trafilatura: Candidate, core: str, options: Options, title: str | None,
            deadline: Deadline = NO_DEADLINE) -> list[Decision]:
    """The block-by-block rules; ``core`` is trafilatura's article core (see ``core_container``)."""
    use_trafilatura = trafilatura.available and bool(trafilatura.kept)
    rescue_prose = RESCUE_MIN_PROSE - RECALL_BIAS_STEP * options.recall_bias
    # Our container may hold a part of the article that trafilatura missed (an article split in two by an
    # ad slot): when both containers sit close together under one element, prose from ours is added.
    second_part = heuristic.core if _close_relatives(core, heuristic.core) else ""
    centre = _centre(heuristic, core)
    strays = _strays(segments, verdicts, heuristic, trafilatura, centre) if use_trafilatura else set()
    teasers = _teaser_summaries(segments, heuristic, trafilatura) if use_trafilatura else set()

    @cache  # found at the first caption: most pages have none
    def galleries() -> frozenset[str]:
        return feature_galleries(segments)

    # ``recall`` asks trafilatura even when our container holds the page's prose: what it adds is taken,
    # but what it leaves out of our confident container is not lost.
    confident_union = options.recall_bias > 0 and is_confident(heuristic)

    def caption_rule(segment: Segment) -> str | None:
        """The rule removing a caption the extractors keep, or None when it stays: the article's own
        captions stay unless ``include_captions`` is off, a feature gallery's never."""
        if gallery_of(segment) in galleries():
            return "gallery"
        return None if options.include_captions else "caption"

    decisions: list[Decision] = []
    for segment, verdict in zip(segments, verdicts):
        deadline.check()
        i = segment.index
        by_traf, by_ours = i in trafilatura.kept, i in heuristic.kept
        label = verdict.label
        if label is Label.COMMENTS and options.include_comments:
            # Reader comments were asked for: trafilatura returns them apart from the text and our
            # extractor leaves them out of its container, so they are kept here.
            decisions.append(Decision(i, not segment.hidden, None if not segment.hidden else label,
                                      "comments-included", verdict.reason))
            continue
        overriding = verdict.strong and (label in OVERRIDING_LABELS or verdict.rule in OVERRIDING_RULES) and not (
            segment.length >= LONG_PROSE_LENGTH and verdict.prose > 0.6 and label is Label.RELATED)
        if segment.hidden:
            keep, rule = False, verdict.rule
        elif not use_trafilatura:
            removing = caption_rule(segment) if by_ours and is_caption(segment) else None
            keep = by_ours and removing is None
            rule = "heuristic" if keep else (verdict.rule if label else removing or "outside-article")
        elif by_traf and overriding:
            keep, rule = False, verdict.rule
        elif by_traf and label is not None and verdict.rule == "link-density" and not within(segment.path, core) \
                and segment.length < MAX_LINKY_KEPT_LENGTH:
            keep, rule = False, "linky-outside-article"
        elif i in strays:
            keep, rule = False, STRAY_RULE
        elif i in teasers:
            keep, rule = False, TEASER_SUMMARY_RULE
        elif by_traf and is_caption(segment) and (removing := caption_rule(segment)):
            keep, rule = False, removing
        elif by_traf:
            keep, rule = True, "trafilatura"
        elif by_ours and within(segment.path, core) and label is None and not is_caption(segment) and (
                verdict.prose >= rescue_prose or segment.kind in RESCUED_KINDS
                or segment.kind is BlockKind.HEADING and _introduces(i, trafilatura.kept)
                # between two blocks trafilatura keeps, whatever its prose score: a list run into one
                # paragraph ("1. Finland 2. Norway ...") reads badly but is article
                or segment.length >= SHORT_LENGTH and i - 1 in trafilatura.kept and i + 1 in trafilatura.kept):
            keep, rule = True, "heuristic-rescue"
        elif by_ours and within(segment.path, core) and label is None and is_caption(segment) \
                and caption_rule(segment) is None:
            keep, rule = True, "caption"
        elif by_ours and within(segment.path, second_part) and label is None and verdict.prose >= rescue_prose:
            keep, rule = True, "second-part"
        elif by_ours and confident_union and label is None and not is_caption(segment):
            keep, rule = True, "heuristic-confident"
        else:
            keep, rule = False, verdict.rule if label else "outside-article"
        if keep:
            decisions.append(Decision(i, True, None, rule, verdict.reason))
        elif label is not None:
            decisions.append(Decision(i, False, label, rule, verdict.reason))
        elif verdict.hint is not None:
            decisions.append(Decision(i, False, verdict.hint, "markup", verdict.reason))
        elif rule in CAPTION_RULES:
            decisions.append(Decision(i, False, Label.OTHER, rule, CAPTION_RULES[rule]))
        elif rule == TEASER_SUMMARY_RULE:
            decisions.append(Decision(i, False, Label.RELATED, rule, "the summary under a linked headline outside "
                                      f"our article container, which neither extractor keeps ({verdict.reason})"))
        elif rule == STRAY_RULE:
            decisions.append(Decision(i, False, Label.OTHER, rule, "trafilatura kept it, but it lies outside both "
                                      f"extractors' article containers ({verdict.reason})"))
        else:
            where = "trafilatura and our extractor both left it out" if use_trafilatura else "outside the article container"
            decisions.append(Decision(i, False, Label.OTHER, "outside-article", f"{where} ({verdict.reason})"))
    return refine(segments, verdicts, decisions, core, options, title)


#: Why a caption the extractors keep is removed, by rule.
CAPTION_RULES = {"caption": "a caption or photo credit (include_captions is off)",
                 "gallery": "in a slideshow of many pictures: a feature of its own, not the article's pictures"}


def _centre(heuristic: Candidate, core: str) -> str:
    """Where the article lies for the stray rule, which judges what trafilatura keeps around it: trafilatura's
    core, or our container when that core holds it (trafilatura took the article with its teasers, or the
    whole page) and ours holds at least MIN_CENTRE_PROSE_SHARE of the page's prose."""
    inside = heuristic.container != core and within(heuristic.container, core)
    return heuristic.container if inside and heuristic.prose_share >= MIN_CENTRE_PROSE_SHARE else core


def _strays(segments: Sequence[Segment], verdicts: Sequence[Verdict], heuristic: Candidate, trafilatura: Candidate,
            centre: str) -> set[int]:
    """Blocks trafilatura keeps outside its own article core and outside our container, in a part of the page
    (the element beside the core holding them) with no article prose: a headline above the article, a promo
    box, a row of teaser cards. A part holding prose is another section of the article and stays. The parts
    are read around ``centre`` (see ``_centre``): trafilatura's core, or our container inside it."""
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


def _teaser_summaries(segments: Sequence[Segment], heuristic: Candidate, trafilatura: Candidate) -> set[int]:
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


def _introduces(index: int, kept: frozenset[int]) -> bool:
    return any(index + step in kept for step in range(1, HEADING_REACH + 1))
