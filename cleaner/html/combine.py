"""Merge the extractors' proposals block by block, with small named rules.

Each rule is a predicate over one block (its segment, its verdict, and what each extractor said).
The first rule that applies decides; the decision records the rule's name and a reason.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from cleaner.deadline import NO_DEADLINE, Deadline
from cleaner.html.classify import LONG_PROSE_LENGTH, NOTICE_RULE, SHORT_LENGTH, SLIDESHOW_RULE, Verdict
from cleaner.html.decisions import OVERRIDING_LABELS, Decision, common_steps, feature_galleries, gallery_of, is_caption, within
from cleaner.html.ancestry import totals_up_the_tree
from cleaner.html.extractors.candidate import Candidate
from cleaner.html.extractors.heuristic import LISTING_LABELS, find_listing, is_confident
from cleaner.options import Options
from cleaner.html.segment import Segment
from cleaner.html.refine import refine
from cleaner.html.strays import HEADING_REACH, strays, teaser_summaries
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
#: article prose (see ``strays.strays``): a headline above the article, a promo box, a row of teaser cards.
STRAY_RULE = "stray-outside-article"
#: The rule of a block only trafilatura keeps, below our container in another region (see ``drop_far_below``).
FAR_BELOW_RULE = "far-below-article"
#: The rule of a block trafilatura keeps outside our container right under a linked headline it leaves out,
#: in a list of MIN_TEASER_CARDS such cards or more (see ``strays.teaser_summaries``).
TEASER_SUMMARY_RULE = "teaser-summary"
#: Rules whose verdicts outrank trafilatura keeping a block whatever their label: the site's own notices,
#: the slides of a numbered slideshow.
OVERRIDING_RULES = frozenset({NOTICE_RULE, SLIDESHOW_RULE})
#: Our container is the centre the strays are read around (see ``strays.strays``) only when it holds at least
#: this share of the page's prose: below it our extractor may have picked a side region (a comment thread). On the
#: benchmark pages without class names the containers this helped held 0.73-0.82; one that had taken the
#: comments held 0.0 (a language without stop words counts no prose); 0.5 lies between.
MIN_CENTRE_PROSE_SHARE = 0.5


def core_container(segments: Sequence[Segment], kept: frozenset[int]) -> str:
    """The deepest element holding CORE_SHARE of the kept text: where an extractor's article lies,
    ignoring a stray teaser that happens to repeat the lead."""
    totals = _ancestor_totals(segments, kept)
    if not totals:
        return ""
    need = CORE_SHARE * sum(segments[i].length for i in kept)
    return max((p for p, n in totals.items() if n >= need), key=lambda p: p.count("/"), default="")


def _ancestor_totals(segments: Sequence[Segment], kept: frozenset[int]) -> dict[str, int]:
    """Characters of kept text under each ancestor element of a kept block (each counts at its parent first)."""
    at_parents: dict[str, int] = {}
    for i in kept:
        path = segments[i].path
        parent = path[:path.rfind("/")]
        if parent.count("/") >= 1:
            at_parents[parent] = at_parents.get(parent, 0) + segments[i].length
    return totals_up_the_tree(at_parents)


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
    combination holds several times the text our extractor keeps (teaser lists, menus of categories). Not
    when our container holds less than MIN_CENTRE_PROSE_SHARE of the page's prose: then it is one part among
    several (a post of a thread), or the page has no prose (a listing), and it is no better an article than
    what trafilatura took."""
    if not heuristic.container or kept_chars < MAX_COMBINED_EXCESS * ours_chars \
            or heuristic.prose_share < MIN_CENTRE_PROSE_SHARE:
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
    page = _page_facts(segments, verdicts, heuristic, trafilatura, core, options)
    decisions = [_decide_block(page, segment, verdict)
                 for segment, verdict in deadline.watch(zip(segments, verdicts))]
    return refine(segments, verdicts, decisions, core, options, title)


@dataclass(frozen=True)
class _PageFacts:
    """What the block rules know of the whole page, found once before the blocks are read."""

    segments: Sequence[Segment]
    heuristic: Candidate
    trafilatura: Candidate
    core: str
    options: Options
    use_trafilatura: bool
    rescue_prose: float
    second_part: str
    strays: set[int]
    teasers: set[int]
    confident_union: bool

    @cached_property  # found at the first caption: most pages have none
    def galleries(self) -> frozenset[str]:
        return feature_galleries(self.segments)

    def caption_rule(self, segment: Segment) -> str | None:
        """The rule removing a caption the extractors keep, or None when it stays: the article's own
        captions stay unless ``include_captions`` is off, a feature gallery's never."""
        if gallery_of(segment) in self.galleries:
            return "gallery"
        return None if self.options.include_captions else "caption"


def _page_facts(segments: Sequence[Segment], verdicts: Sequence[Verdict], heuristic: Candidate,
                trafilatura: Candidate, core: str, options: Options) -> _PageFacts:
    use_trafilatura = trafilatura.available and bool(trafilatura.kept)
    centre = _centre(heuristic, core)
    return _PageFacts(
        segments, heuristic, trafilatura, core, options, use_trafilatura,
        rescue_prose=RESCUE_MIN_PROSE - RECALL_BIAS_STEP * options.recall_bias,
        # Our container may hold a part of the article that trafilatura missed (an article split in two by
        # an ad slot): when both containers sit close together under one element, prose from ours is added.
        second_part=heuristic.core if _close_relatives(core, heuristic.core) else "",
        strays=strays(segments, verdicts, heuristic, trafilatura, centre) if use_trafilatura else set(),
        teasers=teaser_summaries(segments, heuristic, trafilatura) if use_trafilatura else set(),
        # ``recall`` asks trafilatura even when our container holds the page's prose: what it adds is taken,
        # but what it leaves out of our confident container is not lost.
        confident_union=options.recall_bias > 0 and is_confident(heuristic))


