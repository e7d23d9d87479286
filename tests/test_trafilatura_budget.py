"""trafilatura's time budget: it cannot be stopped once called, so under a time limit it is only called when the
time left covers what the page is expected to cost it. Regression tests for pages bench/fuzz.py found."""
from __future__ import annotations

from dataclasses import replace

import pytest

import cleaner.html.pipeline as pipeline
from cleaner import Options, Status, extract
from cleaner.html.extractors.trafilatura_adapter import trafilatura_budget
from cleaner.html.parse import parse_html
from cleaner.html.segment import segment_tree
from generated_pages import news_page

#: The fuzzer's time limit.
FUZZ_LIMIT = 2.0
CHUNK = "Words of a long paragraph that runs on and on. " * 30


def budget(html: str) -> float:
    root = parse_html(html)
    return trafilatura_budget(root, segment_tree(root))


def huge_pre_page() -> str:
    """Much text in few blocks: one <pre> of 20,000 lines (seed 1, case 71: a chunk of a page repeated to 2 MB)."""
    lines = "".join(f"<b>w{n}</b> some code text here, line {n}\n" for n in range(20_000))
    return f"<html><body><p>Intro.</p><pre>{lines}</pre></body></html>"


def nested_links_page() -> str:
    """330 links left open, each inside the one before, 700 levels down (seed 1, case 613: random bytes in a
    page repeated to 1 MB; trafilatura's link-density test took 48 s of CPU on it)."""
    links = "".join(f'<span><a href="/l{n}">link {n} {CHUNK}' for n in range(330))
    return "<html><body>" + "<div>" * 700 + links + "</body></html>"


def long_select_page() -> str:
    """A <select> of 9,000 options with text between them (seed 1, case 12356: a chunk of a page repeated to
    1 MB inside a select; trafilatura joined each deleted option's tail to the one before, 3.3 s of CPU)."""
    options = "".join(f"<option value={n}>Option {n}</option> text between the options, number {n}.\n"
                      for n in range(9_000))
    return f"<html><body><p>Intro text of the page.</p><form><select>{options}</select></form></body></html>"


def long_meta_page() -> str:
    """A meta author of 400,000 characters (seed 1, case 20585: an entity bomb in the head; trafilatura's
    metadata cleaned it name by name for 3.7 s of CPU)."""
    authors = ", ".join(f"Author Name{n} &amp; Co" for n in range(20_000))
    return news_page(5).replace("<head>", f'<head><meta name="author" content="{authors}">', 1)


def shallow_nested_links_page() -> str:
    """500 links left open with little text, none of it in a block (seed 1, cases 18222 and 19596: a chunk of
    links repeated; trafilatura read every outer link's text for each container, over 24 s of CPU)."""
    return "<html><body><p>Intro text of the page.</p><ul><li>" + "".join(
        f'<span><a href="/l{n}">link {n} ' for n in range(500)) + "</li></ul></body></html>"


def nested_tables_page() -> str:
    """450 tables left open, each inside a cell of the one before, with a form row a level (seed 1, case 173: a
    chunk of a page repeated to 1 MB; trafilatura gathered every nested table's elements for each table above
    it, 5-7 s of CPU)."""
    level = ("<table><thead><tr><th>Size</th></tr></thead><tr><td><label>Pick <select>"
             + "<option>small</option>" * 12 + "</select></label> <span>Price list</span>")
    return "<html><body><p>Intro text of the page.</p>" + level * 450 + "</body></html>"


def layout_tables_page() -> str:
    """An old layout: a few tables inside each other, hundreds of rows at the bottom."""
    rows = "".join(f"<tr><td>Row {n}</td><td>Some text of row {n}.</td></tr>" for n in range(400))
    return "<html><body>" + "<table><tr><td>" * 4 + f"<table>{rows}</table>" + "</td></tr></table>" * 4 \
        + "</body></html>"


def must_not_run(*args, **kwargs):
    raise AssertionError("trafilatura was called")


def test_ordinary_pages_fit_the_fuzzers_limit() -> None:
    assert budget(news_page(3)) < 0.5


def test_text_counts_in_the_budget() -> None:
    # 860 KB of text in two blocks took trafilatura 1.9 s of CPU here, 3.2 s on the fuzzer's case.
    assert budget(huge_pre_page()) > 2 * FUZZ_LIMIT


def test_text_deep_down_counts_in_the_budget() -> None:
    assert budget(nested_links_page()) > 30.0


def test_meta_values_count_in_the_budget() -> None:
    assert budget(long_meta_page()) > 2 * FUZZ_LIMIT


def test_nested_links_count_in_the_budget() -> None:
    assert budget(shallow_nested_links_page()) > 30.0
    assert budget("<p>a <a href=/1>broken <a href=/2>link</a> here</p>" * 3) < 0.5


def test_tails_between_thousands_of_siblings_count_in_the_budget() -> None:
    assert budget(long_select_page()) > 2 * FUZZ_LIMIT


def test_tables_inside_tables_count_in_the_budget() -> None:
    assert budget(nested_tables_page()) > 2 * FUZZ_LIMIT
    assert budget(layout_tables_page()) < 0.5


@pytest.mark.parametrize("make_page", [huge_pre_page, nested_links_page, long_select_page, long_meta_page,
                                       shallow_nested_links_page, nested_tables_page])
def test_trafilatura_is_skipped_on_pages_it_cannot_finish_in_time(make_page, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "run_trafilatura", must_not_run)
    options = replace(Options.from_preset("recall"), time_limit=FUZZ_LIMIT)  # recall always asks trafilatura
    document = extract(make_page(), options=options)
    assert document.status is Status.TIME_LIMIT  # our extractor decided alone, and the document says why
    document.to_json()


def test_without_a_time_limit_trafilatura_still_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    real = pipeline.run_trafilatura
    monkeypatch.setattr(pipeline, "run_trafilatura", lambda *a, **k: calls.append(1) or real(*a, **k))
    extract(huge_pre_page(), options=Options.from_preset("recall"))
    assert calls
