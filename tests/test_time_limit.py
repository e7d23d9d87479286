"""The time limit inside the library: ``Options(time_limit=...)``, checked in the loops, in any thread.

The 1.5 s bound below is the behaviour asked of the feature (a 0.5 s limit must stop a page that takes
several seconds), not a speed target: the page takes about ten times longer without the limit.
"""
from __future__ import annotations

import threading
import time
from dataclasses import replace

import lxml.html
import pytest

import cleaner.html.pipeline as pipeline
from cleaner import Options, Status, clean_text, extract
from cleaner.batch.runner import BatchConfig, kill_grace, library_options
from cleaner.deadline import NO_DEADLINE, Deadline, TimeLimitReached
from generated_pages import news_page, slow_page

LIMIT = 0.5
#: How long after the limit the call must have returned (issue 14: 0.5 s limit, answer within 1.5 s).
WITHIN = 1.5


def in_thread(function, *args, **kwargs):
    """Run ``function`` in a thread other than the main one; its result and the seconds it took."""
    box: dict = {}

    def run() -> None:
        started = time.monotonic()
        box["result"] = function(*args, **kwargs)
        box["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=60)
    assert not thread.is_alive()
    return box["result"], box["seconds"]


@pytest.fixture(scope="module")
def slow_html() -> str:
    return slow_page(20_000)


def test_slow_page_stops_at_the_limit_in_another_thread(slow_html: str) -> None:
    document, seconds = in_thread(extract, slow_html, options=replace(Options(), time_limit=LIMIT))
    assert document.status is Status.TIME_LIMIT
    assert seconds < WITHIN
    assert document.status.value == "time_limit"
    document.to_json()  # a whole Document: every field set, renders
    document.to_html()


def test_slow_text_stops_at_the_limit_in_another_thread(slow_html: str) -> None:
    document, seconds = in_thread(clean_text, page_text(slow_html), options=replace(Options(), time_limit=LIMIT))
    assert document.status is Status.TIME_LIMIT
    assert seconds < WITHIN


def test_zero_time_limit_gives_an_empty_whole_document() -> None:
    document = extract(news_page(3), url="https://example.org/a", options=replace(Options(), time_limit=0))
    assert document.status is Status.TIME_LIMIT
    assert document.text == "" and document.blocks == ()
    assert document.metadata.url == "https://example.org/a"


def page_text(html: str) -> str:
    """The text of a page as a scraper would dump it (``clean_text`` refuses HTML)."""
    root = lxml.html.document_fromstring(html)
    return "\n".join(" ".join(piece.split()) for piece in root.itertext() if piece.strip())


def test_a_generous_limit_changes_nothing() -> None:
    for seed in range(5):
        html = news_page(seed)
        assert extract(html, options=replace(Options(), time_limit=60)) == extract(html)
        text = page_text(html)
        assert clean_text(text) == clean_text(text, options=replace(Options(), time_limit=60))


def test_trafilatura_is_not_called_without_the_time_it_needs(monkeypatch: pytest.MonkeyPatch) -> None:
    # trafilatura cannot be stopped once called: with less time left than it needs, our extractor decides
    # alone, and the document says that the time limit shaped it.
    def must_not_run(*args, **kwargs):
        raise AssertionError("trafilatura was called")

    monkeypatch.setattr(pipeline, "run_trafilatura", must_not_run)
    monkeypatch.setattr(pipeline, "trafilatura_budget", lambda root, segments: 3600.0)
    options = replace(Options.from_preset("recall"), time_limit=30)
    document = extract(news_page(7), options=options)
    assert document.status is Status.TIME_LIMIT
    assert "story number 7" in document.text  # what our extractor decided is kept


def test_deadline_checks() -> None:
    assert Deadline(None).remaining() == float("inf")
    NO_DEADLINE.check()
    assert list(NO_DEADLINE.watch([1, 2])) == [1, 2]
    spent = Deadline(0)
    assert spent.expired() and not spent.can_afford(0.1)
    with pytest.raises(TimeLimitReached):
        spent.check()
    with pytest.raises(TimeLimitReached):
        list(spent.watch([1]))
    assert Deadline(10).can_afford(1.0)


def test_batch_passes_its_timeout_to_the_library(tmp_path) -> None:
    config = BatchConfig(out=tmp_path, timeout=7.0)
    assert library_options(config).time_limit == 7.0
    own = BatchConfig(out=tmp_path, timeout=7.0, options=replace(Options(), time_limit=2.0))
    assert library_options(own).time_limit == 2.0
    assert kill_grace(30.0) > 0 and kill_grace(0.5) >= 1.0


def test_batch_records_a_page_over_the_limit_as_a_timeout(tmp_path, slow_html: str) -> None:
    from cleaner.cli.main import main

    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "slow.html").write_text(slow_html, "utf-8")
    (pages / "fine.html").write_text(news_page(1), "utf-8")
    out = tmp_path / "out"
    assert main(["batch", str(pages), "-o", str(out), "--timeout", str(LIMIT), "-j", "1", "-q"]) == 1
    failures = (out / "failures.jsonl").read_text("utf-8")
    assert "slow.html" in failures and "timeout" in failures and "fine.html" not in failures


