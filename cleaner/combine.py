"""Merge the extractors' proposals block by block, with small named rules.

Each rule is a predicate over one block (its segment, its verdict, and what each extractor said).
The first rule that applies decides; the decision records the rule's name and a reason.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .classify import LONG_PROSE_LENGTH, Verdict
from .extractors import Candidate
from .lexicon import phrase_within
from .options import Options
from .segment import Segment
from .types import BlockKind, Label

#: Labels whose explicit markup overrides trafilatura keeping a block: these widgets are never article.
OVERRIDING_LABELS = frozenset({Label.COOKIE_NOTICE, Label.SPONSOR, Label.NEWSLETTER, Label.SHARE, Label.SEARCH,
                               Label.NAVIGATION, Label.COMMENTS, Label.RELATED})
#: Prose score a block needs for our extractor alone to add it inside trafilatura's article span.
#: Balanced keeps blocks that read clearly as prose; recall and precision move it by RECALL_BIAS_STEP.
RESCUE_MIN_PROSE = 0.6
RECALL_BIAS_STEP = 0.15
#: When the combination keeps less than this share of what our extractor alone keeps, trafilatura has
#: picked the wrong part of the page (or little of it survived our vetoes): our extractor decides alone.
#: 0.3 keeps trafilatura's tighter selections (it is often right to keep less) while catching misses.
MIN_COMBINED_SHARE = 0.3
#: A short link-dense block that trafilatura keeps but our extractor places outside the article is a
#: teaser or "see more" link. Longer linked blocks (a paragraph full of citations) stay with trafilatura.
MAX_LINKY_KEPT_LENGTH = 150
#: The end of the article is trimmed of at most this many short blocks naming an interface phrase.
MAX_TAIL_BLOCKS = 3
MAX_TAIL_LENGTH = 200
MIN_TAIL_PHRASE = 10
TAIL_LABELS = frozenset({Label.NEWSLETTER, Label.SHARE, Label.RELATED, Label.COMMENTS})
#: Share of the title a heading must cover to be taken for the headline (titles add " | Site Name").
TITLE_SHARE = 0.6
#: How far apart (levels to the common ancestor) two containers may be to count as parts of one article.
#: Split articles put their parts in sibling or cousin wrappers; farther apart is another region.
MAX_PART_DISTANCE = 2
#: Share of trafilatura's kept text that its article container must hold. 0.8 leaves out a stray block
#: or two (a teaser repeating the lead) while keeping the container of a normally split article.
CORE_SHARE = 0.8
#: Duplicates shorter than this are not worth a "duplicate" verdict (repeated "Share" links are widgets).
MIN_DUPLICATE_LENGTH = 20
#: Only short repeats of a heading (a second headline, a standfirst printed as a heading) are dropped.
#: Repeated paragraphs or captions are left alone: the page printed them twice and the article has them twice.
MAX_DUPLICATE_LENGTH = 150
#: Kinds that read badly by prose signals but are article parts when they sit inside the article's span.
#: Lists and tables are rescued as groups (keep_groups_whole); headings when they introduce kept text;
#: captions only in ``recall`` (the Article Extraction Benchmark leaves them out of the article).
RESCUED_KINDS = frozenset({BlockKind.CODE, BlockKind.QUOTE})
#: A heading introduces the article's text when trafilatura keeps one of the next blocks.
HEADING_REACH = 2
#: Share of a list's or table's items that must be kept for the rest to follow.
MIN_KEPT_GROUP_SHARE = 0.5
#: A standfirst is looked for this many blocks above the body, and must read as prose this long and this well.
#: Calibrated on the fixtures and the benchmark pages: bylines and datelines score below 0.5, leads above 0.7.
LEAD_LOOKBACK = 6
LEAD_MIN_LENGTH = 80
LEAD_MIN_PROSE = 0.7
#: A list this long with at most this share of items kept is a teaser list; its kept items are strays.
MIN_TEASER_LIST = 4
MAX_TEASER_KEPT_SHARE = 0.25
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Decision:
    index: int
    keep: bool
    label: Label | None
    rule: str
    reason: str


def _fold(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


def core_container(segments: Sequence[Segment], kept: frozenset[int]) -> str:
    """The deepest element holding CORE_SHARE of the kept text: where an extractor's article lies,
    ignoring a stray teaser that happens to repeat the lead."""
    totals: dict[str, int] = {}
    for i in kept:
        path = segments[i].path
        while path.count("/") > 1:
            path = path.rsplit("/", 1)[0]
            totals[path] = totals.get(path, 0) + segments[i].length
    if not totals:
        return ""
    need = CORE_SHARE * sum(segments[i].length for i in kept)
    return max((p for p, n in totals.items() if n >= need), key=lambda p: p.count("/"), default="")


def _close_relatives(first: str, second: str) -> bool:
    """Two distinct element paths whose common ancestor is at most MAX_PART_DISTANCE levels above each."""
    if not first or not second or _within(first, second) or _within(second, first):
        return False
    a, b = first.split("/"), second.split("/")
    common = 0
    while common < min(len(a), len(b)) and a[common] == b[common]:
        common += 1
    return len(a) - common <= MAX_PART_DISTANCE and len(b) - common <= MAX_PART_DISTANCE and common > 3


def _within(path: str, container: str) -> bool:
    return bool(container) and (path == container or path.startswith(container + "/"))


def decide(segments: Sequence[Segment], verdicts: Sequence[Verdict], heuristic: Candidate,
           trafilatura: Candidate, options: Options, title: str | None) -> list[Decision]:
    """Keep or remove each block. When trafilatura's selection, after our vetoes, keeps far less than our
    own extractor (it picked the reviews, or a teaser), our extractor decides alone."""
    decisions = _decide(segments, verdicts, heuristic, trafilatura, options, title)
    kept_chars = sum(segments[d.index].length for d in decisions if d.keep)
    ours_chars = sum(segments[i].length for i in heuristic.kept)
    if trafilatura.available and kept_chars < MIN_COMBINED_SHARE * ours_chars:
        fallback = Candidate("trafilatura", frozenset(), available=False)
        return _decide(segments, verdicts, heuristic, fallback, options, title)
    return decisions


def _decide(segments: Sequence[Segment], verdicts: Sequence[Verdict], heuristic: Candidate,
            trafilatura: Candidate, options: Options, title: str | None) -> list[Decision]:
    use_trafilatura = trafilatura.available and bool(trafilatura.kept)
    core = core_container(segments, trafilatura.kept)
    rescue_prose = RESCUE_MIN_PROSE - RECALL_BIAS_STEP * options.recall_bias
    # Our container may hold a part of the article that trafilatura missed (an article split in two by an
    # ad slot): when both containers sit close together under one element, prose from ours is added.
    second_part = heuristic.container if _close_relatives(core, heuristic.container) else ""
    decisions: list[Decision] = []
    for segment, verdict in zip(segments, verdicts):
        i = segment.index
        by_traf, by_ours = i in trafilatura.kept, i in heuristic.kept
        label = verdict.label
        if label is Label.COMMENTS and options.include_comments:
            label = None
        overriding = verdict.strong and label in OVERRIDING_LABELS and not (
            segment.length >= LONG_PROSE_LENGTH and verdict.prose > 0.6 and label is Label.RELATED)
        if segment.hidden:
            keep, rule = False, verdict.rule
        elif not use_trafilatura:
            keep = by_ours
            rule = "heuristic" if keep else (verdict.rule if label else "outside-article")
        elif by_traf and overriding:
            keep, rule = False, verdict.rule
        elif by_traf and label is not None and verdict.rule == "link-density" and not _within(segment.path, core) \
                and segment.length < MAX_LINKY_KEPT_LENGTH:
            keep, rule = False, "linky-outside-article"
        elif by_traf:
            keep, rule = True, "trafilatura"
        elif by_ours and _within(segment.path, core) and label is None and not _is_caption(segment) and (
                verdict.prose >= rescue_prose or segment.kind in RESCUED_KINDS
                or segment.kind is BlockKind.HEADING and _introduces(i, trafilatura.kept)):
            keep, rule = True, "heuristic-rescue"
        elif by_ours and _within(segment.path, core) and label is None and _is_caption(segment) \
                and options.recall_bias > 0:
            keep, rule = True, "caption"
        elif by_ours and _within(segment.path, second_part) and label is None and verdict.prose >= rescue_prose:
            keep, rule = True, "second-part"
        else:
            keep, rule = False, verdict.rule if label else "outside-article"
        if keep:
            decisions.append(Decision(i, True, None, rule, verdict.reason))
        elif label is not None:
            decisions.append(Decision(i, False, label, rule, verdict.reason))
        elif verdict.hint is not None:
            decisions.append(Decision(i, False, verdict.hint, "markup", verdict.reason))
        else:
            where = "trafilatura and our extractor both left it out" if use_trafilatura else "outside the article container"
            decisions.append(Decision(i, False, Label.OTHER, "outside-article", f"{where} ({verdict.reason})"))
    decisions = drop_stray_list_items(segments, decisions, core)
    decisions = keep_groups_whole(segments, decisions)
    decisions = keep_lead(segments, verdicts, decisions, title)
    decisions = trim_article_tail(segments, decisions)
    return mark_duplicates(segments, decisions, title)


def trim_article_tail(segments: Sequence[Segment], decisions: list[Decision]) -> list[Decision]:
    """Short calls to action that close many articles ("Like this story? Share it with a friend!",
    "Subscribe to our newsletters") are removed from the end of the kept text, one block at a time."""
    result = list(decisions)
    kept = [d.index for d in decisions if d.keep]
    for i in reversed(kept[-MAX_TAIL_BLOCKS:]):
        segment = segments[i]
        found = phrase_within(_fold(segment.text), min_chars=MIN_TAIL_PHRASE) \
            if segment.length <= MAX_TAIL_LENGTH else None
        if not found or found[0] not in TAIL_LABELS:
            break
        result[i] = Decision(i, False, found[0], "article-tail", f"call to action '{found[1]}' closing the article")
    return result


def keep_lead(segments: Sequence[Segment], verdicts: Sequence[Verdict], decisions: list[Decision],
              title: str | None) -> list[Decision]:
    """The standfirst between the headline and the article body is part of the article, though it often
    sits outside the body's container (a header box with the headline, the lead and the byline)."""
    first_kept = next((d.index for d in decisions if d.keep), None)
    if first_kept is None:
        return decisions
    folded_title = _fold(title) if title else ""
    result = list(decisions)
    for i in range(first_kept - 1, max(-1, first_kept - 1 - LEAD_LOOKBACK), -1):
        segment, verdict = segments[i], verdicts[i]
        if segment.kind is BlockKind.HEADING and (segment.heading_level == 1 or _fold(segment.text) == folded_title):
            break  # reached the headline without finding a lead
        if verdict.label is None and not segment.hidden and segment.kind is BlockKind.PARAGRAPH \
                and not _is_caption(segment) \
                and segment.length >= LEAD_MIN_LENGTH and verdict.prose >= LEAD_MIN_PROSE \
                and _headline_before(segments, i, folded_title):
            result[i] = Decision(i, True, None, "lead", f"standfirst below the headline (prose {verdict.prose:.2f})")
            break
    return result


