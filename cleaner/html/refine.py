"""Revisions of the combined decision that look at runs of blocks rather than one block at a time:
whole tables and lists, teaser lists, the standfirst, the calls to action that close an article, the
headline and repeated headings. Each is a small named pass; ``refine`` runs them in order.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from cleaner.html.classify import Verdict
from cleaner.html.decisions import OVERRIDING_LABELS, Decision, is_caption, within
from cleaner.lexicon import fold, phrase_of, phrase_within
from cleaner.options import Options
from cleaner.shared_signals import is_time_line
from cleaner.html.segment import Segment
from cleaner.types import BlockKind, Label

#: The end of the article is trimmed of at most this many short blocks naming an interface phrase.
MAX_TAIL_BLOCKS = 3
MAX_TAIL_LENGTH = 200
MIN_TAIL_PHRASE = 10
TAIL_LABELS = frozenset({Label.NEWSLETTER, Label.SHARE, Label.RELATED, Label.COMMENTS})
#: Share of the title a heading must cover to be taken for the headline (titles add " | Site Name").
TITLE_SHARE = 0.6
#: Duplicates shorter than this are not worth a "duplicate" verdict (repeated "Share" links are widgets).
MIN_DUPLICATE_LENGTH = 20
#: Only short repeats of a heading (a second headline, a standfirst printed as a heading) are dropped.
#: Repeated paragraphs or captions are left alone: the page printed them twice and the article has them twice.
MAX_DUPLICATE_LENGTH = 150
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
#: A heading of this many words opening the kept text is a standfirst, not a section title ("Background").
MIN_DEK_WORDS = 8
#: This many kept headings in a row with no text between them are teasers (pairs of h3 title, h4 summary).
MIN_HEADLINE_RUN = 4
#: This many sibling boxes opening with a linked headline make a list of teasers (see drop_trailing_teaser_cards).
#: Three (combine's teaser summaries use it too): two could be a pair of linked post titles on a blog page.
MIN_TEASER_CARDS = 3
#: A kept paragraph this short and this linked is a pointer to another article. Calibrated on the benchmark
#: pages: "Read more: ..." lines sit at 0.7-1.0; prose paragraphs with citations stay under 0.5.
MAX_INLINE_LINK_LENGTH = 200
MIN_INLINE_LINK_DENSITY = 0.6
#: Only a linked paragraph that announces a link is a pointer: one that names a source ("[Wired]") or a
#: product, or a linked headline, is text the article prints (the Article Extraction Benchmark keeps them).
#: A label of at most 3 words closed by a colon announces one ("Also:", "See more on this:").
SENTENCE_ENDS = (".", "!", "?", "\"", "”", "»", "…")
_POINTER_LEAD = re.compile(r"^\W*\w+(?:[\s-]+\w+){0,2}\s*:(?!//)")
#: The heading of a comment section, folded: "Comments", "4 Comments", "Top rated comments", "4 replies on
#: 'The title'", "Kommentare". At most two words before the comments word, and words after it only after a
#: count, so "Comments from the council" and "Public comments on the plan" are subheadings of an article.
_COMMENT_WORDS = (r"(?:comments?|replies|responses|reactions|kommentare|kommentar|commentaires|comentarios|commenti"
                  r"|reacties)")
_COMMENTS_HEADING = re.compile(rf"^(?:\d+ )?(?:\w+ ){{0,2}}{_COMMENT_WORDS}(?: \d+)?$"
                               rf"|^\d+ {_COMMENT_WORDS} (?:on|to|zu|sur|a|für|for) ")
#: Lines after such a heading that show it heads comments: dates and times, "Reply" links.
MIN_COMMENT_MARKS = 2
#: The marks are looked for in this many blocks after the heading: a comment's name, date, text and "Reply"
#: take four or five, so two comments' worth, while an article's subheading is seldom followed by dates.
COMMENT_MARK_REACH = 12
#: A line that is not a heading ("View comments (27)", "2 comments") starts the comments only after this much
#: kept text: near the top of an article such a line is the count beside the byline. Three paragraphs' worth.
MIN_TEXT_BEFORE_COMMENT_LINE = 600


def refine(segments: Sequence[Segment], verdicts: Sequence[Verdict], decisions: list[Decision], core: str,
           options: Options, title: str | None) -> list[Decision]:
    """Run the passes in order. They trim the edges of an article; one that would leave nothing (a page
    whose whole text is links, say) is not applied."""
    before = decisions
    decisions = drop_stray_list_items(segments, decisions, core)
    decisions = keep_groups_whole(segments, decisions)
    if options.recall_bias > 0:
        decisions = keep_lead(segments, verdicts, decisions, title)
    else:
        decisions = drop_leading_deks(segments, decisions, title)
    decisions = drop_headline_runs(segments, decisions)
    decisions = drop_trailing_teaser_cards(segments, decisions)
    decisions = drop_inline_links(segments, decisions)
    decisions = trim_article_tail(segments, decisions)
    if not options.include_comments:
        decisions = drop_comment_section(segments, decisions)
    decisions = drop_closing_headings(segments, verdicts, decisions)
    if any(d.keep for d in before) and not any(d.keep for d in decisions):
        decisions = before
    return mark_duplicates(segments, decisions, title)


def drop_leading_deks(segments: Sequence[Segment], decisions: list[Decision], title: str | None) -> list[Decision]:
    """Headings that open the kept text before its first paragraph and read as a sentence are the
    headline's standfirst (a "dek"), which article bodies leave out (kept in ``recall``)."""
    result = list(decisions)
    folded_title = fold(title) if title else ""
    for decision in decisions:
        if not decision.keep:
            continue
        segment = segments[decision.index]
        if segment.kind is not BlockKind.HEADING:
            break
        if segment.words >= MIN_DEK_WORDS and fold(segment.text) != folded_title:
            result[decision.index] = Decision(decision.index, False, Label.OTHER, "standfirst",
                                              "standfirst above the article body (kept in the recall preset)")
    return result


