"""The signals the learned block scorer (``cleaner.html.scorer``) reads, one row of numbers per block.

A row holds the block's own signals (length, links, prose score, kind, tag, the classifier's verdict), the
markup above it (landmark tags and class/id tokens, by how near they sit), its context (what the extractors and
the rules did with its neighbours, how much of the page its container holds, where it sits, how many blocks
repeat its structure) and the page's (how much each extractor keeps, how much they agree). Nothing names a site:
the categorical signals (rules, labels, tags, class tokens) are read against vocabularies stored with the model,
which the training script builds from tokens seen on many sites.

Training (bench/train_scorer.py) and run time compute rows with the same two functions: ``raw_rows`` (what
does not depend on a model) and ``expand`` (raw rows to the model's columns).
"""
from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from cleaner.deadline import NO_DEADLINE, Deadline
from cleaner.html.compiled_core import compiled_module
from cleaner.html.classify import Verdict
from cleaner.html.ancestry import AncestorInfo
from cleaner.html.decisions import CAPTION_REACH, Decision, caption_markup, is_caption, within
from cleaner.html.extractors.candidate import Candidate
from cleaner.html.segment import Segment

#: How many levels above a block its ancestors' tags and tokens are read (the block's own element is level 0).
ANCESTOR_REACH = 8
#: Neighbour window, in blocks on each side, for the share of nearby text that each extractor keeps.
WINDOW = 3
#: Levels above a block whose element's share of the page's text is a signal (parent, grandparent, ...).
SHARE_LEVELS = (1, 2, 3, 5)
_SENTENCE_ENDS = (".", "!", "?", "\"", "”", "»", "…", ":", ")")
_INDEX = re.compile(r"\[\d+\]")

#: Numeric columns, in order, with how a reason reads each (``{}`` is filled with the block's value).
NUMERIC: tuple[tuple[str, str], ...] = (
    ("log_length", "{:.0f} chars"), ("log_words", "{:.0f} words"), ("link_density", "link density {:.2f}"),
    ("prose", "prose score {:.2f}"), ("heading_level", "heading level {:.0f}"), ("inside_form", "inside a form"),
    ("caption", "a caption"), ("ends_sentence", "ends like a sentence"), ("strong", "explicit markup or wording"),
    ("hinted", "a weak class hint"), ("depth", "{:.0f} levels deep"), ("comma_rate", "{:.2f} commas a word"),
    ("digit_share", "{:.0%} digits"), ("log_group_size", "in a list or table of {:.0f}"),
    ("by_ours", "kept by our extractor"), ("in_our_container", "inside our article container"),
    ("in_our_core", "inside our best-scored element"), ("rules_keep", "the rules keep it"),
    ("by_trafilatura", "kept by trafilatura"), ("in_trafilatura_core", "inside trafilatura's article element"),
    ("trafilatura_asked", "trafilatura was asked"),
    ("prev_ours", "the block before is kept by our extractor"), ("next_ours", "the block after is kept by ours"),
    ("prev_rules", "the rules keep the block before"), ("next_rules", "the rules keep the block after"),
    ("prev_trafilatura", "trafilatura keeps the block before"), ("next_trafilatura", "trafilatura keeps the one after"),
    ("prev_prose", "the block before has prose {:.2f}"), ("next_prose", "the block after has prose {:.2f}"),
    ("window_ours", "our extractor keeps {:.0%} of the text around it"),
    ("window_rules", "the rules keep {:.0%} of the text around it"),
    ("window_trafilatura", "trafilatura keeps {:.0%} of the text around it"),
    ("window_prose", "the text around it has prose {:.2f}"),
    *((f"share_up{n}", f"the element {n} up holds {{:.0%}} of the page") for n in SHARE_LEVELS),
    *((f"links_up{n}", f"the element {n} up has link density {{:.2f}}") for n in SHARE_LEVELS[1::2]),
    ("log_repeats", "{:.0f} blocks repeat its structure"), ("log_same_text", "its text is on the page {:.0f} more times"),
    ("position", "at {:.0%} of the page"), ("page_share", "it holds {:.0%} of the page's text"),
    ("log_card_run", "one of {:.0f} sibling items of the same structure"),
    ("shape_share", "blocks of its structure hold {:.0%} of the page's text"),
    ("page_log_blocks", "the page has {:.0f} blocks"), ("page_log_chars", "the page has {:.0f} chars"),
    ("page_our_prose_share", "our container holds {:.0%} of the page's prose"),
    ("page_ours_share", "our extractor keeps {:.0%} of the page"),
    ("page_rules_share", "the rules keep {:.0%} of the page"),
    ("page_trafilatura_share", "trafilatura keeps {:.0%} of the page"),
    ("page_agreement", "the extractors agree on {:.0%} of the kept text"),
    ("page_link_density", "the page's link density is {:.2f}"),
)
NUMERIC_NAMES = tuple(name for name, _ in NUMERIC)
#: Values stored as log1p (a reason shows them back in their units).
LOGGED = frozenset({"log_length", "log_words", "log_group_size", "log_repeats", "log_same_text", "page_log_blocks",
                    "page_log_chars"})
