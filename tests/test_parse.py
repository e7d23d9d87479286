"""parse_html: one tree per page, deep nesting flattened without losing text, XML declarations."""
from __future__ import annotations

from cleaner import extract
from cleaner.html.parse import LIBXML_DEPTH_LIMIT, MAX_NESTING, flatten_deep_nesting, parse_html


def test_parses_a_fragment_into_a_document() -> None:
    root = parse_html("<p>Hello <b>world</b></p>")
    assert root.tag == "html"
    assert root.find(".//p").text_content() == "Hello world"


def test_comments_are_dropped() -> None:
    root = parse_html("<p>a<!-- secret -->b</p>")
    assert "secret" not in root.text_content() and root.find(".//p").text_content() == "ab"


def test_xml_declaration_in_str_input() -> None:
    text = '<?xml version="1.0" encoding="utf-8"?>\n<html><body><p>Grüße aus XHTML</p></body></html>'
    root = parse_html(text)
    assert root.find(".//p").text_content() == "Grüße aus XHTML"


def test_deep_nesting_is_flattened_and_keeps_text() -> None:
    depth = LIBXML_DEPTH_LIMIT + 1000  # deeper than libxml2 keeps, even with huge_tree
    html = "<html><body>" + "<div>" * depth + "<p>deep text survives</p>" + "</div>" * depth + \
        "<p>after the tower</p></body></html>"
    root = parse_html(html)
    text = root.text_content()
    assert "deep text survives" in text and "after the tower" in text
    max_depth = max(sum(1 for _ in el.iterancestors()) for el in root.iter())
    assert max_depth <= MAX_NESTING + 5


def test_moderately_deep_pages_are_parsed_as_they_are() -> None:
    depth = MAX_NESTING + 200  # fewer elements than libxml2's limit: no flattening needed
    root = parse_html("<div>" * depth + "<p>kept</p>" + "</div>" * depth)
    assert root.find(".//p").text_content() == "kept"


def test_flatten_drops_only_tags_beyond_the_limit() -> None:
    html = "<div><div><div><span>x</span></div></div></div>"
    flat = flatten_deep_nesting(html, limit=2)
    assert flat.count("<div>") == 2 and "x" in flat and "<span>" not in flat
    assert flatten_deep_nesting(html, limit=10) == html


def test_void_tags_do_not_count_as_depth() -> None:
    html = "<div>" + "<br>" * 50 + "<p>text</p></div>"
    assert flatten_deep_nesting(html, limit=3) == html


def test_content_after_the_closing_html_tag_is_part_of_the_body() -> None:
    # Pages glued from templates close </html> and go on; libxml2 puts the rest in a second <html> beside
    # the root, where a walk never looks. Browsers show it in the body, and so does the parse.
    article = "".join(f"<p>Paragraph {i} of the harbour story, which goes on after the page was closed.</p>"
                      for i in range(6))
    html = ("<html><head><title>Harbour</title></head><body><nav><a href='/'>Home</a></nav></body></html>\n"
            f"<html><head><meta name='author' content='Ana'></head><body>Loose words {article}</body></html>")
    root = parse_html(html)
    assert list(root.itersiblings()) == [] or all(len(s) == 0 and not s.text for s in root.itersiblings())
    body_text = root.find("body").text_content()
    assert "Loose words" in body_text and "Paragraph 5" in body_text
    assert root.find("head").find("meta").get("content") == "Ana"
    document = extract(html)
    assert "Paragraph 0 of the harbour story" in document.text and "Paragraph 5" in document.text


def test_thousands_of_closing_html_tags_keep_every_piece_of_text() -> None:
    # Each piece after a </html> is a root of its own; they move as elements, no text is joined again and
    # again (bench/fuzz.py case 41613: a repeated chunk made this quadratic).
    html = "<html><body><p>start</p></body></html>" + "".join(f"piece {i} </html>" for i in range(5000))
    body = parse_html(html).find("body")
    assert list(parse_html(html).itersiblings()) == []
    text = body.text_content()
    assert "start" in text and "piece 0 " in text and "piece 4999 " in text
