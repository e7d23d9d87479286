"""segment_tree: one segment per block, with group, cells, hidden flag and link signals."""
from __future__ import annotations

import pytest

from cleaner.html.ancestry import element_tokens
from cleaner.html.segment import MAX_HIDDEN_TEXT, segment_tree
from cleaner.html.parse import parse_html
from cleaner.types import BlockKind

from factories import find, segments_of


def test_one_block_per_paragraph_in_reading_order() -> None:
    segments = segments_of("<div><p>First paragraph.</p><p>Second   paragraph\n here.</p></div>")
    assert [s.text for s in segments] == ["First paragraph.", "Second paragraph here."]
    assert [s.index for s in segments] == [0, 1]
    assert segments[0].path == "/html/body/div/p[1]" and segments[1].path == "/html/body/div/p[2]"
    assert all(s.kind is BlockKind.PARAGRAPH for s in segments)
    assert segments[1].words == 3


def test_inline_tags_stay_in_their_block() -> None:
    segments = segments_of("<p>Some <b>bold</b> and <i>italic</i> words.</p>")
    assert [s.text for s in segments] == ["Some bold and italic words."]


def test_list_items_share_a_group_and_remember_the_list_tag() -> None:
    segments = segments_of("<ul><li>one</li><li>two</li></ul><ol><li>first</li><li>second</li></ol>")
    ul, ol = segments[:2], segments[2:]
    assert all(s.kind is BlockKind.LIST for s in segments)
    assert ul[0].group == ul[1].group >= 0 and ol[0].group == ol[1].group >= 0
    assert ul[0].group != ol[0].group
    assert {s.group_tag for s in ul} == {"ul"} and {s.group_tag for s in ol} == {"ol"}


def test_list_item_with_nested_paragraphs_is_a_container() -> None:
    segments = segments_of("<ul><li><p>Para one.</p><p>Para two.</p></li></ul>")
    assert [s.text for s in segments] == ["Para one.", "Para two."]
    assert all(s.kind is BlockKind.PARAGRAPH for s in segments)


def test_table_rows_carry_their_cells() -> None:
    segments = segments_of("<table><tr><th>Name</th><th>Size</th></tr><tr><td>Box</td><td>2 m</td></tr></table>")
    assert [s.cells for s in segments] == [("Name", "Size"), ("Box", "2 m")]
    assert [s.text for s in segments] == ["Name | Size", "Box | 2 m"]
    assert {s.kind for s in segments} == {BlockKind.TABLE} and segments[0].group == segments[1].group
    assert segments[0].group_tag == "table"


def test_headings_quotes_and_code() -> None:
    segments = segments_of("<h3>Title</h3><blockquote><p>Said it.</p></blockquote><pre>a = 1\n  b = 2</pre>")
    heading, quote, code = segments
    assert heading.kind is BlockKind.HEADING and heading.heading_level == 3
    assert quote.kind is BlockKind.QUOTE
    assert code.kind is BlockKind.CODE and code.text == "a = 1\n  b = 2"  # whitespace kept in <pre>


def test_hidden_elements_become_hidden_segments() -> None:
    segments = segments_of('<p>Visible.</p><div style="display: none">Secret menu</div>'
                           '<div hidden>Also hidden</div><div aria-hidden="true">Icon text</div>')
    hidden = [s for s in segments if s.hidden]
    assert [s.text for s in hidden] == ["Secret menu", "Also hidden", "Icon text"]
    assert not find(segments, "Visible.").hidden


def test_hidden_text_is_capped() -> None:
    segments = segments_of(f'<div style="visibility:hidden">{"word " * 2000}</div>')
    assert segments[0].hidden and len(segments[0].text) <= MAX_HIDDEN_TEXT


def test_scripts_styles_and_templates_are_skipped() -> None:
    segments = segments_of("<p>Before.</p><script>var secret = 1;</script><style>p{color:red}</style>"
                           "<noscript>Enable JS</noscript><template><p>tpl</p></template><p>After.</p>")
    assert [s.text for s in segments] == ["Before.", "After."]


def test_link_density_counts_link_and_button_text() -> None:
    segments = segments_of('<p><a href="/a">Home</a> <a href="/b">News</a></p>'
                           '<p>A sentence with <a href="/x">one link</a> inside it.</p><div><button>Share</button></div>')
    menu, prose, button = segments
    assert menu.link_chars == len("HomeNews") and menu.link_density > 0.8  # the space between is not link text
    assert 0 < prose.link_density < 0.5
    assert button.link_density == 1.0


def test_form_text_is_marked() -> None:
    segments = segments_of('<form><p>Your email</p></form><p>Outside.</p>')
    assert find(segments, "Your email").inside_form and not find(segments, "Outside.").inside_form


@pytest.mark.parametrize(("control", "holds"), [
    ('<select><option>Price</option></select>', True), ('<input type="text" name="q">', True),
    ("<textarea></textarea>", True), ('<input type="hidden" name="token">', False),
    ('<input type="checkbox" disabled>', False), ("", False)])
def test_a_block_that_holds_a_form_control_is_marked(control: str, holds: bool) -> None:
    segments = segments_of(f"<div><label>Sort by {control}</label> <span>12 results</span></div>"
                           "<p>Next block.</p>")
    assert find(segments, "Sort by").holds_control is holds
    assert not find(segments, "Next block.").holds_control  # the mark ends with its block