#: The categorical signals of a block and how a reason reads a value of each.
CATEGORIES: tuple[tuple[str, str], ...] = (
    ("verdict_rule", "classified by rule '{}'"), ("verdict_label", "classified '{}'"), ("hint", "hinted '{}'"),
    ("rule", "the rules decided by '{}'"), ("tag", "a <{}>"), ("kind", "a {}"),
    ("ancestor_tag", "inside <{}>"), ("token", "inside an element named '{}'"), ("page_type", "on a {} page"),
)


@dataclass(frozen=True)
class RawRow:
    """A block's signals before a model's vocabularies turn them into columns. ``categories`` maps a
    categorical signal to its values with a weight (ancestors: nearer weighs more)."""

    index: int
    numeric: tuple[float, ...]
    categories: dict[str, dict[str, float]]


@dataclass(frozen=True)
class PageInputs:
    """What the scorer reads of a page: its blocks, their verdicts, both extractors and the rules' decisions."""

    segments: Sequence[Segment]
    verdicts: Sequence[Verdict]
    heuristic: Candidate
    trafilatura: Candidate
    decisions: Sequence[Decision]
    trafilatura_core: str = ""
    page_type: str = ""  # the detected kind of page (cleaner.html.page_kind)


def _element_totals(segments: Sequence[Segment]) -> tuple[Counter[str], Counter[str]]:
    """Characters and link characters of visible text under each element SHARE_LEVELS up from some block
    (added up per parent first: siblings share their elements above)."""
    by_parent: dict[str, list[int]] = {}
    for segment in segments:
        if not segment.hidden:
            parent = segment.path.rsplit("/", 1)[0]
            found = by_parent.get(parent)
            if found is None:
                by_parent[parent] = [segment.length, segment.link_chars, segment.path.count("/")]
            else:
                found[0] += segment.length
                found[1] += segment.link_chars
    chars: Counter[str] = Counter()
    links: Counter[str] = Counter()
    top = max(SHARE_LEVELS)
    for path, (length, link_chars, levels) in by_parent.items():
        for _ in range(min(top, levels)):
            chars[path] += length
            links[path] += link_chars
            path = path.rsplit("/", 1)[0]
    return chars, links


def _prefix(values: Sequence[float]) -> list[float]:
    sums = [0.0]
    for value in values:
        sums.append(sums[-1] + value)
    return sums


