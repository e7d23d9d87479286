"""The scorer's rows computed by the compiled module (cleaner/html/_scorer_rows.pyx) are the Python's
(scorer_features.python_raw_rows): the same numbers bit for bit and of the same types, the same categories with
their keys in the same order; on every fixture page with both presets and both views, with and without
blocks skipped, and on made-up pages the fixtures do not have. The time limit still stops it."""
from __future__ import annotations

import struct
from dataclasses import replace
from pathlib import Path

import pytest

from cleaner import Options
from cleaner.deadline import Deadline, TimeLimitReached
from cleaner.html.ancestry import AncestorInfo
from cleaner.html.classify import Verdict
from cleaner.html.decisions import Decision
from cleaner.html.extractors.candidate import Candidate
from cleaner.html.pipeline import analyse
from cleaner.html.scorer_features import PageInputs, RawRow, python_raw_rows
from cleaner.html.segment import Segment
from cleaner.types import BlockKind, Label

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted((ROOT / "fixtures" / "pages").glob("*/source.html"))
NOT_ASKED = Candidate("trafilatura", frozenset(), available=False)


def _compiled():
    return pytest.importorskip("cleaner.html._scorer_rows", reason="the compiled scorer rows are not built")


def _exactly(row: RawRow) -> tuple:
    """A row as comparable values: floats by their bits, dicts as lists of items (so key order counts)."""
    numbers = tuple((type(x).__name__, struct.pack("<d", x) if isinstance(x, float) else x) for x in row.numeric)
    categories = [(name, list(found.items())) for name, found in row.categories.items()]
    return row.index, numbers, categories


def _same(page: PageInputs, skip: frozenset[int] = frozenset()) -> int:
    expected = [_exactly(row) for row in python_raw_rows(page, skip=skip)]
    found = [_exactly(row) for row in _compiled().raw_rows(page, skip=skip)]
    assert found == expected
    return len(found)


def _fixture_pages():
    for path in PAGES:
        for preset in ("balanced", "fast"):
            analysis = analyse(path.read_bytes(), options=Options.from_preset(preset))
            parts = analysis.segments
            heuristic, trafilatura = analysis.candidates
            segments, verdicts = tuple(p.segment for p in parts), tuple(p.verdict for p in parts)
            decisions = tuple(p.decision for p in parts)
            core = parts[len(parts) // 2].segment.path.rsplit("/", 2)[0] if parts else ""
            yield PageInputs(segments, verdicts, heuristic, trafilatura, decisions, core, "article")  # assisted
            yield PageInputs(segments, verdicts, heuristic, NOT_ASKED, decisions, "", "")  # solo


def test_the_rows_of_every_fixture_page_are_the_pythons() -> None:
    rows = 0
    for page in _fixture_pages():
        rows += _same(page)
        every_third = frozenset(s.index for s in page.segments[::3])
        rows += _same(page, every_third)
    assert rows > 100


def _segment(index: int, text: str, path: str, ancestors: tuple[AncestorInfo, ...] = (), **fields) -> Segment:
    return Segment(index, path.rsplit("/", 1)[-1].split("[")[0] or "p", BlockKind.PARAGRAPH, text, path,
                   fields.pop("link_chars", 0), ancestors, **fields)


def _page(segments: list[Segment], kept: frozenset[int] = frozenset(), container: str = "") -> PageInputs:
    verdicts = tuple(Verdict(None if i % 2 else Label.NAVIGATION, "rule", "why", strong=bool(i % 3),
                             prose=i / 7, hint=Label.SPONSOR if i % 4 == 1 else None) for i in range(len(segments)))
    decisions = tuple(Decision(i, i in kept, None, "keep" if i in kept else "drop", "why")
                      for i in range(len(segments)))
    heuristic = Candidate("ours", kept, container, container, prose_share=0.5)
    trafilatura = Candidate("trafilatura", frozenset(list(kept)[:2]))
    return PageInputs(tuple(segments), verdicts, heuristic, trafilatura, decisions, container, "forum")


def test_made_up_pages() -> None:
    div = AncestorInfo("div", ("main", "caption"), role="main")
    body = AncestorInfo("body", ("page",))
    deep = "/html/body" + "/div[2]" * 40
    assert _same(_page([])) == 0
    assert _same(_page([_segment(0, "One block, alone.", "/html/body/p")], frozenset({0}))) == 1
    hidden = [_segment(0, "Seen.", "/html/body/p[1]", (div, body)),
              _segment(1, "Hidden text", "/html/body/p[2]", (div, body), hidden=True),
              _segment(2, "Seen again, 12 (Photo: AP)", "/html/body/p[3]", (div, body), link_chars=4)]
    assert _same(_page(hidden, frozenset({0, 1, 2}), "/html/body")) == 2
    mixed = [_segment(i, f"Text {i}, with digits 1{i}", path, ancestors, group=i % 2 - (i == 3), words=i % 3)
             for i, (path, ancestors) in enumerate([
                 (deep + "/p", (div,) * 12), ("p", ()), ("/html", (body,)), ("", ()), ("/html/body/ul/li[x]", ()),
                 ("/html/body/ul[1]/li[12]", (AncestorInfo("li", ("item",)), div, body)),
                 ("/html/body/ul[1]/li[١]", (div,)), ("a//b[3]", ()), (deep + "/span[1]", (div,) * 12)])]
    assert _same(_page(mixed, frozenset({0, 2, 5, 8}), "/html/body")) == len(mixed)
    assert _same(_page(mixed, frozenset({1, 3})), frozenset({0, 4, 99})) == len(mixed) - 2
    assert _same(replace(_page(mixed), trafilatura_core=None)) == len(mixed)  # no container: holds nothing


def test_pages_whose_parts_do_not_line_up_get_the_pythons_rows() -> None:
    segments = [_segment(i, f"Text {i}", f"/html/body/p[{i + 1}]") for i in range(4)]
    page = _page(segments, frozenset({0, 1}))
    assert _same(replace(page, heuristic=replace(page.heuristic, kept=frozenset({0, 1, 7})))) == 4  # off the page
    assert _same(replace(page, trafilatura=replace(page.trafilatura, kept=frozenset({-1, 2})))) == 4


def test_the_time_limit_still_stops_the_compiled_rows() -> None:
    page = _page([_segment(i, f"Text {i}", f"/html/body/p[{i + 1}]") for i in range(40)])
    with pytest.raises(TimeLimitReached):
        _compiled().raw_rows(page, Deadline.start(0))
    assert len(_compiled().raw_rows(page, Deadline.start(60))) == 40
