"""Topical distance: blocks at the edges of the body that talk about something else than the article.

Sites print blurbs about sponsors and partners (other companies) right under the article, as prose that
passes every length and stop-word test. What gives them away is their vocabulary: most of their content
words never occur in the article. We peel such blocks from the tail (and, more cautiously, the head) of
the body, comparing each with the half of the body on the other side, so that a run of blurbs cannot
vouch for each other.
"""
from __future__ import annotations

import re
from collections import Counter

from .lexicon import WORD_RE
from .textclassify import Assessment, Quality
from .textsegment import TextBlock

#: A body needs this many prose blocks before topical distance means anything.
MIN_BODY_BLOCKS = 4
#: A tail unit whose content terms occur in the anchor (the first half of the body) less than this share
#: of the time strays from the article. Hand-made articles with partner blurbs give 0.05-0.30, but the
#: closing paragraphs of real articles drift as low too, so distance alone never removes a block: the
#: unit must also have a subject of its own (below).
MAX_TAIL_OVERLAP = 0.35
#: A unit's own subject: a capitalized word it uses at least this often that the body before it never uses
#: (the name of the company a blurb is about).
MIN_SUBJECT_MENTIONS = 2
#: ... and that it names among its first words, as blurbs do ("Acme Corp is a leading ..."). This keeps
#: closing paragraphs that bring in a new name in passing, and German prose, where every noun is
#: capitalized.
SUBJECT_OPENING_WORDS = 3
#: Blocks shorter than this many content terms say too little to judge.
MIN_CONTENT_TERMS = 8
#: Blank lines that set off a unit (a blurb of several paragraphs) when the dump uses more than one.
UNIT_GAP = 2
#: Words are compared by their first few letters, a light stemmer that works in any alphabetic language
#: ("invest", "investment", "investing" meet). Scripts written without spaces or with particles glued to
#: words (Chinese, Japanese, Korean) are compared by character pairs instead.
STEM_CHARS = 6
_UNSPACED = re.compile(r"[\u1100-\u11ff\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


def _terms(word: str) -> list[str]:
    if _UNSPACED.search(word):
        return [word[i:i + 2] for i in range(max(1, len(word) - 1))]
    return [word[:STEM_CHARS]]


def content_counts(text: str, stop: frozenset[str]) -> Counter[str]:
    """Content terms of a text (not stop words, not numbers, two letters or more), counted."""
    return Counter(t for w in WORD_RE.findall(text.lower()) if w not in stop and not w.isdigit() and len(w) > 1
                   for t in _terms(w))


def capitalized(text: str, stop: frozenset[str]) -> Counter[str]:
    """Capitalized words that are not stop words (names of people, places, companies), counted."""
    return Counter(w for w in WORD_RE.findall(text) if w[0].isupper() and w.lower() not in stop and len(w) > 1)


def overlap(block: Counter[str], anchor: Counter[str]) -> float:
    """Share of a block's content-term occurrences whose term occurs in the anchor."""
    total = sum(block.values())
    return sum(n for w, n in block.items() if w in anchor) / total if total else 1.0


def _units(body: list[int], blocks: tuple[TextBlock, ...]) -> list[list[int]]:
    """Body blocks grouped into units set off by wider gaps, when the dump has wider gaps at all."""
    wide = any(blocks[i].gap_before >= UNIT_GAP for i in body[1:])
    units: list[list[int]] = []
    for i in body:
        if not units or not wide or blocks[i].gap_before >= UNIT_GAP:
            units.append([i])
        else:
            units[-1].append(i)
    return units


def stray_edges(blocks: tuple[TextBlock, ...], assessed: list[Assessment], region: range,
                stop: frozenset[str]) -> dict[int, str]:
    """index -> reason, for units at the end of the body that are about something else than the article."""
    body = [i for i in region if assessed[i].quality in (Quality.GOOD, Quality.NEAR_GOOD)]
    if len(body) < MIN_BODY_BLOCKS:
        return {}
    units = _units(body, blocks)
    anchor = sum((content_counts(blocks[i].text, stop) for i in body[:(len(body) + 1) // 2]), Counter())
    strays: dict[int, str] = {}
    for n in range(len(units) - 1, 0, -1):
        if units[n][0] < body[len(body) // 2]:
            break  # never more than the second half of the body
        text = " ".join(blocks[i].text for i in units[n])
        before = " ".join(blocks[i].text for unit in units[:n] for i in unit)
        terms = content_counts(text, stop)
        share = overlap(terms, anchor)
        names = capitalized(before, stop)
        opening = set(WORD_RE.findall(text)[:SUBJECT_OPENING_WORDS])
        subject = next((w for w, k in capitalized(text, stop).most_common()
                        if k >= MIN_SUBJECT_MENTIONS and w not in names and w in opening), None)
        if sum(terms.values()) < MIN_CONTENT_TERMS or share >= MAX_TAIL_OVERLAP or subject is None:
            break
        strays.update({i: f"off-topic after the article: about {subject!r}, which the article never names; "
                          f"{share:.0%} of its words occur in the article (limit {MAX_TAIL_OVERLAP:.0%})"
                       for i in units[n]})
    return strays