@dataclass(frozen=True)
class _Context:
    """Per-page sums the block rows read: prefix sums over reading order of each extractor's kept characters."""

    ours: list[bool]
    traf: list[bool]
    rules: list[bool]
    prose: list[float]
    lengths: list[int]
    sums: dict[str, list[float]]

    def windows(self, i: int) -> tuple[float, float, float, float]:
        """The share (of characters) of the WINDOW blocks on each side that our extractor, the rules and
        trafilatura keep, and their prose score (weighted by characters)."""
        lengths, sums = self.lengths, self.sums
        lo, hi = max(0, i - WINDOW), min(len(lengths), i + WINDOW + 1)
        size, total = lengths[i], sums["length"]
        near = total[hi] - total[lo] - size
        if not near > 0:
            return 0.0, 0.0, 0.0, 0.0
        ours, rules, traf, prose = sums["ours"], sums["rules"], sums["traf"], sums["prose"]
        return ((ours[hi] - ours[lo] - size * self.ours[i]) / near,
                (rules[hi] - rules[lo] - size * self.rules[i]) / near,
                (traf[hi] - traf[lo] - size * self.traf[i]) / near,
                (prose[hi] - prose[lo] - size * self.prose[i]) / near)


def _context(page: PageInputs) -> _Context:
    segments = page.segments
    lengths = [0 if s.hidden else s.length for s in segments]
    ours = [s.index in page.heuristic.kept for s in segments]
    traf = [s.index in page.trafilatura.kept for s in segments]
    rules = [d.keep for d in page.decisions]
    prose = [v.prose for v in page.verdicts]
    sums = {"length": _prefix(lengths), "ours": _prefix([n * k for n, k in zip(lengths, ours)]),
            "traf": _prefix([n * k for n, k in zip(lengths, traf)]),
            "rules": _prefix([n * k for n, k in zip(lengths, rules)]),
            "prose": _prefix([n * p for n, p in zip(lengths, prose)])}
    return _Context(ours, traf, rules, prose, lengths, sums)


def _page_numbers(page: PageInputs, context: _Context) -> tuple[float, ...]:
    sums = context.sums
    total = sums["length"][-1] or 1
    ours, traf = sums["ours"][-1], sums["traf"][-1]
    both = sum(context.lengths[i] for i in page.heuristic.kept & page.trafilatura.kept)
    links = sum(s.link_chars for s in page.segments if not s.hidden)
    return (math.log1p(len(page.segments)), math.log1p(total), page.heuristic.prose_share, ours / total,
            sums["rules"][-1] / total, traf / total, both / max(1, ours + traf - both), links / total)


def raw_rows(page: PageInputs, deadline: Deadline = NO_DEADLINE, skip: frozenset[int] = frozenset()
             ) -> list[RawRow]:
    """``python_raw_rows``, by the compiled module (cleaner/html/_scorer_rows.pyx) when it is loaded: the
    same rows."""
    if _COMPILED_ROWS is not None:
        return _COMPILED_ROWS.raw_rows(page, deadline, skip)
    return python_raw_rows(page, deadline, skip)


def python_raw_rows(page: PageInputs, deadline: Deadline = NO_DEADLINE, skip: frozenset[int] = frozenset()
                    ) -> list[RawRow]:
    """The raw rows of the page's visible blocks (hidden ones are never kept, so never scored), but for the
    blocks of ``skip`` (their decisions stand whatever they score: their rows would go unread)."""
    segments = page.segments
    context = _context(page)
    chars, links = _element_totals(segments)
    total = context.sums["length"][-1] or 1
    shapes = [_INDEX.sub("", s.path) for s in segments]
    shape_counts = Counter(shapes)
    runs, shape_chars = _shape_runs(segments, shapes)
    texts = Counter(s.text for s in segments if not s.hidden)
    groups = Counter(s.group for s in segments if s.group >= 0)
    page_numbers = _page_numbers(page, context)
    last = max(1, len(segments) - 1)
    above: dict[str, _Above] = {}
    merged: dict[tuple[str, int], tuple[dict[str, float], dict[str, float]]] = {}
    page_type = {page.page_type or "none": 1.0}  # one dict for all rows: rows are only read
    rows = []
    for segment, verdict, decision in deadline.watch(zip(segments, page.verdicts, page.decisions)):
        if segment.hidden or segment.index in skip:
            continue
        i, parent = segment.index, segment.path.rsplit("/", 1)[0]
        here = above.get(parent)
        if here is None:  # the elements above a block are its siblings' too
            here = above[parent] = _above(segment, chars, links, total)
        own = segment.ancestors[0] if segment.ancestors else None
        caption = is_caption(segment, here.caption)
        shape = shapes[i]
        numeric = (*_own_numbers(segment, verdict, groups, caption), *_extractor_numbers(page, segment, decision),
                   *_neighbour_numbers(i, context), *here.shares,
                   math.log1p(shape_counts[shape] - 1), math.log1p(texts[segment.text] - 1), i / last,
                   segment.length / total, math.log1p(runs[shape] - 1), shape_chars[shape] / total,
                   *page_numbers)
        tags, tokens = _ancestry(parent, here, own, merged)
        rows.append(RawRow(i, numeric, row_categories(segment, verdict, decision, tags, tokens, page_type)))
    return rows