def drop_headline_runs(segments: Sequence[Segment], decisions: list[Decision]) -> list[Decision]:
    """A run of kept headings with no text between them is a list of other articles' headlines."""
    result = list(decisions)
    run: list[int] = []
    for decision in [*decisions, None]:
        segment = segments[decision.index] if decision is not None else None
        if decision is not None and not decision.keep:
            continue
        if segment is not None and segment.kind is BlockKind.HEADING:
            run.append(segment.index)
            continue
        if len(run) >= MIN_HEADLINE_RUN:
            for i in run:
                result[i] = Decision(i, False, Label.RELATED, "headline-run",
                                     f"one of {len(run)} headings in a row without text")
        run = []
    return result


def drop_trailing_teaser_cards(segments: Sequence[Segment], decisions: list[Decision]) -> list[Decision]:
    """Sibling boxes that each open with a linked heading (a headline, its summary, a date), at least
    MIN_TEASER_CARDS of them, closing the kept text after more article text than they hold, are teasers of
    other articles ("Related posts"). The article's own section titles are not links, and a list of linked
    items that makes up the article (a listicle) holds most of the kept text."""
    cards_by_list: dict[str, set[str]] = {}
    for segment in segments:
        if segment.kind is BlockKind.HEADING and not segment.hidden and segment.link_density >= MIN_INLINE_LINK_DENSITY:
            card = segment.path.rsplit("/", 1)[0]
            cards_by_list.setdefault(card.rsplit("/", 1)[0], set()).add(card)
    kept = [d.index for d in decisions if d.keep]
    for cards in cards_by_list.values():
        if len(cards) < MIN_TEASER_CARDS:
            continue
        in_cards = [i for i in kept if any(within(segments[i].path, card) for card in cards)]
        if not in_cards or any(i > in_cards[0] and i not in in_cards for i in kept):
            continue  # the cards do not close the kept text
        before = sum(segments[i].length for i in kept if i < in_cards[0])
        if before <= sum(segments[i].length for i in in_cards):
            continue
        result = list(decisions)
        for i in in_cards:
            result[i] = Decision(i, False, Label.RELATED, "teaser-cards",
                                 f"one of {len(cards)} boxes that open with a linked headline, closing the article")
        return result
    return decisions