def _introduces(index: int, kept: frozenset[int]) -> bool:
    return any(index + step in kept for step in range(1, HEADING_REACH + 1))


def _is_caption(segment: Segment) -> bool:
    return segment.tag == "figcaption" or any(a.tag in ("figure", "figcaption") for a in segment.ancestors[:4])


def _headline_before(segments: Sequence[Segment], index: int, folded_title: str) -> bool:
    for j in range(index - 1, max(-1, index - 1 - LEAD_LOOKBACK), -1):
        segment = segments[j]
        if segment.kind is BlockKind.HEADING and (segment.heading_level == 1 or _fold(segment.text) == folded_title):
            return True
    return False


def keep_groups_whole(segments: Sequence[Segment], decisions: list[Decision]) -> list[Decision]:
    """A table or list that is mostly kept is kept whole: extractors drop short rows ("Floor area | 2.9 m²")
    that belong to a table they otherwise keep."""
    kept: dict[int, int] = {}
    size: dict[int, int] = {}
    for segment, decision in zip(segments, decisions):
        if segment.group >= 0:
            size[segment.group] = size.get(segment.group, 0) + 1
            kept[segment.group] = kept.get(segment.group, 0) + decision.keep
    result = list(decisions)
    for segment, decision in zip(segments, decisions):
        group = segment.group
        if group >= 0 and not decision.keep and not segment.hidden and kept[group] >= MIN_KEPT_GROUP_SHARE * size[group] \
                and decision.label not in OVERRIDING_LABELS:
            result[segment.index] = Decision(segment.index, True, None, "whole-group",
                                             f"{kept[group]} of {size[group]} items of its list or table are kept")
    return result


