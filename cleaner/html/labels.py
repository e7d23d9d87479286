"""Naming removed blocks: once the article is decided, give each removed block the most telling label.

A block removed only because it sits outside the article (or by link density) says little about what it
was. Better evidence often sits nearby: the phrase in its own text ("We use cookies ..."), the heading of
its section ("More from Cities"), or a labelled sibling in the same small box (the newsletter form beside
its pitch). This pass uses that evidence; it never changes what is kept.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from cleaner.html.ancestry import ancestor_path
from cleaner.html.decisions import Decision
from cleaner.html.markup import REGION_LABELS
from cleaner.lexicon import fold, phrase_within
from cleaner.shared_signals import is_time_line
from cleaner.html.segment import Segment
from cleaner.types import BlockKind, Label

#: Rules whose label, though OTHER, is already the best name (a byline is not a comment).
FIRM_RULES = frozenset({"byline", "dateline"})
#: Rules whose label is a guess that better evidence may replace.
WEAK_RULES = frozenset({"outside-article", "link-density", "neighbours", "heading-of-section"})
#: Phrases shorter than this are too common to be read inside longer text ("share", "menu").
MIN_CONTAINED_PHRASE = 10
#: Blocks longer than this are not named by a phrase inside them: an article may mention cookies.
MAX_PHRASE_BLOCK = 600
#: How far up a labelled sibling may sit and still name a block (the box it shares).
MAX_BOX_DISTANCE = 3
SOCIAL_NETWORKS = frozenset("facebook twitter x linkedin whatsapp pinterest reddit telegram xing email e mail "
                            "instagram youtube tiktok threads mastodon bluesky vk tumblr flipboard pocket "
                            "messenger print copy link tweet share".split())
#: A link this long (in words) is the headline of another article, not a menu entry.
MIN_TEASER_WORDS = 4
#: Share of a block's words that must be social network names (or share verbs) for it to be a share bar.
MIN_SOCIAL_SHARE = 0.6
#: Share of a box's removed blocks that one widget label must exceed for a region-labelled block to take it.
MIN_BOX_SHARE = 0.5
#: "By Ruth Okafor, 12 January 2026": an author's name after a "by" word, in a few languages.
_BYLINE = re.compile(r"^(by|von|par|por|di|door|af|av|przez)\s+\w", re.I)
MAX_BYLINE_WORDS = 12
_WORD = re.compile(r"\w+")
_COPYRIGHT = re.compile(r"©|\(c\)\s*\d{4}|\bcopyright\b", re.I)


def phrase_inside(text: str) -> tuple[Label, str] | None:
    """A label named by an interface phrase inside the text, for short blocks."""
    if len(text) > MAX_PHRASE_BLOCK:
        return None
    if _COPYRIGHT.search(text):
        return Label.FOOTER, "copyright notice"
    found = phrase_within(fold(text), min_chars=MIN_CONTAINED_PHRASE)
    return (found[0], f"phrase '{found[1]}'") if found else None


def is_share_bar(text: str) -> bool:
    words = _WORD.findall(text.lower())
    return bool(words) and sum(1 for w in words if w in SOCIAL_NETWORKS) >= MIN_SOCIAL_SHARE * len(words)


def _is_weak(decision: Decision) -> bool:
    if decision.rule in FIRM_RULES:
        return False
    return decision.label in (None, Label.OTHER) or decision.rule in WEAK_RULES


def _regional(decision: Decision) -> bool:
    return decision.rule not in FIRM_RULES and (_is_weak(decision) or decision.label in REGION_LABELS)


def _relabel(decision: Decision, label: Label, rule: str, reason: str) -> Decision:
    return Decision(decision.index, False, label, rule, reason)


def name_removed_blocks(segments: Sequence[Segment], decisions: Sequence[Decision]) -> list[Decision]:
    result = list(decisions)
    for i, (segment, decision) in enumerate(zip(segments, result)):
        if decision.keep or not _regional(decision):
            continue
        if not _is_weak(decision):
            # Labelled by its region only (a footer): a widget phrase inside names it better.
            found = phrase_inside(segment.text)
            if found and found[0] not in REGION_LABELS:
                result[i] = _relabel(decision, found[0], "phrase", f"{found[1]} in the block")
            continue
        if is_share_bar(segment.text) and segment.words <= 12:
            result[i] = _relabel(decision, Label.SHARE, "share-bar", "names of social networks")
            continue
        found = phrase_inside(segment.text)
        if found and (decision.label in (None, Label.OTHER) or decision.rule != "link-density"):
            result[i] = _relabel(decision, found[0], "phrase", f"{found[1]} in the block")
            continue
        if _BYLINE.match(segment.text) and segment.words <= MAX_BYLINE_WORDS:
            result[i] = _relabel(decision, Label.OTHER, "byline", "the article's byline")
            continue
        if is_time_line(segment.text, segment.words):
            result[i] = _relabel(decision, Label.OTHER, "dateline", "a date line")
            continue
        if segment.link_density >= 0.8 and segment.words >= MIN_TEASER_WORDS:
            result[i] = _relabel(decision, Label.RELATED, "teaser-link", "a linked headline of another page")
    result = _section_labels(segments, result)
    return _box_labels(segments, result)


def _section_labels(segments: Sequence[Segment], decisions: list[Decision]) -> list[Decision]:
    """Blocks under a removed heading that names its section ("Related articles") take its label."""
    section: tuple[str, Label, str] | None = None  # (parent path, label, heading text)
    for i, (segment, decision) in enumerate(zip(segments, decisions)):
        if decision.keep:
            section = None
            continue
        if segment.kind is BlockKind.HEADING and decision.label not in (None, Label.OTHER, Label.DUPLICATE):
            section = (ancestor_path(segment.path, 1), decision.label, segment.text[:40])
            continue
        if section and not segment.path.startswith(section[0] + "/"):
            section = None
        if section and _is_weak(decision) and decision.label is not section[1]:
            decisions[i] = _relabel(decision, section[1], "section-heading", f"under the heading '{section[2]}'")
    return decisions


def _box_labels(segments: Sequence[Segment], decisions: list[Decision]) -> list[Decision]:
    """A weakly labelled block takes the label of strongly labelled blocks in the same small box; a block
    labelled only by its region (footer, header) takes a widget label that most of its box carries
    (the footer's sign-up pitch beside its form)."""
    boxes = [[ancestor_path(s.path, d) for d in range(1, MAX_BOX_DISTANCE + 1)] for s in segments]
    labels_in: dict[str, list[Label]] = {}
    kept_paths: set[str] = set()
    for paths, decision in zip(boxes, decisions):
        if decision.keep:
            kept_paths.update(paths)
            continue
        label = Label.OTHER if _regional(decision) or decision.label is None else decision.label
        for path in paths:
            labels_in.setdefault(path, []).append(label)
    widgets_in: dict[str, tuple[Label | None, int, int]] = {}  # path -> (the one widget label, widgets, blocks)
    for i, (paths, decision) in enumerate(zip(boxes, decisions)):
        if decision.keep or not _regional(decision):
            continue
        for distance, path in enumerate(paths, 1):
            if path in kept_paths:
                break
            if path not in widgets_in:
                labels = labels_in.get(path, ())
                widgets = [label for label in labels if label is not Label.OTHER and label is not Label.DUPLICATE]
                widgets_in[path] = (widgets[0] if widgets and len(set(widgets)) == 1 else None, len(widgets),
                                    len(labels))
            widget, count, blocks = widgets_in[path]
            # A block named by its region takes a widget's label only from its own box (distance 1).
            if widget is not None and (_is_weak(decision) or distance == 1 and count > MIN_BOX_SHARE * blocks):
                decisions[i] = _relabel(decision, widget, "same-box", f"in the same box as {widget.value} blocks")
                break
    return decisions
