"""Topical distance: blocks at the edges of the body that talk about something else than the article.

Sites print blurbs about sponsors and partners (other companies) right under the article, as prose that
passes every length and stop-word test. What gives them away is their vocabulary: most of their content
words never occur in the article. We peel such blocks from the tail (and, more cautiously, the head) of
the body, comparing each with the half of the body on the other side, so that a run of blurbs cannot
vouch for each other. Lists of other stories under the article ("headline, source, summary" again and
again) are found by their shape and by most of their items being about other subjects.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from cleaner.lexicon import WORD_RE
from cleaner.text.classify import Assessment, Quality
from cleaner.text.segment import TextBlock, ends_sentence

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


def total_counts(texts: Iterable[str], stop: frozenset[str]) -> Counter[str]:
    """Content terms of several texts together. Updated in place: ``sum()`` of Counters copies the growing
    total once per text, quadratic on a long body (20,000 blocks of a 0.5 MB dump took 30 s, bench/fuzz.py)."""
    total: Counter[str] = Counter()
    for text in texts:
        total.update(content_counts(text, stop))
    return total


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
    anchor = total_counts((blocks[i].text for i in body[:(len(body) + 1) // 2]), stop)
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


#: A teaser (a link to another story) is a headline and its summary: at most this many characters in all.
#: The summaries under the dev set's article pages run 60-300 characters; article sections run longer.
MAX_TEASER_CHARS = 500
#: A headline: a block of this many words (a list item or a name has fewer) that does not end a sentence.
MIN_HEADLINE_WORDS, MAX_HEADLINE_WORDS = 3, 20
#: A teaser's head holds the headline and at most this many lines in all (a kicker above it, the source
#: or section below it), and its summary at most this many blocks.
MAX_TEASER_HEAD = 4
MAX_TEASER_SUMMARY = 2
#: A teaser shares less than this share of its content terms with the article: other stories' summaries
#: share 0-0.3, the article's own short sections 0.4 and more (measured on the dev set's tails).
MAX_TEASER_OVERLAP = 0.35
#: So many teasers in a row at the end of the body make a list of other stories; one or two off-topic
#: short sections may be the article's own closing remarks.
MIN_TEASER_RUN = 3
#: ... and they are at least this share of the run of teaser-shaped items: a list of other stories may hold
#: one on the article's subject, an article's own short sections are mostly on it.
MIN_OFF_TOPIC_SHARE = 0.6


def _items(region: range, blocks: tuple[TextBlock, ...]) -> list[list[int]]:
    """Blocks grouped into items: a head of lines without a sentence end (kicker, headline, source) and
    the sentences after it."""
    items: list[list[int]] = []
    for i in region:
        opens = not ends_sentence(blocks[i].text) and (not items or ends_sentence(blocks[items[-1][-1]].text))
        if not items or opens:
            items.append([i])
        else:
            items[-1].append(i)
    return items


def _is_teaser(item: list[int], blocks: tuple[TextBlock, ...], words: list[int]) -> bool:
    """A head of one to MAX_TEASER_HEAD short lines, one a headline, then a summary of one or two blocks,
    all short."""
    head = [i for i in item if not ends_sentence(blocks[i].text)]
    summary = item[len(head):]
    return (1 <= len(head) <= MAX_TEASER_HEAD and 1 <= len(summary) <= MAX_TEASER_SUMMARY
            and all(words[i] <= MAX_HEADLINE_WORDS for i in head)
            and any(words[i] >= MIN_HEADLINE_WORDS for i in head)
            and sum(len(blocks[i].text) for i in item) <= MAX_TEASER_CHARS)


def teaser_tail(blocks: tuple[TextBlock, ...], assessed: list[Assessment], region: range,
                stop: frozenset[str]) -> dict[int, str]:
    """index -> reason, for a run of at least MIN_TEASER_RUN teasers (headline and short summary, each
    about another subject than the article) that ends the body: a list of other stories."""
    body = [i for i in region if assessed[i].quality in (Quality.GOOD, Quality.NEAR_GOOD)]
    if len(body) < MIN_BODY_BLOCKS:
        return {}
    words = [len(WORD_RE.findall(b.text)) for b in blocks]
    items = _items(region, blocks)
    anchor = total_counts((blocks[i].text for i in body[:(len(body) + 1) // 2]), stop)
    run: list[tuple[list[int], float]] = []
    for item in reversed(items[1:]):
        if item[0] < body[len(body) // 2]:
            return {}  # items of this shape through half the body are the article's own (a list, a guide)
        if not _is_teaser(item, blocks, words):
            break
        run.append((item, overlap(content_counts(" ".join(blocks[i].text for i in item), stop), anchor)))
    off_topic = sum(1 for _, share in run if share < MAX_TEASER_OVERLAP)
    if off_topic < MIN_TEASER_RUN or off_topic < MIN_OFF_TOPIC_SHARE * len(run):
        return {}
    return {i: f"teaser {n} of {len(run)} after the article (a headline and a short summary); "
               f"{off_topic} of them about other subjects (under {MAX_TEASER_OVERLAP:.0%} of their words in the "
               f"article), this one {share:.0%}"
            for n, (item, share) in enumerate(reversed(run), start=1) for i in item}
