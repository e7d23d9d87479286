"""Thread safety: ``extract`` and ``clean_text`` from 16 threads at once give exactly the single-threaded
results, on 400 pages (the fixture pages and generated ones, under all four presets so that both extractors
and every path run), and ``extract_url`` from many threads against a local server.

Nothing here times anything: the point is that no module state is shared in a way that mixes up results.
"""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import lxml.html

from cleaner import Options, Preset, clean_text, extract, extract_url
from fetch_server import page as page_route, server  # noqa: F401 - ``server`` is a fixture
from generated_pages import news_page

THREADS = 16
PAGES = 400
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
PRESETS = [Options.from_preset(p) for p in Preset]


def pages() -> list[tuple[str, str | bytes, Options]]:
    """400 (url, page, options): each fixture page several times (bytes, so decoding runs too), then
    generated pages; the options cycle through the presets."""
    sources: list[str | bytes] = [p.read_bytes() for p in sorted(FIXTURES.glob("pages/*/source.html"))] * 8
    sources += [news_page(seed) for seed in range(PAGES - len(sources))]
    return [(f"https://example.org/{n}", source, PRESETS[n % len(PRESETS)]) for n, source in enumerate(sources)]


def texts() -> list[str]:
    """400 scraped texts: the fixture texts several times, then generated pages as a naive scraper dumps them."""
    found = [p.read_text("utf-8") for p in sorted(FIXTURES.glob("text/*.txt"))] * 10
    for seed in range(PAGES - len(found)):
        root = lxml.html.document_fromstring(news_page(seed))
        found.append("\n".join(" ".join(t.split()) for t in root.body.itertext() if t.strip()))
    return found


def in_threads(function, items: list) -> list:
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        return list(pool.map(function, items))


def test_extract_from_16_threads_gives_the_single_threaded_results() -> None:
    work = pages()
    assert len(work) == PAGES

    def run(item: tuple[str, str | bytes, Options]):
        url, html, options = item
        return extract(html, url=url, options=options)

    alone = [run(item) for item in work]
    together = in_threads(run, work)
    assert sum(d.ok for d in alone) > PAGES * 0.9
    mismatched = [n for n, (a, b) in enumerate(zip(alone, together)) if a != b]
    assert not mismatched, f"{len(mismatched)} pages differ, first {work[mismatched[0]][0]}"


def test_clean_text_from_16_threads_gives_the_single_threaded_results() -> None:
    work = texts()
    assert len(work) == PAGES
    alone = [clean_text(text) for text in work]
    together = in_threads(clean_text, work)
    assert sum(d.ok for d in alone) > PAGES * 0.9
    assert [n for n, (a, b) in enumerate(zip(alone, together)) if a != b] == []


def test_extract_url_from_many_threads(server) -> None:
    urls = [server.route(f"/news/{n}", page_route(news_page(n))) for n in range(48)]
    alone = [extract_url(url) for url in urls]
    together = in_threads(extract_url, urls)
    assert all(d.ok for d in alone)
    assert together == alone