def drop_inline_links(segments: Sequence[Segment], decisions: list[Decision]) -> list[Decision]:
    """A short paragraph that is mostly a link, inside the article, points to another article
    ("Read more: ...", "Related: ...")."""
    result = list(decisions)
    for decision in decisions:
        segment = segments[decision.index]
        if decision.keep and segment.kind is BlockKind.PARAGRAPH and segment.length <= MAX_INLINE_LINK_LENGTH \
                and segment.link_density >= MIN_INLINE_LINK_DENSITY and not is_caption(segment) \
                and _announces_link(segment.text):
            result[decision.index] = Decision(decision.index, False, Label.RELATED, "inline-link",
                                              f"link density {segment.link_density:.2f} in a short paragraph")
    return result


def _announces_link(text: str) -> bool:
    """Text that opens with a pointer phrase ("Read more:", "Related:", "Lire aussi :"), or with a label of a
    few words closed by a colon ("Also: See our coverage") when it does not end like a sentence ("Pro tip:
    get more ideas here!" is the article's own advice)."""
    if _POINTER_LEAD.match(text) and not text.rstrip().endswith(SENTENCE_ENDS):
        return True
    folded = fold(text[:40])
    found = phrase_of(folded, prefix=True) or phrase_of(" ".join(folded.split(" ")[:1]))
    return bool(found) and found[0] in (Label.RELATED, Label.NAVIGATION)


def trim_article_tail(segments: Sequence[Segment], decisions: list[Decision]) -> list[Decision]:
    """Short calls to action that close many articles ("Share this article", "Subscribe to our
    newsletter") are removed from the end of the kept text, one block at a time."""
    result = list(decisions)
    kept = [d.index for d in decisions if d.keep]
    for i in reversed(kept[-MAX_TAIL_BLOCKS:]):
        segment = segments[i]
        found = phrase_within(fold(segment.text), min_chars=MIN_TAIL_PHRASE) \
            if segment.length <= MAX_TAIL_LENGTH else None
        if not found or found[0] not in TAIL_LABELS:
            break
        result[i] = Decision(i, False, found[0], "article-tail", f"call to action '{found[1]}' closing the article")
    return result


def drop_comment_section(segments: Sequence[Segment], decisions: list[Decision]) -> list[Decision]:
    """A heading after the first kept block that names a comment section ("Top Rated Comments", "4 replies on
    ..."), kept or not, followed closely by lines that comments print (dates and times, "Reply"), starts the
    readers' comments: it and every kept block after it go. A line that is no heading ("View comments (27)")
    does so too, once the article has begun (MIN_TEXT_BEFORE_COMMENT_LINE). Where markup names the comments,
    the classifier has already labelled them; this catches the sections whose markup says nothing."""
    kept = [d.index for d in decisions if d.keep]
    if not kept:
        return decisions
    text_before = 0
    for segment in segments[kept[0]:]:  # never before the first kept block: something must come before
        if decisions[segment.index].keep:
            text_before += segment.length
        if segment.hidden or not _names_comments(segment.text) or not (
                segment.kind is BlockKind.HEADING or text_before >= MIN_TEXT_BEFORE_COMMENT_LINE):
            continue
        # The marks are read on the visible blocks that follow, kept or not (extractors leave the date and
        # "Reply" lines out and keep the comments' text), past the form to write one.
        after = [s for s in segments[segment.index + 1:] if not s.hidden and not s.inside_form][:COMMENT_MARK_REACH]
        marks = sum(1 for s in after if is_time_line(s.text, s.words) or phrase_of(fold(s.text)) == (Label.COMMENTS, "reply"))
        if marks < MIN_COMMENT_MARKS:
            continue
        result = list(decisions)
        reason = f"under the heading '{segment.text[:40]}', with {marks} date or reply lines"
        for j in kept:
            if j >= segment.index:
                result[j] = Decision(j, False, Label.COMMENTS, "comment-section", reason)
        return result
    return decisions