def row_categories(segment: Segment, verdict: Verdict, decision: Decision, tags: dict[str, float],
                   tokens: dict[str, float], page_type: dict[str, float]) -> dict[str, dict[str, float]]:
    """A row's categorical signals (``CATEGORIES``' keys, in their order)."""
    return {
        "verdict_rule": {verdict.rule: 1.0}, "verdict_label": {_label(verdict.label): 1.0},
        "hint": {_label(verdict.hint): 1.0}, "rule": {decision.rule: 1.0}, "tag": {segment.tag: 1.0},
        "kind": {segment.kind.value: 1.0}, "ancestor_tag": tags, "token": tokens, "page_type": page_type,
    }


@dataclass(frozen=True)
class _Above:
    """What a row reads of the elements above its block, the same for all the blocks of one parent: the
    shares of ``_shares_above``, whether one of them is caption markup (``decisions.caption_markup``), and
    their tags and class/id tokens, each weighted by how near it sits (1 / (1 + levels up))."""

    shares: tuple[float, ...]
    caption: bool
    tags: dict[str, float]
    tokens: dict[str, float]


def _above(segment: Segment, chars: Counter[str], links: Counter[str], total: int) -> _Above:
    tags, tokens = tags_above(segment.ancestors)
    return _Above(_shares_above(segment.path, chars, links, total),
                  caption_markup(segment.ancestors[1:CAPTION_REACH]), tags, tokens)


def tags_above(ancestors: Sequence[AncestorInfo]) -> tuple[dict[str, float], dict[str, float]]:
    """The tags and class/id tokens (and roles) of the elements above a block's own, up to ANCESTOR_REACH
    levels, each weighted by how near it sits (1 / (1 + levels up)); the nearest weight of a repeated one."""
    tags: dict[str, float] = {}
    tokens: dict[str, float] = {}
    for distance, ancestor in enumerate(ancestors[1:ANCESTOR_REACH], 1):
        weight = 1.0 / (1 + distance)
        tags.setdefault(ancestor.tag, weight)
        for token in ancestor.tokens:
            tokens.setdefault(token, weight)
        if ancestor.role:
            tokens.setdefault(f"role={ancestor.role}", weight)
    return tags, tokens


def _shares_above(path: str, chars: Counter[str], links: Counter[str], total: int) -> tuple[float, ...]:
    """The share of the page's text under each element SHARE_LEVELS up, and the link density of every other."""
    up = path.split("/")
    elements = ["/".join(up[:-n]) for n in SHARE_LEVELS]
    return (*(chars[e] / total for e in elements),
            *(links[e] / chars[e] if chars[e] else 0.0 for e in elements[1::2]))


def _shape_runs(segments: Sequence[Segment], shapes: Sequence[str]) -> tuple[Counter[str], Counter[str]]:
    """Per structure (the path without positions): how many different parents its visible blocks sit in (a
    grid of cards, a thread's posts: one per item; an article's paragraphs: one) and their characters."""
    parents: dict[str, set[str]] = {}
    chars: Counter[str] = Counter()
    for segment, shape in zip(segments, shapes):
        if not segment.hidden:
            parents.setdefault(shape, set()).add(segment.path.rsplit("/", 1)[0])
            chars[shape] += segment.length
    return Counter({shape: len(found) for shape, found in parents.items()}), chars


