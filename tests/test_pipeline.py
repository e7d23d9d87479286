"""extract: argument checks, statuses, the error boundary, and when trafilatura is asked."""
from __future__ import annotations

import pytest

import cleaner
import cleaner.html.pipeline as pipeline
from cleaner.html.extractors.candidate import Candidate
from cleaner.html.extractors.trafilatura_adapter import TrafilaturaResult
from cleaner.types import BlockKind, Label, Metadata, Status

from factories import PROSE, page

MENU = '<nav><ul><li><a href="/">Home</a></li><li><a href="/n">News</a></li></ul></nav>'
ARTICLE = page(f"{MENU}<article><h1>Budget agreed</h1><p>{PROSE}</p><p>{PROSE} Two.</p><p>{PROSE} Three.</p>"
               "<ul><li>Schools</li><li>Roads</li></ul></article><footer><p>© 2024 The Daily</p></footer>",
               "<title>Town budget agreed after a long debate | The Daily</title>")
#: Prose far apart in the page: our extractor is unsure which part is the article.
SPLIT = page("".join(f"<div><div><div><div><p>{PROSE} Part {i}.</p><p>{PROSE} More {i}.</p></div></div></div></div>"
                     for i in range(2)))


@pytest.fixture
def traf_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Replace trafilatura by a recorder that keeps nothing (offline and fast)."""
    calls: list[str] = []

    def fake(root, segments, *, url, options, known=None):
        calls.append(url or "")
        return TrafilaturaResult(Candidate("trafilatura", frozenset(), available=False), Metadata(url=url), "")

    monkeypatch.setattr(pipeline, "run_trafilatura", fake)
    return calls


@pytest.mark.parametrize(("args", "kwargs"), [((None,), {}), ((123,), {}), (("<p>x</p>",), {"url": 5}),
                                               (("<p>x</p>",), {"options": {"preset": "fast"}})])
def test_wrong_types_raise_type_error(args: tuple, kwargs: dict) -> None:
    with pytest.raises(TypeError):
        cleaner.extract(*args, **kwargs)


@pytest.mark.parametrize("html", ["", "   \n", b"", b"  "])
def test_empty_input(html: str | bytes) -> None:
    document = cleaner.extract(html)
    assert document.status is Status.EMPTY_INPUT and document.text == "" and not document.ok


@pytest.mark.parametrize("html", ["just some words, no markup", b"\x00\x01\x02\x03<p>" * 100])
def test_not_html(html: str | bytes) -> None:
    assert cleaner.extract(html).status is Status.NOT_HTML


def test_no_main_content(traf_calls: list[str]) -> None:
    document = cleaner.extract(page("<script>var x = 1;</script>", "<title>Only a title here</title>"))
    assert document.status is Status.NO_MAIN_CONTENT and document.title == "Only a title here"


def test_article_extracted_with_removed_blocks(traf_calls: list[str]) -> None:
    document = cleaner.extract(ARTICLE.encode(), url="http://example.test/a")
    assert document.ok and document.encoding == "utf-8" and document.metadata.url == "http://example.test/a"
    assert document.text.count("The committee met") == 3
    assert any(b.kind is BlockKind.LIST and b.items == ("Schools", "Roads") for b in document.blocks)
    labels = {r.label for r in document.removed}
    assert {Label.NAVIGATION, Label.FOOTER} <= labels
    assert "Home" not in document.text and "2024" not in document.text
    menu = next(r for r in document.removed if r.label is Label.NAVIGATION)
    assert menu.text == "Home\nNews" and menu.reason  # one removed block for the whole menu


def test_transport_encoding_is_used() -> None:
    html = page(f"<p>{PROSE} Café.</p>").encode("cp1252")
    document = cleaner.extract(html, encoding="windows-1252", options=cleaner.Options.from_preset("fast"))
    assert "Café" in document.text and document.encoding == "cp1252"


def test_unexpected_stage_failure_is_an_extraction_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(segments, language, *rest):
        raise RuntimeError("boom")

    monkeypatch.setattr(pipeline, "classify", broken)
    with pytest.raises(cleaner.ExtractionError) as caught:
        cleaner.extract(ARTICLE)
    assert isinstance(caught.value.__cause__, RuntimeError)


def test_fast_preset_never_runs_trafilatura(monkeypatch: pytest.MonkeyPatch) -> None:
    def forbidden(*args, **kwargs):
        raise AssertionError("trafilatura must not run in the fast preset")

    monkeypatch.setattr(pipeline, "run_trafilatura", forbidden)
    for html in (ARTICLE, SPLIT):
        assert cleaner.extract(html, options=cleaner.Options.from_preset("fast")).ok


def test_balanced_skips_trafilatura_when_our_extractor_is_confident(traf_calls: list[str]) -> None:
    assert cleaner.extract(ARTICLE).ok
    assert traf_calls == []


def test_balanced_asks_trafilatura_when_our_extractor_is_unsure(traf_calls: list[str]) -> None:
    cleaner.extract(SPLIT, url="http://example.test/split")
    assert traf_calls == ["http://example.test/split"]


@pytest.mark.parametrize("preset", ["recall"])
def test_recall_always_asks_trafilatura(traf_calls: list[str], preset: str) -> None:
    cleaner.extract(ARTICLE, options=cleaner.Options.from_preset(preset))
    assert len(traf_calls) == 1


def test_analyse_reports_every_block(traf_calls: list[str]) -> None:
    analysis = pipeline.analyse(ARTICLE)
    assert analysis.segments and all(s.rule for s in analysis.segments)
    kept = [s.text for s in analysis.segments if s.kept]
    assert analysis.document.text.count("The committee") == sum(t.count("The committee") for t in kept)