def test_a_parse_that_does_not_end_is_left_behind(monkeypatch: pytest.MonkeyPatch) -> None:
    # libxml2 cannot check a deadline; on some broken pages it takes minutes (found by bench/fuzz.py). A large
    # page is parsed in a thread of its own under a limit, and the call returns when the budget is spent.
    import cleaner.html.parse as parse

    real = parse._document

    def slow_document(text: str):
        time.sleep(5)
        return real(text)

    monkeypatch.setattr(parse, "_document", slow_document)
    html = news_page(2).replace("</body>", "<p>" + "word " * 150_000 + "</p></body>")
    assert len(html) >= parse.THREADED_PARSE_MIN_CHARS
    document, seconds = in_thread(extract, html, options=replace(Options(), time_limit=LIMIT))
    assert document.status is Status.TIME_LIMIT
    assert seconds < WITHIN


def test_trafilatura_never_hands_dates_to_dateparser(monkeypatch: pytest.MonkeyPatch) -> None:
    # Found by bench/fuzz.py: with the recall preset's fallbacks, htmldate's extensive search called dateparser,
    # whose first call compiles patterns for ~200 locales (40 s), uninterruptibly, on a page limited to 2 s.
    # trafilatura's metadata (and with it its date search) is not asked for at all now, with or without a limit.
    import trafilatura

    seen: list[dict] = []
    real = trafilatura.bare_extraction

    def spy(*args, **kwargs):
        seen.append(kwargs)
        return real(*args, **kwargs)

    monkeypatch.setattr(trafilatura, "bare_extraction", spy)
    recall = Options.from_preset("recall")
    extract(news_page(4), options=replace(recall, time_limit=30))
    extract(news_page(4), options=recall)
    assert len(seen) == 2 and all(kwargs["with_metadata"] is False for kwargs in seen)


class InProcessUnits:
    """Runs units as a Dask worker does: documents one after another in this process, with no pool that
    could kill a runaway page, so only the library's own time limit stops it."""

    def run(self, units, job):
        from cleaner.batch.unitwork import in_process, run_unit

        for unit in units:
            yield run_unit(unit, job, lambda tasks: in_process(tasks, job.settings))

    def count(self, units, options):
        raise AssertionError("no template learning here")


def test_spread_units_pass_the_timeout_to_the_library(tmp_path, slow_html: str) -> None:
    from cleaner.batch.inputs import discover
    from cleaner.batch.spread import run_units

    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "slow.html").write_text(slow_html, "utf-8")
    (pages / "fine.html").write_text(news_page(1), "utf-8")
    started = time.monotonic()
    summary = run_units(discover([str(pages)]), BatchConfig(out=tmp_path / "out", timeout=LIMIT), InProcessUnits())
    assert time.monotonic() - started < 10 * WITHIN  # the slow page alone takes several seconds without it
    assert (summary.ok, summary.failed) == (1, 1)
    failures = "".join(path.read_text("utf-8") for path in (tmp_path / "out").glob("failures*.jsonl"))
    assert "slow.html" in failures and "timeout" in failures


def test_the_service_passes_what_is_left_of_its_time_limit() -> None:
    from cleaner.server.inputs import PageRequest
    from cleaner.server.service import within_time

    page = PageRequest("<p>x</p>", None, Options())
    assert within_time(page, 2.5).options.time_limit == 2.5
    own = PageRequest("<p>x</p>", None, replace(Options(), time_limit=1.0))
    assert within_time(own, 2.5).options.time_limit == 1.0
    assert within_time(own, 0.5).options.time_limit == 0.5


