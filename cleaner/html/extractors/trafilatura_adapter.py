"""trafilatura's selection on the same parsed page, mapped back onto our blocks.

trafilatura prunes the tree it works on; ``bare_extraction`` copies the tree it is given first. Its output
text is matched to our blocks by 4-word shingles (long blocks) or whole lines (short blocks), so the
combination can work per block.
"""
from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass

from lxml import etree

from cleaner.options import Options, Preset
from cleaner.html.segment import Segment
from cleaner.html.extractors.candidate import Candidate

log = logging.getLogger(__name__)

#: A block counts as selected by trafilatura when this share of its shingles is in trafilatura's text.
#: Blocks are either wholly in or wholly out in practice; 0.5 tolerates trafilatura's small text edits.
MIN_SHINGLE_COVERAGE = 0.5
SHINGLE = 4
#: Pages with more blocks than this are left to our own extractor. trafilatura takes 0.05-0.2 ms per
#: block (the largest benchmark page, 1,604 blocks: 0.28 s; a 20 MB page of teaser lists, 109,000
#: blocks: 5 s, more than everything else together). 10,000 blocks is six times the largest benchmark
#: page: only listings and dumps pass it, and on the 20 MB test page our extractor alone keeps the same text.
MAX_BLOCKS = 10_000
#: Seconds trafilatura is expected to need, at most, for a page: a fixed part plus a part per block. Its call
#: cannot check a deadline, so it is only made when this much time is left (see ``cleaner.deadline``). From
#: the figures above (0.05-0.2 ms a block) with a margin, as a slow shared machine takes twice as long.
TRAFILATURA_FIXED_SECONDS = 0.05
TRAFILATURA_SECONDS_PER_BLOCK = 0.0004
#: trafilatura's table handling reads every nested table's contents again for each enclosing one: its cost
#: grows with the square of the tables inside tables (bench/fuzz.py: 1,084 of them on a 30 KB page took 4 s
#: of CPU, about 3.5 microseconds a pair). Seconds a pair, with the same margin as above.
TRAFILATURA_SECONDS_PER_NESTED_TABLE_PAIR = 0.000007
#: trafilatura also reads each block's text several times over (tag conversion, text joins, the output
#: serialisation): 1-4 microseconds a character on pages with much text (bench/fuzz.py, seed 1, case 71: 860,000
#: characters in 35 blocks, 3.2 s of CPU). Seconds a character of block text: on 150 wcxb-dev pages this
#: term with the two above predicted at least 1.1 times trafilatura's CPU time, on that case 1.6 times.
TRAFILATURA_SECONDS_PER_CHAR = 0.000006
#: Below this depth, text costs trafilatura no more than the per-character term; real pages stay under it.
NORMAL_DEPTH = 60
#: trafilatura's link-density test reads the text of every link in a container again for each container above
#: it: on a page nested far deeper than NORMAL_DEPTH (links inside links inside divs) that is the square of the
#: depth (bench/fuzz.py, seed 1, case 613: 425,000 characters at up to 1,108 levels, 48 s of CPU, 1.1e-7 s
#: for each character and level beyond NORMAL_DEPTH). Seconds a character a level, with a margin of two.
TRAFILATURA_SECONDS_PER_DEEP_CHAR_LEVEL = 0.00000025
#: trafilatura deletes unwanted elements one by one and joins each one's tail to the sibling before it: among
#: thousands of siblings the joined string grows with each (bench/fuzz.py, seed 1, case 12356: a <select> of
#: 9,333 options with 532,000 characters of tails between them, 3.3 s of CPU, 1.2e-9 s for each character of
#: tail and sibling). Seconds a tail character a sibling, with a margin of two, for parents of more than
#: MANY_CHILDREN children (below that the cost is within the per-block and per-character terms).
TRAFILATURA_SECONDS_PER_TAIL_CHAR_SIBLING = 0.0000000025
MANY_CHILDREN = 500
#: trafilatura's metadata runs regular expressions over every token of the <meta> values it reads (an author
#: list is split and cleaned name by name): bench/fuzz.py, seed 1, case 20585, a meta author of 420,000
#: characters, 3.7 s of CPU, 9 microseconds a character. Seconds a character of <meta> content, margin of two.
TRAFILATURA_SECONDS_PER_META_CHAR = 0.00002
#: Links left open nest inside each other (HTML forbids it; libxml2 nests them), and trafilatura's link-density
#: test then reads every outer link's text, which holds all the inner ones, for each container above it: by
#: bench/fuzz.py (seed 1) 329, 492 and 748 nested links took 48 s, over 24 s and 7 s of CPU, up to 4.4e-4 s a
#: pair. Seconds a pair of nested links, with a margin of two; a few nested links on a broken page cost nothing.
TRAFILATURA_SECONDS_PER_NESTED_LINK_PAIR = 0.001
#: The same test reads every link again for each container above it: links lying far deeper than NORMAL_DEPTH
#: cost the levels beyond it, even where their text is hidden and so not among our blocks (bench/fuzz.py, seed
#: 1, case 45246: 5,188 links at up to 933 levels, 8 s of CPU, about 1.8e-6 s a link a level). Seconds a link
#: a level beyond NORMAL_DEPTH, with a margin of two.
TRAFILATURA_SECONDS_PER_DEEP_LINK_LEVEL = 0.0000036
#: Its table handling also gathers, for each table, every element of each table nested in it: an element below
#: k tables is read once for each pair of them. On tables left open inside each other that is the cube of the
#: nesting (bench/fuzz.py, seed 1, case 173: 453 tables in a chain, 5.2e8 such readings, 5-7 s of CPU; built
#: chains of 100-300 tables with 1-10 cells a level: 0.023-0.039 microseconds a reading, less where trafilatura
#: drops the elements first). Seconds an element a pair of tables above it, with a margin over the slowest.
TRAFILATURA_SECONDS_PER_TABLE_PAIR_ELEMENT = 0.00000005
_NESTED_LINKS = etree.XPath("count(//a[ancestor::a])")
_WORD = re.compile(r"\w+", re.UNICODE)


