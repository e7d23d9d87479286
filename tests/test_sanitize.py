"""Input that lxml refuses or cuts short: each case parses (repaired first) and keeps the article.

One regression test per case of issue 14: an XML declaration with an encoding (well formed or junk),
control characters, NUL bytes, lone surrogates, broken comments and CDATA, in ``str`` and in bytes.
"""
from __future__ import annotations

import pytest

from cleaner import Status, clean_text, extract
from cleaner.sanitize import looks_binary, repair_text

PARAGRAPHS = 12


def paragraphs(mark: str = "") -> list[str]:
    """Twelve paragraphs of prose; ``mark`` is put into the middle of each, away from the counted words."""
    return [f"Paragraph {i} of the story tells how the harbour board voted{mark} to rebuild the old pier "
            f"after the winter storms, and what the fishermen said about it." for i in range(PARAGRAPHS)]


def page(body: list[str], before: str = "") -> str:
    items = "".join(f"<p>{p}</p>\n" for p in body)
    return (f"{before}<html><head><title>Harbour board votes</title></head><body><nav><a href='/'>Home</a>"
            f"</nav><article><h1>Harbour board votes</h1>{items}</article></body></html>")


def kept_paragraphs(text: str) -> int:
    return sum(f"Paragraph {i} of the story" in text for i in range(PARAGRAPHS))


def both_forms(html: str) -> list[bytes | str]:
    return [html, html.encode("utf-8", "surrogatepass")]


@pytest.mark.parametrize("declaration", [
    '<?xml version="1.0" encoding="...garbage...">',           # the page from the issue: no "?>"
    '<?xml version="1.0" encoding="utf-8"?>',
    "<?xml version='1.0' encoding='ISO-8859-1' standalone='yes'?>\n",
    '  \n<?XML version="1.0" encoding="utf-8"?>',
    '<?xml encoding="utf-8"',                                     # cut off before its end
    '<!-- generated --><?xml version="1.0" encoding="utf-8"?>',  # not first: lxml's own check
])
def test_xml_declaration_with_an_encoding_is_dropped(declaration: str) -> None:
    for html in both_forms(page(paragraphs(), before=declaration)):
        document = extract(html)
        assert document.status is Status.OK
        assert kept_paragraphs(document.text) == PARAGRAPHS


@pytest.mark.parametrize("control", ["\x0b", "\x1f", "\x01", "\x08", "\x1b"])
def test_control_characters_in_every_paragraph_keep_the_article(control: str) -> None:
    # Twelve paragraphs with a control character each used to come back as NOT_HTML.
    for html in both_forms(page(paragraphs(f" {control}{control} "))):
        document = extract(html)
        assert document.status is Status.OK
        assert kept_paragraphs(document.text) == PARAGRAPHS
        assert control not in document.text


def test_nul_bytes_do_not_cut_the_page() -> None:
    # libxml2 reads a C string: everything after a NUL used to be lost.
    for html in both_forms(page(paragraphs(" \x00 "))):
        document = extract(html)
        assert kept_paragraphs(document.text) == PARAGRAPHS
        assert "\x00" not in document.text


def test_lone_surrogate_does_not_cut_the_text() -> None:
    body = paragraphs()
    body[3] = body[3].replace("voted", "voted \ud800")
    document = extract(page(body))
    assert kept_paragraphs(document.text) == PARAGRAPHS
    document.text.encode("utf-8")  # the result can be written out
    assert "\ufffd" in document.text


def test_surrogate_pair_in_a_str_becomes_its_character() -> None:
    body = paragraphs()
    body[0] = body[0].replace("voted", "voted \ud83d\ude00")
    document = extract(page(body))
    assert "\U0001f600" in document.text
    assert kept_paragraphs(document.text) == PARAGRAPHS


@pytest.mark.parametrize("junk", [
    "<!-- never closed", "<!-- a -- b --!>", "<!--> <!---> --!>", "<!-->",
    "<![CDATA[ some ]]>", "<![CDATA[ never closed", "<?php echo 1; ?>", "<!DOCTYPE html SYSTEM \"\x00\">",
    "<!", "</>", "<p <p <p>", "<a href='x>",
])
def test_broken_comments_cdata_and_declarations_keep_the_article(junk: str) -> None:
    body = paragraphs()
    for html in both_forms(page(body[:6] + [junk] + body[6:])):
        document = extract(html)
        assert document.status is Status.OK
        # An unclosed comment or attribute swallows what follows, as it does in a browser: the text before it stays.
        assert kept_paragraphs(document.text) >= 6


def test_clean_text_repairs_nul_controls_and_surrogates() -> None:
    text = "\n\n".join(paragraphs(" \x00\x0b\x1f ")).replace("voted", "voted \udc00", 1)
    document = clean_text(text)
    assert kept_paragraphs(document.text) == PARAGRAPHS
    document.text.encode("utf-8")
    assert not any(c in document.text for c in "\x00\x0b\x1f")


def test_repair_text_leaves_clean_text_alone() -> None:
    text = "Plain text\twith tabs,\r\nnewlines and a form feed\f."
    assert repair_text(text) is text


def test_repair_text_maps_vertical_tab_to_space_and_drops_other_controls() -> None:
    assert repair_text("a\x0bb\x00c\x1fd") == "a bcd"


@pytest.mark.parametrize("text, binary", [
    ("".join(map(chr, range(256))) * 10, True),
    ("\x00" * 100, True),
    ("\ufffd" * 50 + "abc", True),
    ("<p>" + "a sentence of a few words\x0b " * 50 + "</p>", False),  # one control a sentence: text
    ("plain text", False),
])
def test_looks_binary(text: str, binary: bool) -> None:
    assert looks_binary(text) is binary


def test_charset_label_with_a_nul_is_ignored() -> None:
    # Found by bench/fuzz.py (case 1018, seed 1): codecs.lookup raises ValueError on a NUL in the name.
    from cleaner import extract

    html = page(paragraphs(), before='<meta charset="utf-8\x00">').encode("utf-8")
    document = extract(html)
    assert kept_paragraphs(document.text) == PARAGRAPHS
    assert extract(page(paragraphs()).encode("utf-8"), encoding="utf-8\x00").status is Status.OK