def test_ancestors_nearest_first_with_tokens() -> None:
    segments = segments_of('<div id="main-nav" class="siteMenu"><p class="item">x</p></div>')
    ancestors = segments[0].ancestors
    assert [a.tag for a in ancestors[:3]] == ["p", "div", "body"]
    assert {"main", "nav", "main-nav", "site", "menu"} <= set(ancestors[1].tokens)
    assert ancestors[1].description == '<div id="main-nav" class="siteMenu">'


def test_taxonomy_classes_give_no_tokens() -> None:
    root = parse_html('<article class="post category-comments tag-share hentry"><p>x</p></article>')
    tokens = element_tokens(root.find(".//article"))
    assert "post" in tokens and "hentry" in tokens
    assert not {"comments", "share", "category", "tag"} & set(tokens)


def test_a_block_closed_early_has_its_owner_first_among_its_ancestors() -> None:
    # Text inside a link is closed early by a hidden span and by a nested block: its ancestors must still
    # start at the element that owns it, so that ancestors[d] is the d-th ancestor of its path.
    html = ('<html><body><footer><div class="inner"><a href="#top">To the top <span hidden>up</span></a>'
            '</div><div class="box"><span>Lead text <p>Nested paragraph</p></span></div></footer></body></html>')
    for text in ("To the top", "Lead text"):
        segment = find(segments_of(html), text)
        assert segment.path.rsplit("/", 1)[-1].startswith(segment.ancestors[0].tag)
        assert segment.ancestors[1].tag == "footer"


def test_noscript_is_read_only_when_it_holds_the_page() -> None:
    from cleaner.html.segment import segment_page

    shell = ('<div id="app"></div><noscript><main><h1>Welcome to the allotment society</h1>'
             + "".join(f"<p>Paragraph {i}: the society meets every Saturday morning at the gate to share seeds, "
                       f"tools and advice about what grows well in our heavy clay soil.</p>" for i in range(4))
             + "</main></noscript>")
    texts = [s.text for s in segment_page(parse_html(f"<html><body>{shell}</body></html>"))]
    assert texts[0] == "Welcome to the allotment society" and len(texts) == 5
    notice = ("<main><p>" + "The visible article is long enough to be the page. " * 10 + "</p></main>"
              "<noscript><p>You need to enable JavaScript to run this app.</p></noscript>")
    texts = [s.text for s in segment_page(parse_html(f"<html><body>{notice}</body></html>"))]
    assert not any("enable JavaScript" in t for t in texts)
    alone = "<noscript><p>You need to enable JavaScript to run this app.</p></noscript>"
    assert segment_page(parse_html(f"<html><body>{alone}</body></html>")) == []


def test_nested_noscript_text_is_counted_once() -> None:
    # Found by bench/fuzz.py (seed 1, case 15669): a page chunk repeated with its <noscript> left open nested
    # a thousand of them, and each level read all the levels below it again (40 s before the first block).
    from cleaner.html.noscript import noscript_chars

    html = "<html><body><p>Visible.</p>" + "".join(f"<noscript><p>Fallback text {n}.</p>" for n in range(1000))
    root = parse_html(html + "</body></html>")
    assert max(sum(1 for _ in e.iterancestors("noscript")) for e in root.iter("noscript")) == 999
    assert noscript_chars(root) == sum(len(f"Fallback text {n}.") for n in range(1000))


def test_a_panel_that_a_control_opens_is_read_as_visible() -> None:
    # Accordions and tabs hide their panels until a click (a product's description, its shipping terms);
    # the button names the panel in aria-controls. Other hidden elements stay hidden.
    root = parse_html(
        "<div><button aria-expanded='false' aria-controls='panel-1 panel-2'>Details</button>"
        "<div id='panel-1' aria-hidden='true'><p>Hand-inspected in our warehouse before it ships.</p></div>"
        "<div id='panel-2' hidden><p>Returns within fourteen days.</p></div>"
        "<div id='modal' hidden><p>Sign in to continue.</p></div></div>")
    segments = segment_tree(root)
    visible = [s.text for s in segments if not s.hidden]
    assert "Hand-inspected in our warehouse before it ships." in visible
    assert "Returns within fourteen days." in visible
    assert [s.text for s in segments if s.hidden] == ["Sign in to continue."]


@pytest.mark.parametrize(("row", "atomic"), [
    ("<li>Plain <b>item</b> text</li>", True),
    ("<li>Item <div> </div> with an empty block</li>", True),
    ("<li>Item <div></div>tail after a nested block, in the row itself</li>", True),
    ("<li>Item <div><p>text in a nested block</p></div></li>", False),
    ("<li>Item <div><span>x</span>tail inside a nested block</div></li>", False),
    ("<li>Item" + "<div>" * 3000 + "</div>" * 3000 + "</li>", True),  # a chain of empty blocks: one walk
    ("<li>Item" + "<div>" * 3000 + "deep text" + "</div>" * 3000 + "</li>", False),
])
def test_a_row_is_atomic_when_no_nested_block_holds_text(row: str, atomic: bool) -> None:
    from cleaner.html.segment_python import _is_atomic

    element = parse_html(f"<html><body><ul>{row}</ul></body></html>").find(".//li")
    assert _is_atomic(element, "li") is atomic
