"""Scraped text -> blocks: lines grouped between blank lines, hard-wrapped lines rejoined.

A scraper's dump keeps the page's layout as lines. Paragraphs of prose may be hard-wrapped at a fixed
width, or cut where a link's text was dropped; menus are runs of short lines. This module only decides
which lines belong together; what each block *is* is decided in ``text.classify``.
"""
from __future__ import annotations

import re
import statistics
from dataclasses import dataclass


from cleaner.deadline import NO_DEADLINE, Deadline
from cleaner.lexicon import WORD_RE, function_words

#: Characters that end a sentence (or a heading-like label) at the end of a line.
TERMINAL = ".!?:;…。！？\"”’»)]"
#: A text counts as hard-wrapped when at least this many lines run on into the next line ...
MIN_WRAPPED_LINES = 5
#: ... and their lengths are this tight around their median (interquartile range / median). Chosen by
#: looking at dumps wrapped at 72-80 columns (spread ~0.1) versus layout dumps (spread > 0.5).
MAX_WRAP_SPREAD = 0.3
#: ... and at least this share of them continue on the next line in lower case (a sentence cut by the
#: wrap); wrapped English or French prose gives 0.6-0.8, German 0.4-0.5, lists of titles none.
MIN_LOWER_CONTINUATIONS = 0.3
#: A line at least this share of the wrap width, running on into the next line, was wrapped by the dump.
WRAP_SHARE = 0.6
#: Lines shorter than this never decide the wrap width (labels and menu items).
MIN_WRAP_CANDIDATE = 40
#: A fragment cut by a dropped link is at most this many words long.
MAX_FRAGMENT_WORDS = 8

#: A line ending in one of the language's this-many most frequent words (the, of, and, a ...) runs on:
#: a sentence does not end on an article or a preposition. jusText's lists are ordered by frequency;
#: their tails hold content words ("album", "line") that end sentences freely.
FUNCTION_WORDS = 100

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u3000]+")


@dataclass(frozen=True)
class TextBlock:
    """One block of scraped text: its lines joined, where it came from, and the blank lines before it."""

    index: int
    text: str
    first_line: int  # 1-based
    last_line: int
    gap_before: int  # blank lines before the block (the start of the text counts as a large gap)
    line_count: int

    @property
    def path(self) -> str:
        if self.first_line == self.last_line:
            return f"line {self.first_line}"
        return f"line {self.first_line}-{self.last_line}"


@dataclass(frozen=True)
class _Line:
    number: int
    text: str
    gap_before: int


def clean_line(line: str) -> str:
    """A line with runs of spaces (including no-break and wide spaces) made one space, ends trimmed."""
    return _SPACES.sub(" ", line).strip()


def _lines(text: str, deadline: Deadline = NO_DEADLINE) -> list[_Line]:
    lines, gap = [], 1_000
    for number, raw in deadline.watch(enumerate(text.splitlines(), start=1)):
        line = clean_line(raw)
        if not line:
            gap += 1
            continue
        lines.append(_Line(number, line, gap))
        gap = 0
    return lines


def wrap_width(lines: list[_Line]) -> int | None:
    """The column the dump hard-wrapped prose at, or None when its prose is not hard-wrapped."""
    breaks = [(a, b) for a, b in zip(lines, lines[1:]) if b.gap_before == 0 and len(a.text) >= MIN_WRAP_CANDIDATE]
    candidates = [len(a.text) for a, _ in breaks]
    if len(candidates) < MIN_WRAPPED_LINES:
        return None
    if sum(1 for _, b in breaks if _starts_lower(b.text)) < MIN_LOWER_CONTINUATIONS * len(breaks):
        return None  # lines of equal length that each start a new sentence: a list, not wrapped prose
    q1, median, q3 = statistics.quantiles(candidates, n=4)
    if (q3 - q1) / median > MAX_WRAP_SPREAD:
        return None
    return int(max(c for c in candidates if c <= 1.3 * median))


def ends_sentence(text: str) -> bool:
    return text.endswith(tuple(TERMINAL))


def _starts_lower(text: str) -> bool:
    head = text.lstrip("\"'“‘(«-–— ")
    return bool(head) and head[0].islower()


def _last_word(text: str) -> str:
    words = WORD_RE.findall(text[-40:].lower())
    return words[-1] if words else ""


def _runs_on(a: str, b: str, width: int | None, stop: frozenset[str]) -> bool:
    """Whether line ``b`` continues the sentence of line ``a`` (same paragraph, no blank line between)."""
    if a == b:
        return False  # a repeated line (a headline printed twice) is two blocks
    if ends_sentence(a):
        return width is not None and len(a) >= WRAP_SHARE * width and len(b) >= WRAP_SHARE * width / 2
    if _starts_lower(b) or a.endswith((",", "-", "–", "&")):
        return True
    if _last_word(a) in stop and len(WORD_RE.findall(a)) >= 3:
        return True
    return width is not None and len(a) >= WRAP_SHARE * width


def _groups(lines: list[_Line]) -> list[list[_Line]]:
    groups: list[list[_Line]] = []
    for line in lines:
        if line.gap_before or not groups:
            groups.append([line])
        else:
            groups[-1].append(line)
    return groups


def _split_group(group: list[_Line], width: int | None, stop: frozenset[str],
                 deadline: Deadline = NO_DEADLINE) -> list[list[_Line]]:
    """Cut a group of adjacent lines into paragraphs where a line does not run on into the next."""
    joins = [_runs_on(a.text, b.text, width, stop) for a, b in deadline.watch(zip(group, group[1:]))]
    # A group whose breaks mostly run on is one wrapped paragraph: its remaining breaks without a
    # sentence end are wraps too (a line cut short where the dump dropped a link's text).
    if joins and sum(joins) * 2 >= len(joins) and width is not None:
        joins = [j or (not ends_sentence(a.text) and a.text != b.text)
                 for j, a, b in zip(joins, group, group[1:])]
    parts = [[group[0]]]
    for joined, line in zip(joins, group[1:]):
        if joined:
            parts[-1].append(line)
        else:
            parts.append([line])
    return parts


def _join(lines: list[_Line]) -> str:
    return " ".join(line.text for line in lines)


def _is_cut_fragment(part: list[_Line], following: list[_Line], stop: frozenset[str]) -> bool:
    """A short piece ending in a function word, followed (after one blank line) by a lower-case
    continuation: a sentence the dump cut where it dropped a link's text."""
    text, nxt = _join(part), following[0]
    return (nxt.gap_before == 1 and not ends_sentence(text) and _last_word(text) in stop
            and len(WORD_RE.findall(text)) <= MAX_FRAGMENT_WORDS and _starts_lower(nxt.text))


def segment_text(text: str, *, language: str | None = None, deadline: Deadline = NO_DEADLINE) -> tuple[TextBlock, ...]:
    """Blocks of the text in reading order, hard-wrapped lines rejoined."""
    lines = _lines(text, deadline)
    width = wrap_width(lines)
    stop = function_words(language, FUNCTION_WORDS)
    parts: list[list[_Line]] = []
    for group in deadline.watch(_groups(lines)):
        for part in _split_group(group, width, stop, deadline):
            if parts and part[0].gap_before and _is_cut_fragment(parts[-1], part, stop):
                parts[-1] = parts[-1] + part
            else:
                parts.append(part)
    return tuple(
        TextBlock(index=i, text=_join(part), first_line=part[0].number, last_line=part[-1].number,
                  gap_before=min(part[0].gap_before, 1_000), line_count=len(part))
        for i, part in enumerate(parts)
    )