def trafilatura_budget(root: etree._Element, segments: Sequence[Segment]) -> float:
    """The time to have left before calling trafilatura on this page (its blocks, its text and how deep that
    lies, its nested tables and links, the tails between thousands of siblings, its <meta> values)."""
    if len(segments) > MAX_BLOCKS:
        return 0.0  # not called at all (see ``run_trafilatura``)
    nested = sum(1 for table in root.iter("table") if next(table.iterancestors("table"), None) is not None)
    chars = sum(s.length for s in segments)
    deep_char_levels = sum(s.length * (len(s.ancestors) - NORMAL_DEPTH) for s in segments
                           if len(s.ancestors) > NORMAL_DEPTH)
    tail_work, link_levels, table_pair_elements = _tree_work(root)
    return TRAFILATURA_FIXED_SECONDS + TRAFILATURA_SECONDS_PER_BLOCK * len(segments) \
        + TRAFILATURA_SECONDS_PER_NESTED_TABLE_PAIR * nested * nested + TRAFILATURA_SECONDS_PER_CHAR * chars \
        + TRAFILATURA_SECONDS_PER_DEEP_CHAR_LEVEL * deep_char_levels \
        + TRAFILATURA_SECONDS_PER_TAIL_CHAR_SIBLING * tail_work \
        + TRAFILATURA_SECONDS_PER_META_CHAR * sum(len(meta.get("content") or "") for meta in root.iter("meta")) \
        + TRAFILATURA_SECONDS_PER_NESTED_LINK_PAIR * float(_NESTED_LINKS(root)) ** 2 \
        + TRAFILATURA_SECONDS_PER_DEEP_LINK_LEVEL * link_levels \
        + TRAFILATURA_SECONDS_PER_TABLE_PAIR_ELEMENT * table_pair_elements


def _tree_work(root: etree._Element) -> tuple[int, int, int]:
    """In one walk of the tree: tail characters times siblings, summed over the parents of more than
    MANY_CHILDREN children; the levels beyond NORMAL_DEPTH summed over the page's links (hidden ones too); and
    over all elements, the pairs of tables that hold the element (itself included when it is a table)."""
    tail_work = link_levels = table_pair_elements = depth = tables = 0
    for event, element in etree.iterwalk(root, events=("start", "end")):
        if event == "end":
            depth -= 1
            tables -= element.tag == "table"
            continue
        depth += 1
        tables += element.tag == "table"
        table_pair_elements += tables * (tables - 1) // 2
        if element.tag == "a" and depth > NORMAL_DEPTH:
            link_levels += depth - NORMAL_DEPTH
        if len(element) > MANY_CHILDREN:
            tail_work += len(element) * sum(len(child.tail or "") for child in element)
    return tail_work, link_levels, table_pair_elements


