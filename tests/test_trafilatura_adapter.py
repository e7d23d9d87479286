"""Mapping trafilatura's output text back onto our blocks (no trafilatura run, no network)."""
from __future__ import annotations

from cleaner.html.extractors.trafilatura_adapter import map_text_to_segments

from factories import PROSE, find, segments_of


def test_long_blocks_matched_by_shingles_despite_small_edits() -> None:
    segments = segments_of(f"<p>{PROSE}</p><p>Something else entirely, never mentioned at all here.</p>")
    edited = PROSE.replace("Tuesday", "Wednesday").upper()  # small edit, other case
    assert map_text_to_segments(edited, segments) == {0}


def test_short_blocks_must_be_whole_lines() -> None:
    segments = segments_of("<h2>Results</h2><p>Home</p><p>Results are in</p>")
    kept = map_text_to_segments("Results\nThe results are in and they are good.", segments)
    assert kept == {0}  # "Home" is absent; "Results are in" is not a line of its own


def test_short_piece_of_a_joined_line_after_a_kept_block() -> None:
    segments = segments_of(f"<p>{PROSE}</p><p>Then he left.</p><p>Goodbye.</p>")
    assert map_text_to_segments(f"{PROSE} Then he left.", segments) == {0, 1}


def test_short_piece_not_after_a_kept_block_is_not_matched() -> None:
    segments = segments_of(f"<p>Then he left.</p><p>{PROSE}</p>")
    assert map_text_to_segments(f"{PROSE} Then he left.", segments) == {1}


def test_table_rows_matched_cell_by_cell() -> None:
    segments = segments_of("<table><tr><td>Floor area</td><td>2.9 square metres</td></tr>"
                           "<tr><td>Colour</td><td>Red</td></tr></table>")
    kept = map_text_to_segments("Floor area\n2.9 square metres\nWeight\n3 kg", segments)
    assert kept == {find(segments, "Floor area").index}


def test_empty_text_keeps_nothing() -> None:
    assert map_text_to_segments("", segments_of(f"<p>{PROSE}</p>")) == frozenset()
