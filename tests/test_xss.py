"""Safe output: HTML that cleaner writes carries no script, handler, script URL or unescaped text.

Each vector of tests/xss_vectors.py goes into a page in every place a page can put it (a paragraph, a list
item, a table cell, a heading, a quote, code, the title, the lang attribute), through ``extract`` and
``to_html()``; the output is read back with two tokenizers (bench/htmlsafety.py). The same vectors are also
put straight into a Document's fields, so the renderer is tested whatever the extraction keeps, and through
the CLI's and the batch's HTML output.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from cleaner import Block, BlockKind, Document, Metadata, extract
from cleaner.cli.main import main
from cleaner.render import render_markdown, render_text
from xss_vectors import XSS_VECTORS

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

from htmlsafety import REPORT_ALLOWED, document_problems, markup_problems  # noqa: E402  (bench/ is scripts)

PROSE = ("The council met on Tuesday to discuss the new harbour plan, which has been debated for years "
         "and which the mayor says will finally be built before the next election.")


def hostile_page(vector: str) -> str:
    from html import escape

    return (f"<html lang='{escape(vector)}'><head><title>{vector} council</title></head><body>"
            f"<nav><a href='/'>Home</a> {vector}</nav><article><h1>Harbour {vector} plan</h1>"
            f"<p>{PROSE} {vector} {PROSE}</p><p>{vector}</p><p>{escape(vector)} {PROSE}</p>"
            f"<ul><li>{PROSE} {vector}</li><li>{escape(vector)}</li></ul>"
            f"<table><tr><td>{vector}</td><td>{escape(vector)} cell</td></tr><tr><td>a</td><td>b</td></tr></table>"
            f"<blockquote>{PROSE} {escape(vector)}</blockquote><pre><code>{escape(vector)}\nline two</code></pre>"
            f"<h2>{escape(vector)}</h2><p>{PROSE}</p></article></body></html>")


def hostile_document(vector: str) -> Document:
    blocks = (Block(BlockKind.HEADING, vector, level=2), Block(BlockKind.PARAGRAPH, vector),
              Block(BlockKind.LIST, vector, items=(vector, f"x {vector} y")),
              Block(BlockKind.LIST, vector, items=(vector,), ordered=True),
              Block(BlockKind.TABLE, vector, rows=((vector, "b"), ("c", vector))),
              Block(BlockKind.TABLE, vector),  # a table block without rows renders as a paragraph
              Block(BlockKind.QUOTE, vector), Block(BlockKind.CODE, vector))
    return Document(text=render_text(blocks), title=vector, metadata=Metadata(title=vector, language=vector),
                    blocks=blocks, removed=())


def test_there_are_over_a_hundred_vectors() -> None:
    assert len(XSS_VECTORS) >= 100


@pytest.mark.parametrize("vector", XSS_VECTORS)
def test_extracted_page_renders_inert_html(vector: str) -> None:
    # An unclosed <script>, <xmp> or <plaintext> swallows the rest of the page, as in a browser; whatever
    # is kept must render inert.
    document = extract(hostile_page(vector), url="https://example.org/news/1")
    assert document_problems(document) == []


@pytest.mark.parametrize("vector", XSS_VECTORS)
def test_explain_report_is_inert(vector: str) -> None:
    # The explain report (``Document.explain_html``) writes removed blocks, labels and reasons too.
    document = extract(hostile_page(vector), url="https://example.org/news/1")
    assert markup_problems(document.explain_html(), REPORT_ALLOWED) == []


@pytest.mark.parametrize("vector", XSS_VECTORS)
def test_document_fields_render_inert_html(vector: str) -> None:
    assert document_problems(hostile_document(vector)) == []


def test_vectors_kept_as_text_read_back_as_text() -> None:
    # The escaped vectors are text of the article: they must come back as the same text, not as markup.
    document = extract(hostile_page("<script>alert(1)</script>"))
    assert "<script>alert(1)</script>" in document.text
    assert "&lt;script&gt;" in document.to_html() and "<script>" not in document.to_html()


def test_checker_catches_what_it_should() -> None:
    # The checker itself: each of these must be reported.
    for bad in ('<p onclick="x">a</p>', "<script>x</script>", '<a href="javascript:x">a</a>', "<!-- c -->",
                '<p title="data:text/html,x">a</p>', "<img src=x>", "<p>a<?php x ?></p>"):
        assert markup_problems(f"<html><body><article>{bad}</article></body></html>"), bad


def test_markdown_escapes_what_a_renderer_would_take_for_html() -> None:
    document = hostile_document("<script>alert(1)</script> <img src=x onerror=alert(2)> </p> <!-- c -->")
    markdown = render_markdown(document)
    outside_code = markdown.split("```")[0] + markdown.split("```")[-1]
    for raw in ("<script", "<img", "</p", "<!--"):
        assert raw not in outside_code.replace("\\<", "")
    assert "\\<script>" in markdown and "<script>alert(1)</script>" in markdown.split("```")[1]


def test_cli_and_batch_html_output_is_inert(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    vectors = XSS_VECTORS[::9]
    for n, vector in enumerate(vectors):
        (pages / f"page{n}.html").write_text(hostile_page(vector), "utf-8")
    assert main(["extract", str(pages / "page0.html"), "--format", "html"]) == 0
    assert markup_problems(capsys.readouterr().out) == []
    assert main(["batch", str(pages), "-o", str(tmp_path / "out"), "--format", "html", "--quiet"]) == 0
    written = sorted((tmp_path / "out").rglob("*.html"))
    assert len(written) == len(vectors)
    for path in written:
        assert markup_problems(path.read_text("utf-8")) == [], path.name