def test_nested_tables_count_in_trafilaturas_budget() -> None:
    # Found by bench/fuzz.py (seed 1, case 7994): a 30 KB page of a thousand tables nested in each other kept
    # trafilatura busy for 4 s of CPU (its table handling is quadratic in them) under a 2 s limit.
    from cleaner.html.extractors.trafilatura_adapter import trafilatura_budget
    from cleaner.html.parse import parse_html
    from cleaner.html.segment import segment_tree

    flat = parse_html("<table><tr><td>x</td></tr></table>" * 1000)
    nested_html = "<html><body><p>Intro.</p>" + "<table>" * 1100 + "deep text " + "</table>" * 1100 + "</body></html>"
    nested = parse_html(nested_html)
    assert trafilatura_budget(flat, segment_tree(flat)) < 1.0
    assert trafilatura_budget(nested, segment_tree(nested)) > 5.0
    document = extract(nested_html, options=replace(Options.from_preset("recall"), time_limit=2.0))
    assert document.status is Status.TIME_LIMIT  # trafilatura skipped: our extractor decided


def test_deep_page_kept_by_trafilatura_stays_within_the_limit() -> None:
    # Found by bench/fuzz.py (seed 1, case 1210): combine.core_container wrote out every kept block's ancestor
    # paths, the square of the depth per block, with no deadline check: 40 s on a page 1,000 levels deep.
    # It now adds totals up the tree once (same result, tested on random kept sets below).
    import random

    from cleaner.html.ancestry import ancestor_paths
    from cleaner.html.combine import _ancestor_totals
    from cleaner.html.parse import parse_html
    from cleaner.html.segment import segment_tree

    body = "".join(f"<p>{paragraph} number {n}.</p>" for n, paragraph in enumerate(["Deep text of the story"] * 400))
    html = "<html><body>" + "<div>" * 950 + body + "</div>" * 950 + "</body></html>"
    segments = segment_tree(parse_html(html))
    rng = random.Random(3)
    for _ in range(5):
        kept = frozenset(i for i in range(len(segments)) if rng.random() < 0.5)
        expected: dict[str, int] = {}
        for i in kept:
            for path in ancestor_paths(segments[i].path):
                expected[path] = expected.get(path, 0) + segments[i].length
        assert _ancestor_totals(segments, kept) == expected
    # Other stages still write ancestor paths per block (region_prose, the heuristic's votes): bench/fuzz.py
    # watches the time; here the page must simply come back whole.
    document = extract(html, options=replace(Options.from_preset("recall"), time_limit=LIMIT))
    assert document.status in (Status.OK, Status.TIME_LIMIT)


def test_the_regions_of_a_huge_dump_are_searched_within_the_time_limit() -> None:
    # A dump of ~1 MB cut into thousands of runs (bench/fuzz.py cases 1228, 1660, 1852: 2.5 s of CPU past a
    # 2 s limit, status ok): each run found costs one pass over the page, so the search checks the time
    # before each pass.
    from cleaner.deadline import Deadline, TimeLimitReached
    from cleaner.text.classify import Assessment, Quality, body_regions
    from cleaner.text.signals import block_signals
    from cleaner.text.segment import segment_text
    from cleaner.text.span import _secondary_runs

    passes = []
    with pytest.raises(TimeLimitReached):
        _secondary_runs([100.0, -1000.0] * 5000, range(0, 1), 100.0, lambda run: passes.append(run) or True,
                        Deadline.start(0))
    assert passes == []
    text = "\n\n".join(["The harbour council approved a new ferry terminal to cut the time commuters spend "
                          "waiting on the quay, and the work starts in the spring."] * 4)
    blocks = segment_text(text, language="en")
    signals = [block_signals(b, "en") for b in blocks]
    good = [Assessment(Quality.GOOD, "prose")] * len(blocks)
    assert body_regions(good, signals)  # without a deadline: found
    with pytest.raises(TimeLimitReached):
        body_regions(good, signals, Deadline.start(0))


