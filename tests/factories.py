"""Small builders for the stage tests: segments from HTML snippets, verdicts and decisions by hand.

Segments are made by the real parser and segmenter (so paths, groups and ancestors are what the
pipeline sees); verdicts and decisions are plain values, so each test states the input it cares about.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence

from cleaner.html.classify import Verdict
from cleaner.html.decisions import Decision
from cleaner.html.extractors.candidate import Candidate
from cleaner.html.parse import parse_html
from cleaner.html.segment import Segment, segment_tree
from cleaner.types import Label

#: Prose of a paragraph long enough to vote and be kept anywhere (about 300 characters, full stops).
PROSE = ("The committee met on Tuesday to discuss the new budget for the coming year, and after a long debate "
         "the members agreed that the money would be spent on schools, roads and the library, which had been "
         "closed for repairs since the storm. The mayor said that the decision was a good one for the town.")


def prose(n: int = 1) -> str:
    """``n`` distinct prose sentences-worth of text (distinct so duplicate rules do not fire)."""
    return " ".join(f"{PROSE} Part {i} of the report was read aloud." for i in range(n))


def page(body: str, head: str = "", lang: str = "en") -> str:
    return f"<html lang=\"{lang}\"><head>{head}</head><body>{body}</body></html>"


def segments_of(body_or_html: str) -> list[Segment]:
    """The segments of a snippet (wrapped in a page unless it is one already)."""
    html = body_or_html if body_or_html.lstrip().lower().startswith(("<html", "<!doctype")) else page(body_or_html)
    return segment_tree(parse_html(html))


def find(segments: Sequence[Segment], text: str) -> Segment:
    """The first segment whose text contains ``text``."""
    for segment in segments:
        if text in segment.text:
            return segment
    raise AssertionError(f"no segment contains {text!r}: {[s.text for s in segments]}")


def content(prose_score: float = 0.9) -> Verdict:
    return Verdict(None, "content", "test", prose=prose_score)


def labelled(label: Label, *, strong: bool = True, rule: str = "markup", prose_score: float = 0.1) -> Verdict:
    return Verdict(label, rule, "test", strong=strong, prose=prose_score)


def keep(index: int, rule: str = "test") -> Decision:
    return Decision(index, True, None, rule, "test")


def drop(index: int, label: Label = Label.OTHER, rule: str = "outside-article") -> Decision:
    return Decision(index, False, label, rule, "test")


def decisions_keeping(segments: Sequence[Segment], kept: Iterable[int]) -> list[Decision]:
    """Keep exactly ``kept``; everything else is removed as outside the article."""
    kept = set(kept)
    return [keep(s.index) if s.index in kept else drop(s.index) for s in segments]


def candidate(name: str, kept: Iterable[int], *, available: bool = True, container: str = "",
              core: str = "", prose_share: float = 0.0, prose_chars: int = 0) -> Candidate:
    return Candidate(name, frozenset(kept), container, core, available=available, prose_share=prose_share,
                     prose_chars=prose_chars)