def _decide_block(page: _PageFacts, segment: Segment, verdict: Verdict) -> Decision:
    if verdict.label is Label.COMMENTS and page.options.include_comments:
        # Reader comments were asked for: trafilatura returns them apart from the text and our
        # extractor leaves them out of its container, so they are kept here.
        return Decision(segment.index, not segment.hidden, None if not segment.hidden else verdict.label,
                        "comments-included", verdict.reason)
    keep, rule = _keep_or_remove(page, segment, verdict)
    return _decision(page, segment, verdict, keep, rule)


def _keep_or_remove(page: _PageFacts, segment: Segment, verdict: Verdict) -> tuple[bool, str]:
    """Whether the block is kept, and the rule that says so: the first rule that applies."""
    i, label = segment.index, verdict.label
    by_traf, by_ours = i in page.trafilatura.kept, i in page.heuristic.kept
    if segment.hidden:
        return False, verdict.rule
    if not page.use_trafilatura:
        removing = page.caption_rule(segment) if by_ours and is_caption(segment) else None
        keep = by_ours and removing is None
        return keep, "heuristic" if keep else (verdict.rule if label else removing or "outside-article")
    if by_traf and _overriding(segment, verdict):
        return False, verdict.rule
    if by_traf and label is not None and verdict.rule == "link-density" and not within(segment.path, page.core) \
            and segment.length < MAX_LINKY_KEPT_LENGTH:
        return False, "linky-outside-article"
    if i in page.strays:
        return False, STRAY_RULE
    if i in page.teasers:
        return False, TEASER_SUMMARY_RULE
    if by_traf and is_caption(segment) and (removing := page.caption_rule(segment)):
        return False, removing
    if by_traf:
        return True, "trafilatura"
    rescued = _rescue_rule(page, segment, verdict) if by_ours and label is None else None
    if rescued:
        return True, rescued
    return False, verdict.rule if label else "outside-article"


def _overriding(segment: Segment, verdict: Verdict) -> bool:
    """A verdict strong enough to remove a block trafilatura keeps (long prose named only as related stays)."""
    return verdict.strong and (verdict.label in OVERRIDING_LABELS or verdict.rule in OVERRIDING_RULES) and not (
        segment.length >= LONG_PROSE_LENGTH and verdict.prose > 0.6 and verdict.label is Label.RELATED)


def _rescue_rule(page: _PageFacts, segment: Segment, verdict: Verdict) -> str | None:
    """The rule keeping an unlabelled block that only our extractor keeps, or None."""
    i, kept = segment.index, page.trafilatura.kept
    in_core = within(segment.path, page.core)
    if in_core and not is_caption(segment) and (
            verdict.prose >= page.rescue_prose or segment.kind in RESCUED_KINDS
            or segment.kind is BlockKind.HEADING and _introduces(i, kept)
            # between two blocks trafilatura keeps, whatever its prose score: a list run into one
            # paragraph ("1. Finland 2. Norway ...") reads badly but is article
            or segment.length >= SHORT_LENGTH and i - 1 in kept and i + 1 in kept):
        return "heuristic-rescue"
    if in_core and is_caption(segment) and page.caption_rule(segment) is None:
        return "caption"
    if within(segment.path, page.second_part) and verdict.prose >= page.rescue_prose:
        return "second-part"
    if page.confident_union and not is_caption(segment):
        return "heuristic-confident"
    return None


def _decision(page: _PageFacts, segment: Segment, verdict: Verdict, keep: bool, rule: str) -> Decision:
    """The decision with the label and reason a removed block is reported with."""
    i, label = segment.index, verdict.label
    if keep:
        return Decision(i, True, None, rule, verdict.reason)
    if label is not None:
        return Decision(i, False, label, rule, verdict.reason)
    if verdict.hint is not None:
        return Decision(i, False, verdict.hint, "markup", verdict.reason)
    if rule in CAPTION_RULES:
        return Decision(i, False, Label.OTHER, rule, CAPTION_RULES[rule])
    if rule == TEASER_SUMMARY_RULE:
        return Decision(i, False, Label.RELATED, rule, "the summary under a linked headline outside "
                        f"our article container, which neither extractor keeps ({verdict.reason})")
    if rule == STRAY_RULE:
        return Decision(i, False, Label.OTHER, rule, "trafilatura kept it, but it lies outside both "
                        f"extractors' article containers ({verdict.reason})")
    where = ("trafilatura and our extractor both left it out" if page.use_trafilatura
             else "outside the article container")
    return Decision(i, False, Label.OTHER, "outside-article", f"{where} ({verdict.reason})")


#: Why a caption the extractors keep is removed, by rule.
CAPTION_RULES = {"caption": "a caption or photo credit (include_captions is off)",
                 "gallery": "in a slideshow of many pictures: a feature of its own, not the article's pictures"}


def _centre(heuristic: Candidate, core: str) -> str:
    """Where the article lies for the stray rule, which judges what trafilatura keeps around it: trafilatura's
    core, or our container when that core holds it (trafilatura took the article with its teasers, or the
    whole page) and ours holds at least MIN_CENTRE_PROSE_SHARE of the page's prose."""
    inside = heuristic.container != core and within(heuristic.container, core)
    return heuristic.container if inside and heuristic.prose_share >= MIN_CENTRE_PROSE_SHARE else core


def _introduces(index: int, kept: frozenset[int]) -> bool:
    return any(index + step in kept for step in range(1, HEADING_REACH + 1))