def _own_numbers(segment: Segment, verdict: Verdict, groups: Counter[int], caption: bool) -> tuple[float, ...]:
    text = segment.text
    words = max(1, segment.words or len(text.split()))
    return (math.log1p(segment.length), math.log1p(words), segment.link_density, verdict.prose,
            float(segment.heading_level), float(segment.inside_form), float(caption),
            float(text.rstrip().endswith(_SENTENCE_ENDS)), float(verdict.strong), float(verdict.hint is not None),
            float(segment.path.count("/")), text.count(",") / words,
            sum(map(text.count, "0123456789")) / max(1, len(text)),
            math.log1p(groups[segment.group]) if segment.group >= 0 else 0.0)


def _extractor_numbers(page: PageInputs, segment: Segment, decision: Decision) -> tuple[float, ...]:
    i, heuristic, trafilatura = segment.index, page.heuristic, page.trafilatura
    return (float(i in heuristic.kept), float(within(segment.path, heuristic.container)),
            float(within(segment.path, heuristic.core)), float(decision.keep), float(i in trafilatura.kept),
            float(within(segment.path, page.trafilatura_core)), float(trafilatura.available))


def _neighbour_numbers(i: int, context: _Context) -> tuple[float, ...]:
    ours, traf, rules, prose = context.ours, context.traf, context.rules, context.prose
    last = len(ours) - 1
    before, after = max(0, i - 1), min(last, i + 1)
    return (float(i > 0 and ours[before]), float(i < last and ours[after]),
            float(i > 0 and rules[before]), float(i < last and rules[after]),
            float(i > 0 and traf[before]), float(i < last and traf[after]),
            prose[before] if i > 0 else 0.0, prose[after] if i < last else 0.0,
            *context.windows(i))


def _ancestry(parent: str, above: _Above, own: AncestorInfo | None,
              merged: dict[tuple[str, int], tuple[dict[str, float], dict[str, float]]]
              ) -> tuple[dict[str, float], dict[str, float]]:
    """The tags and class/id tokens of the elements above a block and of its own element (weight 1). Siblings
    with the same own element share the result, cached by the parent's path and the element's identity (the
    page's AncestorInfo objects live as long as its segments, so their ids are stable keys here)."""
    if own is None:
        return above.tags, above.tokens
    key = (parent, id(own))
    found = merged.get(key)
    if found is None:
        tags, tokens = dict(above.tags), dict(above.tokens)
        tags[own.tag] = 1.0
        tokens.update(dict.fromkeys(own.tokens, 1.0))
        if own.role:
            tokens[f"role={own.role}"] = 1.0
        found = merged[key] = (tags, tokens)
    return found


def _label(label: object) -> str:
    return getattr(label, "value", "none") if label is not None else "none"


def column_names(vocabulary: dict[str, Sequence[str]]) -> list[str]:
    """The model's columns: the numeric signals, then one per (category, value) of the vocabulary."""
    return [*NUMERIC_NAMES, *(f"{category}:{value}" for category, _ in CATEGORIES
                               for value in vocabulary.get(category, ()))]


def expand(rows: Sequence[RawRow], vocabulary: dict[str, Sequence[str]]) -> list[list[float]]:
    """Raw rows to the model's columns (a value outside the vocabulary counts for nothing)."""
    slots: dict[tuple[str, str], int] = {}
    for category, _ in CATEGORIES:
        for value in vocabulary.get(category, ()):
            slots[category, value] = len(NUMERIC_NAMES) + len(slots)
    width = len(NUMERIC_NAMES) + len(slots)
    result = []
    for row in rows:
        values = list(row.numeric) + [0.0] * (width - len(NUMERIC_NAMES))
        for category, found in row.categories.items():
            for value, weight in found.items():
                slot = slots.get((category, value))
                if slot is not None:
                    values[slot] = weight
        result.append(values)
    return result


#: The compiled rows when built and not turned off (CLEANER_PURE_PYTHON=1); read last, since that module
#: imports this one's names.
_COMPILED_ROWS = compiled_module("cleaner.html._scorer_rows")
ACCELERATED = _COMPILED_ROWS is not None