def test_the_scorer_stops_at_the_limit_and_the_rules_decisions_stand(monkeypatch: pytest.MonkeyPatch) -> None:
    # The block scorer reads every block's signals: on a 2 MB page it ran 0.8 s past a 2 s limit without a
    # check (bench/fuzz.py cases 454, 2154, 3102). It now checks per block; when time runs out there, the
    # rules' decisions stand and the document says that the limit shaped it.
    from cleaner.html import scorer

    def out_of_time(*args, **kwargs):
        return scorer.revise(*args[:7], deadline=Deadline.start(0))

    html = news_page(3)
    monkeypatch.setattr(pipeline, "revise", out_of_time)
    document = extract(html, options=replace(Options(), time_limit=60))
    assert document.status is Status.TIME_LIMIT
    assert "story number 3" in document.text
    assert [b.text for b in document.blocks] == [b.text for b in extract(html, options=replace(
        Options(), block_scorer=False)).blocks]


def test_the_terms_of_a_long_body_are_counted_in_linear_time() -> None:
    # sum() of Counters copied the growing total once per block: 30 s on a 0.5 MB dump of 20,000 blocks
    # (bench/fuzz.py case 3119). total_counts updates one Counter; same counts.
    from collections import Counter

    from cleaner.text.topic import content_counts, total_counts

    texts = [f"The ferry number {i} leaves the harbour at noon for island {i % 7}" for i in range(300)]
    stop = frozenset({"the", "at", "for"})
    assert total_counts(texts, stop) == sum((content_counts(t, stop) for t in texts), Counter())


def test_links_nested_far_down_count_in_trafilaturas_budget() -> None:
    # trafilatura's link-density test reads each link again for every container above it; hidden text is not
    # among our blocks, so the budget counts the links' depth itself (bench/fuzz.py case 45246: 5,188 links
    # at up to 933 levels, 8 s of CPU in trafilatura with a budget of 0.1 s).
    from cleaner.html.extractors.trafilatura_adapter import trafilatura_budget
    from cleaner.html.parse import parse_html
    from cleaner.html.segment import segment_page

    shallow = "<html><body><p>Story</p>" + "<a href='/x'>link</a>" * 2000 + "</body></html>"
    deep = ("<html><body><p>Story</p>" + "<div>" * 800 + "<div style='display:none'>"
            + "<a href='/x'>link</a>" * 2000 + "</div>" + "</div>" * 800 + "</body></html>")
    budgets = []
    for html in (shallow, deep):
        root = parse_html(html)
        budgets.append(trafilatura_budget(root, segment_page(root)))
    assert budgets[0] < 1.0 < budgets[1]


def test_trafilatura_is_stopped_when_its_budget_was_wrong(monkeypatch: pytest.MonkeyPatch) -> None:
    # The budget estimates trafilatura's time from the page; fuzzing keeps finding pages it underestimates
    # (bench/fuzz.py cases 173, 15205: 5-7 s of CPU against a 2 s limit). The call is then stopped from
    # outside at its share of the time left, and our extractor's text is returned.
    def never_ends(*args, **kwargs):
        while True:
            time.sleep(0.001)

    monkeypatch.setattr(pipeline, "run_trafilatura", never_ends)
    monkeypatch.setattr(pipeline, "trafilatura_budget", lambda root, segments: 0.0)
    options = replace(Options.from_preset("recall"), time_limit=LIMIT)  # recall always asks trafilatura
    document, seconds = in_thread(extract, news_page(7), options=options)
    assert seconds < WITHIN
    assert document.status is Status.TIME_LIMIT
    assert "story number 7" in document.text


def test_htmldate_is_stopped_at_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    # htmldate's date search cannot check the deadline either (bench/fuzz.py case 26963: 0.5 s in it on a
    # megabyte of text in few elements): under a time limit it is stopped from outside.
    import htmldate

    def never_ends(*args, **kwargs):
        while True:
            time.sleep(0.001)

    # an article (a kind of page with a date) whose markup names no date: htmldate is asked
    html = news_page(7).replace("<head>", '<head><meta property="og:type" content="article">', 1)
    assert extract(html).metadata.page_type == "article"
    monkeypatch.setattr(htmldate, "find_date", never_ends)
    options = replace(Options(), time_limit=LIMIT)
    document, seconds = in_thread(extract, html, options=options)
    assert seconds < WITHIN
    assert document.status is Status.TIME_LIMIT