def drop_stray_list_items(segments: Sequence[Segment], decisions: list[Decision], core: str) -> list[Decision]:
    """A list item kept outside the article container while most of its list is dropped is a teaser that
    repeats the article's lead (a "latest news" list), not the article."""
    kept_by_group: dict[int, list[int]] = {}
    size_by_group: dict[int, int] = {}
    for segment, decision in zip(segments, decisions):
        if segment.group >= 0 and segment.kind is BlockKind.LIST:
            size_by_group[segment.group] = size_by_group.get(segment.group, 0) + 1
            if decision.keep:
                kept_by_group.setdefault(segment.group, []).append(segment.index)
    result = list(decisions)
    for group, kept in kept_by_group.items():
        size = size_by_group[group]
        if size >= MIN_TEASER_LIST and len(kept) <= MAX_TEASER_KEPT_SHARE * size:
            for i in kept:
                if not _within(segments[i].path, core):
                    result[i] = Decision(i, False, Label.RELATED, "stray-list-item",
                                         f"item {len(kept)} of {size} kept in a list outside the article")
    return result


def mark_duplicates(segments: Sequence[Segment], decisions: list[Decision], title: str | None) -> list[Decision]:
    """A kept heading or short block that repeats an earlier kept block, or a removed block that repeats
    the title, is a duplicate."""
    seen: dict[str, int] = {}
    folded_title = _fold(title) if title else ""
    result: list[Decision] = []
    body_started = False
    for segment, decision in zip(segments, decisions):
        folded = _fold(segment.text)
        if decision.keep and not body_started and segment.kind is BlockKind.HEADING and folded_title \
                and _same_title(folded, folded_title):
            # The headline opening the article is the document's title, not a block of its text.
            decision = Decision(decision.index, False, Label.DUPLICATE, "title-copy",
                                "the headline, kept as the document's title")
        elif decision.keep and len(folded) >= MIN_DUPLICATE_LENGTH and folded in seen and len(folded) <= MAX_DUPLICATE_LENGTH \
                and BlockKind.HEADING in (segment.kind, segments[seen[folded]].kind):
            decision = Decision(decision.index, False, Label.DUPLICATE, "duplicate",
                                f"repeats block {seen[folded]} of the page")
        elif not decision.keep and folded_title and folded == folded_title \
                and decision.label in (None, Label.OTHER, Label.HEADER):
            decision = Decision(decision.index, False, Label.DUPLICATE, "title-copy", "a copy of the page title")
        if decision.keep and folded:
            seen.setdefault(folded, segment.index)
            body_started = True
        result.append(decision)
    return result


def _same_title(folded: str, folded_title: str) -> bool:
    """A heading is the title when one contains the other (titles carry a site suffix, headings a kicker)."""
    if not folded:
        return False
    if folded == folded_title or folded_title in folded:
        return True
    # A heading inside the title must be most of it: "Tidewater documentation" is the site, not the headline.
    return folded in folded_title and len(folded) >= TITLE_SHARE * len(folded_title)