@dataclass(frozen=True)
class TrafilaturaResult:
    candidate: Candidate
    text: str


def _tokens(text: str) -> list[str]:
    if text.isascii():
        return _WORD.findall(text.lower())  # lower-casing ASCII cannot move word boundaries
    return [t.lower() for t in _WORD.findall(text)]


def _shingles(tokens: Sequence[str]) -> list[tuple[str, ...]]:
    if len(tokens) < SHINGLE:
        return [tuple(tokens)] if tokens else []
    return list(zip(*(tokens[i:] for i in range(SHINGLE))))


def map_text_to_segments(text: str, segments: Sequence[Segment]) -> frozenset[int]:
    """Indexes of the blocks whose text trafilatura's output contains."""
    lines = [_tokens(line) for line in text.splitlines()]
    shingles = {s for line in lines if len(line) >= SHINGLE for s in _shingles(line)}
    whole_lines = {" ".join(line) for line in lines if line}
    joined = " " + " ".join(" ".join(line) for line in lines) + " "
    kept: set[int] = set()

    def covered(tokens: list[str]) -> bool:
        if len(tokens) >= SHINGLE:
            own = _shingles(tokens)
            return sum(map(shingles.__contains__, own)) >= MIN_SHINGLE_COVERAGE * len(own)
        return " ".join(tokens) in whole_lines

    for segment in segments:
        tokens = _tokens(segment.text)
        if not tokens:
            continue
        if segment.cells and not covered(tokens):
            # trafilatura may write a table's cells on lines of their own: then match the row cell by cell.
            cells = [c for c in (_tokens(cell) for cell in segment.cells) if c]
            if cells and sum(1 for c in cells if covered(c)) * 2 >= len(cells):
                kept.add(segment.index)
            continue
        if covered(tokens):
            kept.add(segment.index)
        elif len(tokens) < SHINGLE and segment.index - 1 in kept and f" {' '.join(tokens)} " in joined:
            kept.add(segment.index)  # a short piece of a longer line that trafilatura joined
    return frozenset(kept)


def run_trafilatura(root: etree._Element, segments: Sequence[Segment], *, url: str | None,
                    options: Options) -> TrafilaturaResult:
    """trafilatura's extraction of ``root`` (which it copies before pruning: ``bare_extraction`` copies
    any tree it is given); an unavailable candidate when it fails or the page has more than
    ``MAX_BLOCKS`` blocks.

    Its metadata search is not asked for: it cost more than half of trafilatura's time (55 of 98 ms a call on
    wcxb-dev pages) and never changed its text, and where our markup reading lacked a field it added little
    that was right. On the 483 dev pages where it was asked (aeb-dev, readability, wcxb-dev) it filled 38
    dates, 35 of them on pages whose truth has none (a placeholder "2026-01-01" on most) and one right;
    7 authors, one right ("Name", "User" among the rest); titles never; sitenames on 216 pages, 183 of them
    the URL's host name."""
    unavailable = TrafilaturaResult(Candidate("trafilatura", frozenset(), available=False), "")
    if len(segments) > MAX_BLOCKS:
        log.info("trafilatura skipped on %s: %d blocks (limit %d)", url or "page", len(segments), MAX_BLOCKS)
        return unavailable
    import trafilatura

    try:
        result = trafilatura.bare_extraction(
            root, url=url, fast=not options.trafilatura_fallbacks, favor_precision=options.preset is Preset.PRECISION,
            favor_recall=options.preset is Preset.RECALL, include_comments=options.include_comments,
            include_tables=options.include_tables, with_metadata=False,
        )
    except Exception as exc:  # noqa: BLE001 - a third-party failure must not sink our own extraction
        log.warning("trafilatura failed on %s: %s", url or "page", exc)
        result = None
    if result is None:
        return unavailable
    text = getattr(result, "text", None) or ""
    kept = map_text_to_segments(text, segments)
    return TrafilaturaResult(Candidate("trafilatura", kept), text)
