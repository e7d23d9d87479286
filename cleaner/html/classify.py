"""Blocks to verdicts: what each block is, from its own signals (its markup, read by ``markup``; its
wording; its links), then revised by its neighbours.

A verdict's ``label`` is None for content. Every verdict carries the rule that decided and a reason a
person can read, naming the signals (``link density 0.82 in <ul class="menu">``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from collections.abc import Sequence

from cleaner.deadline import NO_DEADLINE, Deadline
from cleaner.lexicon import AD_SLOT_LABELS, fold, notice_of, phrase_of, reading_length, stopword_density, unspaced_count
from cleaner.html.decisions import within
from cleaner.html.markup import REGION_LABELS, MarkupMatch, markup_label, region_prose
from cleaner.html.segment import Segment
from cleaner.types import BlockKind, Label

# Labels that the content-token rule never overrides: a comment's "comment-content" is still a comment.
_STICKY = frozenset({Label.COMMENTS, Label.COOKIE_NOTICE, Label.SPONSOR})

#: Link density above which a short block is treated as links, not prose. jusText uses 0.2 for "bad"
#: paragraphs; navigation in the benchmark pages sits above 0.6, so 0.5 keeps inline-linked prose.
MAX_LINK_DENSITY = 0.5
#: A table row linked more than this is a menu or a link list even when laid out in cells.
MAX_ROW_LINK_DENSITY = 0.9
#: Blocks shorter than this are "short": they need context to be kept (jusText's length_low is 70).
SHORT_LENGTH = 70
#: Text inside a form longer than this is not the form's own labels.
MAX_FORM_TEXT = 150
#: A block this long that reads as prose is content even inside a boilerplate-named wrapper.
LONG_PROSE_LENGTH = 400
#: Class tokens too vague to remove a block on their own ("product-single__meta" holds a description,
#: "entry-meta" a byline; page builders wrap every block of an article in an "elementor-widget"; scripts
#: reveal what a "hidden" class hides: slides, tabs, accordions): the block stays content for the extractors,
#: and is reported with this hint if they leave it out. On the tune pages, "widget" named boilerplate on 153
#: sites and content on 84 (500,000 characters of it), "hidden" boilerplate on 199 and content on 101.
WEAK_HINT_TOKENS = frozenset({"meta", "byline", "bio", "author-bio", "dateline", "timestamp", "widget", "hidden"})
#: Classes of text written for screen readers only ("Opens in a new window"): "hidden" there is no weak hint.
SCREEN_READER_TOKENS = frozenset({"sr-only", "visually-hidden", "visuallyhidden", "screen-reader-text", "sr"})

#: The rule of a verdict from the site's own notice (lexicon.notice_of): it outranks an extractor keeping
#: the block whatever its label, a footer's copyright line included.
NOTICE_RULE = "notice"
#: The rule of the slides of a numbered slideshow (see ``mark_slideshows``); it outranks an extractor keeping
#: them, as a notice does. A heading opening with the slide's number out of the total: "3/50 ...", "3 of 50: ...".
#: Three slides make a show: fewer numbered headings may be an article's own parts ("Part 1 of 2").
SLIDESHOW_RULE = "slideshow"
#: "out of" between a position and a total: "3/50", "3 of 50", "3 von 50".
_OUT_OF = r"\s*(?:/|of|von|de|di|sur)\s*"
_SLIDE_NUMBER = re.compile(rf"^\s*(\d{{1,3}}){_OUT_OF}(\d{{1,3}})\b(?!\s*/)", re.I)
MIN_SLIDES = 3
#: A block that is only a position: "1 / 23", "3 of 12" (a gallery's or a pager's).
_COUNTER = re.compile(rf"^\s*\d{{1,4}}{_OUT_OF}\d{{1,4}}\s*$", re.I)


@dataclass(frozen=True)
class Verdict:
    """What a block is. ``label`` None means content. ``strong`` means markup or wording said so explicitly."""

    label: Label | None
    rule: str
    reason: str
    strong: bool = False
    prose: float = 0.0  # 0..1: how much the block reads like article prose
    hint: Label | None = None  # for content blocks with a weak class hint: the label to report if removed


def _phrase_label(text: str) -> tuple[Label, str] | None:
    """The label of a short block that is an interface phrase, or starts with one of two words or more
    ("More from Cities")."""
    if len(text) > 80:
        return None
    folded = fold(text)
    if not folded or len(folded) > 60:
        return None
    if _COUNTER.match(text):
        return Label.NAVIGATION, "a counter"  # "1 / 23", "3 of 12": a gallery's or a pager's position
    if folded in AD_SLOT_LABELS:
        return Label.SPONSOR, folded  # the label over an ad slot, the whole block
    found = phrase_of(folded, prefix=True)
    if found is None and folded[0].isdigit():
        # "2 comments", "44 shares": a count before an interface word (the whole rest, not a prefix of it)
        count, _, rest = folded.partition(" ")
        if count.isdigit() and rest:
            # singular or plural of the phrase: "1 comment" is "comments", "44 shares" is "share"
            found = phrase_of(rest) or phrase_of(rest + "s") or (phrase_of(rest[:-1]) if rest.endswith("s") else None)
    return found


#: A block whose non-space characters are at least this share unspaced script is measured as such: its words
#: are not split by spaces, so word counts and stop-word lists say nothing about it. A half: mixed blocks
#: (a Latin name in a Chinese sentence) go by their main script.
UNSPACED_MIN_SHARE = 0.5
#: Function characters of Chinese (particles, pronouns, copulas) and Japanese (hiragana particles and
#: endings): the stop words of unspaced text, counted per character. Article prose in the benchmark's
#: Chinese and Japanese pages has 0.1 to 0.3 of them, menus and titles mostly under 0.05.
UNSPACED_FUNCTION_CHARS = frozenset("的了是在不和有我也就都而這这們们個个到說说會会著着把被讓让從从對对與与之其所以"
                                    "為为他她你那要可能のにはをたがでてとしもなかれるいうよ")
#: Function-character share at which an unspaced block counts as fully stop-word rich (0.4 for spaced words).
UNSPACED_FUNCTION_FULL = 0.2
#: Sentence ends, in Latin and in full-width (CJK) punctuation.
_SENTENCE_ENDS = (".", "!", "?", "\"", "”", "»", "。", ":", ")", "！", "？", "」", "』", "）")


def unspaced_chars(text: str) -> int:
    """How many characters of the text belong to a script written without spaces (0 for a spaced block)."""
    count = unspaced_count(text)
    return count if count and count >= UNSPACED_MIN_SHARE * (len(text) - text.count(" ")) else 0


def prose_score(segment: Segment, language: str | None) -> float:
    """0..1: long, punctuated, stop-word rich, few links."""
    text = segment.text
    unspaced = unspaced_chars(text)
    # One character of an unspaced script carries about a word's worth of text, as in text/signals.
    length_part = min(1.0, reading_length(text, unspaced) / 300)
    if unspaced:
        function = sum(ch in UNSPACED_FUNCTION_CHARS for ch in text) / unspaced
        stop_part = min(1.0, function / UNSPACED_FUNCTION_FULL)
    else:
        stop_part = min(1.0, stopword_density(text, language) / 0.4) if language else 0.5
    punct_part = 1.0 if text.rstrip().endswith(_SENTENCE_ENDS) else 0.4
    return max(0.0, length_part * 0.5 + stop_part * 0.3 + punct_part * 0.2 - segment.link_density)


def classify_segment(segment: Segment, language: str | None, prose: float,
                     regions: dict[str, int] | None = None,
                     memo: dict[tuple[str, bool], MarkupMatch | None] | None = None) -> Verdict:
    """The context-free verdict of one block (``memo``: see ``markup_label``)."""
    markup = markup_label(segment, regions, memo)
    if segment.hidden:
        label, why = (markup.label, f"; {markup.signal} in {markup.element.description}") if markup \
            else (Label.OTHER, "")
        return Verdict(label, "hidden", f"hidden element {segment.ancestors[0].description}{why}", strong=True)
    notice = notice_of(segment.text) if markup is None or markup.label in REGION_LABELS else None
    if notice:
        where = f" in {markup.element.description}" if markup else ""
        return Verdict(notice[0], NOTICE_RULE, f"the site's own notice '{notice[1]}'{where}", strong=True, prose=prose)
    if markup:
        label, signal, info = markup.label, markup.signal, markup.element
        if label is Label.OTHER and markup.token in WEAK_HINT_TOKENS \
                and not SCREEN_READER_TOKENS.intersection(info.tokens):
            return Verdict(None, "weak-hint", f"{signal} in {info.description}", prose=prose, hint=Label.OTHER)
        if segment.length >= LONG_PROSE_LENGTH and prose > 0.6 and label not in _STICKY and segment.link_density < 0.2:
            return Verdict(None, "long-prose", f"{segment.length} chars of prose despite {signal} in {info.description}",
                           prose=prose)
        phrase = _phrase_label(segment.text) if label in REGION_LABELS else None
        if phrase and phrase[0] not in REGION_LABELS:
            return Verdict(phrase[0], "interface-phrase", f"interface phrase '{phrase[1]}' in {info.description}",
                           strong=True, prose=prose)
        return Verdict(label, "markup", f"{signal} in {info.description}", strong=True, prose=prose)
    if segment.length <= 60:
        phrase = _phrase_label(segment.text)
        if phrase:
            return Verdict(phrase[0], "interface-phrase", f"interface phrase '{phrase[1]}'", strong=True, prose=prose)
    if segment.link_density > MAX_LINK_DENSITY and segment.kind is not BlockKind.HEADING \
            and not _data_row(segment):
        label = Label.NAVIGATION if segment.length < 200 else Label.RELATED
        where = segment.ancestors[1].description if len(segment.ancestors) > 1 else f"<{segment.tag}>"
        return Verdict(label, "link-density", f"link density {segment.link_density:.2f} in {where}", prose=prose)
    if (segment.inside_form or segment.holds_control) and segment.length < MAX_FORM_TEXT and prose < 0.5:
        # Short text in a form is its labels and buttons; long prose in one is a page wrapped whole in
        # a <form> (ASP.NET does that), which says nothing. Short text beside a control of its own is the
        # control's label ("Sort by", "Quantity"): explicit markup, as strong as a class name.
        where = "beside a form control" if segment.holds_control else "inside a <form>"
        return Verdict(Label.OTHER, "form", where, strong=segment.holds_control, prose=prose)
    return Verdict(None, "content", f"prose score {prose:.2f}", prose=prose)


def _data_row(segment: Segment) -> bool:
    """A table row of several cells with some unlinked text: a row of data that links its entries
    (a filmography, a results table), not a menu laid out in a table."""
    return segment.kind is BlockKind.TABLE and len(segment.cells) >= 2 and segment.link_density < MAX_ROW_LINK_DENSITY


def classify(segments: Sequence[Segment], language: str | None, deadline: Deadline = NO_DEADLINE) -> list[Verdict]:
    """Verdicts for all blocks: the context-free pass, then the neighbour pass."""
    prose = [prose_score(s, language) for s in deadline.watch(segments)]
    regions = region_prose(segments, prose)
    memo: dict[tuple[str, bool], MarkupMatch | None] = {}
    verdicts = [classify_segment(s, language, p, regions, memo) for s, p in deadline.watch(zip(segments, prose))]
    deadline.check()
    return mark_slideshows(segments, revise_with_neighbours(segments, verdicts))


def mark_slideshows(segments: Sequence[Segment], verdicts: list[Verdict]) -> list[Verdict]:
    """Sibling boxes that each open with a heading numbered as a slide of one show ("3/50 City for sale",
    "3 of 50: ..."), MIN_SLIDES of them or more, are a slideshow beside the article: their headings, captions
    and credits are labelled, strongly, so that neither extractor takes fifty captions for the article."""
    slides: dict[tuple[str, str], set[str]] = {}
    for segment in segments:
        found = _SLIDE_NUMBER.match(segment.text) if segment.kind is BlockKind.HEADING else None
        if found and int(found.group(1)) <= int(found.group(2)):
            box = segment.path.rsplit("/", 1)[0]
            slides.setdefault((box.rsplit("/", 1)[0], found.group(2)), set()).add(box)
    boxes = [box for group in slides.values() if len(group) >= MIN_SLIDES for box in group]
    if not boxes:
        return verdicts
    revised = list(verdicts)
    for segment in segments:
        if any(within(segment.path, box) for box in boxes):
            revised[segment.index] = Verdict(Label.OTHER, SLIDESHOW_RULE, "a slide of a numbered slideshow",
                                             strong=True, prose=verdicts[segment.index].prose)
    return revised


def revise_with_neighbours(segments: Sequence[Segment], verdicts: list[Verdict]) -> list[Verdict]:
    """A short unlabelled block between two blocks of one label takes that label (a menu's separator,
    a sponsor box's caption); hidden neighbours do not count (the hidden fallbacks of formulas split a
    paragraph into short pieces). A heading directly above a labelled run takes its label ("Related stories")."""
    revised = list(verdicts)
    for i in range(1, len(segments) - 1):
        before, here, after = revised[i - 1], revised[i], revised[i + 1]
        if here.label is None and segments[i].length < SHORT_LENGTH and before.label is not None \
                and before.label == after.label and not (segments[i - 1].hidden or segments[i + 1].hidden):
            revised[i] = Verdict(before.label, "neighbours", f"short block between two {before.label.value} blocks",
                                 prose=here.prose)
    for i in range(len(segments) - 1):
        here, after = revised[i], revised[i + 1]
        if segments[i].kind is BlockKind.HEADING and here.label is None and after.label is not None \
                and after.strong and segments[i].length < SHORT_LENGTH:
            phrase = _phrase_label(segments[i].text)
            label = phrase[0] if phrase else after.label
            revised[i] = Verdict(label, "heading-of-section", f"heading of a {after.label.value} section",
                                 prose=here.prose)
    return revised
