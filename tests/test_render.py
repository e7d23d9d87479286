"""Rendering kept blocks as text, Markdown and sanitized HTML."""
from __future__ import annotations

from cleaner.render import render_html, render_markdown, render_text
from cleaner.types import Block, BlockKind, Document, Metadata


def document(*blocks: Block, title: str | None = "The Title", language: str | None = "en") -> Document:
    blocks_ = tuple(blocks)
    return Document(text=render_text(blocks_), title=title, metadata=Metadata(title=title, language=language),
                    blocks=blocks_, removed=())


def test_text_joins_blocks_with_blank_lines() -> None:
    doc = document(Block(BlockKind.PARAGRAPH, "One."), Block(BlockKind.LIST, "a\nb", items=("a", "b")),
                   Block(BlockKind.TABLE, "", rows=(("x", "y"), ("1", "2"))))
    assert doc.text == "One.\n\na\nb\n\nx | y\n1 | 2"


def test_markdown_headings_lists_quotes_and_code() -> None:
    md = render_markdown(document(
        Block(BlockKind.HEADING, "Section", level=3),
        Block(BlockKind.LIST, "", items=("eggs", "milk")),
        Block(BlockKind.LIST, "", items=("first", "second"), ordered=True),
        Block(BlockKind.QUOTE, "line one\nline two"),
        Block(BlockKind.CODE, "x = 1"),
    ))
    assert md == ("# The Title\n\n### Section\n\n- eggs\n- milk\n\n1. first\n2. second\n\n"
                  "> line one\n> line two\n\n```\nx = 1\n```\n")


def test_markdown_table_pads_rows_and_escapes_pipes() -> None:
    md = render_markdown(document(Block(BlockKind.TABLE, "", rows=(("Name", "Size"), ("a|b",))), title=None))
    assert md == "| Name | Size |\n| --- | --- |\n| a\\|b |  |\n"


def test_code_containing_a_fence_gets_a_longer_fence() -> None:
    md = render_markdown(document(Block(BlockKind.CODE, "```\ninner\n```"), title=None))
    assert md.startswith("````\n") and md.endswith("\n````\n")


def test_title_not_repeated_when_the_first_block_is_the_headline() -> None:
    md = render_markdown(document(Block(BlockKind.HEADING, "The Title", level=1), Block(BlockKind.PARAGRAPH, "Body.")))
    assert md == "# The Title\n\nBody.\n"


def test_html_has_fixed_tags() -> None:
    html = render_html(document(Block(BlockKind.HEADING, "Sub", level=2), Block(BlockKind.PARAGRAPH, "Body."),
                                Block(BlockKind.LIST, "", items=("a",), ordered=True),
                                Block(BlockKind.TABLE, "", rows=(("c",),))))
    assert '<html lang="en">' in html and "<title>The Title</title>" in html and "<h1>The Title</h1>" in html
    assert "<h2>Sub</h2>\n<p>Body.</p>\n<ol><li>a</li></ol>\n<table><tr><td>c</td></tr></table>" in html


def test_html_from_page_text_is_inert() -> None:
    evil = '<script>alert(1)</script><img src=x onerror="alert(2)"><a href="javascript:alert(3)">x</a>'
    html = render_html(document(Block(BlockKind.PARAGRAPH, evil), Block(BlockKind.LIST, "", items=(evil,)),
                                Block(BlockKind.TABLE, "", rows=((evil,),)), Block(BlockKind.QUOTE, evil),
                                Block(BlockKind.CODE, evil), Block(BlockKind.HEADING, evil, level=2),
                                title=evil, language='en"><script>'))
    assert "<script" not in html and "<img" not in html and "<a " not in html
    assert 'onerror="' not in html and 'href="javascript:' not in html  # only as escaped text
    assert "&lt;script&gt;" in html and 'lang="en&quot;&gt;&lt;script&gt;"' in html


def test_empty_document_renders_empty_markdown() -> None:
    assert render_markdown(document(title=None)) == ""