def _names_comments(text: str) -> bool:
    folded = fold(text)
    return bool(folded) and len(folded) <= 120 and bool(_COMMENTS_HEADING.match(folded))


def drop_closing_headings(segments: Sequence[Segment], verdicts: Sequence[Verdict],
                          decisions: list[Decision]) -> list[Decision]:
    """Headings after the last kept text introduce nothing of the article: they head the section that follows
    it (comments, related stories), whose blocks were removed."""
    result = list(decisions)
    for decision in reversed(decisions):
        if not decision.keep:
            continue
        segment = segments[decision.index]
        if segment.kind is not BlockKind.HEADING:
            break
        label = verdicts[decision.index].label or Label.OTHER
        result[decision.index] = Decision(decision.index, False, label, "closing-heading",
                                          "a heading after the last kept text, introducing nothing kept")
    return result


def keep_lead(segments: Sequence[Segment], verdicts: Sequence[Verdict], decisions: list[Decision],
              title: str | None) -> list[Decision]:
    """The standfirst between the headline and the article body is part of the article, though it often
    sits outside the body's container (a header box with the headline, the lead and the byline)."""
    first_kept = next((d.index for d in decisions if d.keep), None)
    if first_kept is None:
        return decisions
    folded_title = fold(title) if title else ""
    result = list(decisions)
    for i in range(first_kept - 1, max(-1, first_kept - 1 - LEAD_LOOKBACK), -1):
        segment, verdict = segments[i], verdicts[i]
        if segment.kind is BlockKind.HEADING and (segment.heading_level == 1 or fold(segment.text) == folded_title):
            break  # reached the headline without finding a lead
        if verdict.label is None and not segment.hidden and segment.kind is BlockKind.PARAGRAPH \
                and not is_caption(segment) \
                and segment.length >= LEAD_MIN_LENGTH and verdict.prose >= LEAD_MIN_PROSE \
                and _headline_before(segments, i, folded_title):
            result[i] = Decision(i, True, None, "lead", f"standfirst below the headline (prose {verdict.prose:.2f})")
            break
    return result


def _headline_before(segments: Sequence[Segment], index: int, folded_title: str) -> bool:
    for j in range(index - 1, max(-1, index - 1 - LEAD_LOOKBACK), -1):
        segment = segments[j]
        if segment.kind is BlockKind.HEADING and (segment.heading_level == 1 or fold(segment.text) == folded_title):
            return True
    return False


def group_counts(segments: Sequence[Segment], decisions: Sequence[Decision]) -> tuple[dict[int, int], dict[int, int]]:
    """For each list or table (``Segment.group``): how many of its items are kept, and how many it has."""
    kept: dict[int, int] = {}
    size: dict[int, int] = {}
    for segment, decision in zip(segments, decisions):
        if segment.group >= 0:
            size[segment.group] = size.get(segment.group, 0) + 1
            kept[segment.group] = kept.get(segment.group, 0) + decision.keep
    return kept, size


def keep_groups_whole(segments: Sequence[Segment], decisions: list[Decision]) -> list[Decision]:
    """A table or list that is mostly kept is kept whole: extractors drop short rows ("Floor area | 2.9 m²")
    that belong to a table they otherwise keep."""
    kept, size = group_counts(segments, decisions)
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
    repeats the article's lead (a "latest news" list), not the article. Without trafilatura's article core
    (our extractor decided alone, and keeps list items only inside its own container) nothing is outside it."""
    if not core:
        return decisions
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
                if not within(segments[i].path, core):
                    result[i] = Decision(i, False, Label.RELATED, "stray-list-item",
                                         f"item {len(kept)} of {size} kept in a list outside the article")
    return result


def mark_duplicates(segments: Sequence[Segment], decisions: list[Decision], title: str | None) -> list[Decision]:
    """A kept heading or short block that repeats an earlier kept block, or a removed block that repeats
    the title, is a duplicate."""
    seen: dict[str, int] = {}
    folded_title = fold(title) if title else ""
    result: list[Decision] = []
    body_started = False
    for segment, decision in zip(segments, decisions):
        folded = fold(segment.text)
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
