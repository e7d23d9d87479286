"""The compiled segment walk gives exactly the pure-Python walk's Segments, and the selection between them.

The suite as a whole runs twice (``make test``: compiled, then ``CLEANER_PURE_PYTHON=1``); these tests compare
the two walks side by side on the fixture pages and on trees built to reach every kind of node libxml2 has.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import lxml.html
import pytest
from lxml import etree

import cleaner
from cleaner.deadline import Deadline, TimeLimitReached
from cleaner.html import scorer_compiled, segment
from cleaner.html.ancestry import _values_tokens
from cleaner.html.parse import parse_html
from cleaner.html.segment_python import python_segment_tree

try:
    from cleaner.html import _segment_compiled as compiled
except ModuleNotFoundError:  # installed without a C compiler: there is one walk only
    compiled = None

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_PAGES = sorted((ROOT / "fixtures" / "pages").glob("*/source.html"))
MODES = ({}, {"open_noscript": True}, {"reveal_hidden": True})

needs_compiled = pytest.mark.skipif(
    compiled is None, reason="the compiled walk is not built (no C compiler or Cython at install): nothing to compare")


def _shape(segments: list) -> list[list[int]]:
    """Which ancestors are one and the same AncestorInfo object, numbered as first met."""
    seen: dict[int, int] = {}
    return [[seen.setdefault(id(info), len(seen)) for info in s.ancestors] for s in segments]


def assert_same_walks(root: etree._Element, **options: bool) -> list:
    pure = python_segment_tree(root, **options)
    fast = compiled.compiled_segment_tree(root, **options)
    assert fast == pure
    assert [(s.length, s.link_density) for s in fast] == [(s.length, s.link_density) for s in pure]
    assert _shape(fast) == _shape(pure)
    return fast


@needs_compiled
@pytest.mark.parametrize("options", MODES, ids=["plain", "open_noscript", "reveal_hidden"])
@pytest.mark.parametrize("source", FIXTURE_PAGES, ids=[p.parent.name for p in FIXTURE_PAGES])
def test_same_segments_on_every_fixture_page(source: Path, options: dict) -> None:
    assert assert_same_walks(parse_html(source.read_text(encoding="utf-8")), **options)


SNIPPETS = {
    "paragraphs": "<div><p>One <b>bold</b> line.</p><p>Two <a href='/x'>link</a> words</p>tail text</div>",
    "hidden": "<div><p>Shown <span hidden>concealed <b>deep</b></span> after</p>"
              "<div style='display: none'><p>hidden block</p><div aria-hidden='true'>nested hidden</div></div>"
              "<p aria-hidden='false'>visible</p><section style='color:red;visibility :hidden'>gone</section></div>",
    "disclosed": "<button aria-controls='tab2 tab3'>Open</button><div id='tab2' hidden><p>Panel two</p></div>"
                 "<div id='tab3' style='display:none'>Panel three</div><div id='tab4' hidden>Panel four</div>",
    "atomic rows": "<ul class='menu'><li><a href='/a'>Home</a> <span>|</span></li><li><p>Para in item</p></li>"
                   "<li>Item <div>with block</div> text</li><li><div> </div>only inline</li></ul>"
                   "<dl><dt>Term</dt><dd>Definition <br> more</dd></dl>",
    "tables": "<table><tr><th>Name</th><th>Size <i>cm</i></th></tr><tr><td>Box\n  one</td><td></td><td>2 m</td></tr>"
              "<tr><td><p>Block cell</p></td><td>plain</td></tr></table><tr><td>Row outside a table</td></tr>"
              "<table><tbody><tr><td>a</td></tr></tbody><tfoot><tr><td>foot</td></tr></tfoot></table>",
    "pre and code": "<pre>line one<br>line two\n  indented<hr>after rule</pre><p>text <code>x = 1<br>y</code></p>"
                    "<div><code><span>deep</span><br>code</code></div><pre>  \n </pre>",
    "quotes and headings": "<blockquote><div><p>Quoted</p></div></blockquote><h2 id='x'>Title</h2><h7>not h</h7>",
    "forms and controls": "<form><label>Sort <select><option>Date</option></select></label><input type='hidden'>"
                          "<p>Pick <input type='checkbox' disabled> one</p><p><textarea>t</textarea> Note</p></form>"
                          "<p>After form <input name='q'></p>",
    "skipped tags": "<p>Before<script>var x = '<p>';</script> middle <style>p{}</style>after<noscript>ns text"
                    "</noscript></p><svg><text>svg text</text></svg><template><p>tpl</p></template>",
    "noscript only": "<noscript><div><p>" + "The whole thread is printed here for readers without scripts. " * 10
                     + "</p><noscript><p>inner</p></noscript></div></noscript><p>Enable JavaScript.</p>",
    "empty elements": "<div></div><p></p><p> </p><ul><li></li><li> \n </li></ul><table><tr></tr></table><br><hr>",
    "text in html": "<html>text directly in html<head><title>T</title></head>more<body><p>Body</p></body>"
                    "after body</html>",
    "after body": "<html><body><p>In body</p></body><p>after body</p><div>trailing div</div></html>",
    "namespaced tags": "<div><o:p>Office paragraph</o:p><svg:rect>r</svg:rect><fb:like>Like</fb:like>"
                       "<x:table><tr><td>cell in x:table</td></tr></x:table></div>",
    "attributes": "<div class='a b-c d_e fooBar category-news tag-x Ünïcode ÄbcDef' id='main-Content'"
                  " itemprop='articleBody' role='Main' data-testid='story' data-component='Card'"
                  " aria-label='Story text' CLASS='upper'><p class=''>x</p><p class='  '>y</p></div>",
    "entities and characters": "<p>caf&eacute; &amp; &#x1F600; &nbsp; non&shy;breaking\u00a0space\u2003em</p>",
    "links": "<p><a href='/a'> spaced link </a> text <button>Share</button> <a><a>nested</a></a></p>",
    "uppercase": "<DIV CLASS='X'><P>Upper</P><UL><LI>item</LI></UL></DIV>",
    "siblings": "<div>" + "<p>para</p><span>s</span>" * 30 + "<div><p>x</p></div>" * 3 + "</div>",
}


@needs_compiled
@pytest.mark.parametrize("options", MODES, ids=["plain", "open_noscript", "reveal_hidden"])
@pytest.mark.parametrize("name", sorted(SNIPPETS))
def test_same_segments_on_snippets(name: str, options: dict) -> None:
    html = SNIPPETS[name]
    html = html if html.startswith("<html") else f"<html><body>{html}</body></html>"
    assert_same_walks(parse_html(html), **options)


def _lenient_tree() -> etree._Element:
    """A tree with what the page parser never leaves: comments, processing instructions, entity references,
    CDATA. The pure walk does not visit comments and PIs (``iterwalk``), so their tails are not read."""
    root = lxml.html.document_fromstring(
        "<html><body><div>a<!-- note -->after comment<?php echo 1 ?>after pi<p>P<!--c-->q</p>"
        "<ul><li>one<!-- c --></li><li><div><!-- only a comment --></div>two</li></ul></div></body></html>")
    body = root.find("body")
    paragraph = etree.SubElement(body, "p")
    paragraph.text = "entity "
    entity = etree.Entity("mdash")
    paragraph.append(entity)
    entity.tail = " after entity"
    item = etree.SubElement(etree.SubElement(body, "ul"), "li")
    inner = etree.SubElement(item, "div")
    inner.append(etree.Entity("amp"))
    cdata = etree.SubElement(body, "p")
    cdata.text = etree.CDATA("cdata <text>")
    table = etree.SubElement(body, "table")
    row = etree.SubElement(table, "tr")
    cell = etree.SubElement(row, "td")
    cell.text = "cell "
    cell.append(etree.Entity("copy"))
    etree.SubElement(row, "td").text = etree.CDATA("cdata cell")
    row.append(etree.Comment("comment in row"))
    return root


@needs_compiled
@pytest.mark.parametrize("options", MODES, ids=["plain", "open_noscript", "reveal_hidden"])
def test_same_segments_with_comments_pis_entities_and_cdata(options: dict) -> None:
    segments = assert_same_walks(_lenient_tree(), **options)
    assert any("after entity" in s.text for s in segments)


@needs_compiled
def test_same_segments_on_xhtml_with_namespaces() -> None:
    xhtml = ("<html xmlns='http://www.w3.org/1999/xhtml' xmlns:m='urn:m'><body><p class='a' m:class='b'>One</p>"
             "<m:div><p>In foreign</p></m:div><ul><li>x</li></ul><m:li>y</m:li>"
             "<table><tr><td>c</td></tr></table></body></html>")
    root = etree.fromstring(xhtml, parser=lxml.html.XHTMLParser())
    assert_same_walks(root)
    assert_same_walks(root.find("{http://www.w3.org/1999/xhtml}body"))


@needs_compiled
def test_same_segments_on_a_subtree_and_a_tree_made_by_hand() -> None:
    root = parse_html("<html><body><div id='a'><p>One</p><ul><li>i</li></ul></div><p>Two</p></body></html>")
    assert_same_walks(root.find("body").find("div"))
    assert_same_walks(root.find("body").find("div").find("ul").find("li"))
    made = lxml.html.Element("div")
    lxml.html.etree.SubElement(made, "p").text = "alone"
    assert_same_walks(made)


@needs_compiled
def test_same_segments_5000_levels_deep() -> None:
    # Deeper than libxml2's parser goes (parse_html flattens such pages): built by hand, both walks must
    # come back whole, without recursion.
    root = lxml.html.document_fromstring("<html><body></body></html>")
    node = root.find("body")
    for level in range(5000):
        node = etree.SubElement(node, ("div", "span", "li", "td")[level % 4])
        node.text = f"level {level} " if level % 500 == 0 else None
        node.tail = "t" if level % 700 == 0 else None
    node.text = "the bottom"
    segments = assert_same_walks(root)
    assert any(s.text.endswith("the bottom") for s in segments)


@needs_compiled
def test_same_segments_with_huge_attributes_and_text() -> None:
    huge = "x" * 200_000
    html = (f"<html><body><div class='{huge} menu' id='{huge}' style='{'a' * 100_000};display:none'>hidden</div>"
            f"<p title='{huge}' class='fooBar {huge}B'>{'word ' * 50_000}</p>"
            f"<div hidden>{'hidden text ' * 10_000}</div></body></html>")
    assert_same_walks(parse_html(html))


@needs_compiled
def test_compiled_tokens_match_the_pure_ones() -> None:
    values = ["menu", "post-content", "fooBar", "FooBAR baz_qux-1 a.b:c/d", "category-news tag-x keep",
              "ÄbcDef ünï-x", "aB", "a-B", "ABC", "x__y--z", "--", "ß straße", "İstanbul", "Ǆ", "a\u2003b",
              "a\x1cb", "nav\tmenu\nfooter", "1a2B", "snake_Case-mixedUp", "_", ""]
    for value in values:
        assert compiled.values_tokens((value,)) == _values_tokens((value,)), value
    pair = ("menu fooBar", "main-Content", None, "", "Card", "story")
    assert compiled.values_tokens(pair) == _values_tokens(pair)


@needs_compiled
def test_compiled_walk_checks_the_deadline() -> None:
    root = parse_html("<html><body>" + "<p>x</p>" * 100 + "</body></html>")
    with pytest.raises(TimeLimitReached):
        compiled.compiled_segment_tree(root, Deadline(0.0))


@needs_compiled
def test_a_root_that_is_not_an_element_goes_to_the_pure_walk() -> None:
    comment = etree.Comment("just a comment")  # lxml refuses it in both walks, in the same words
    with pytest.raises(ValueError, match="not an XML element") as pure:
        python_segment_tree(comment)
    with pytest.raises(ValueError, match="not an XML element") as fast:
        compiled.compiled_segment_tree(comment)
    assert str(fast.value) == str(pure.value)


def test_the_selected_walk_is_the_one_cleaner_accelerated_names() -> None:
    assert cleaner.accelerated is (segment.ACCELERATED and scorer_compiled.ACCELERATED)
    pure_forced = os.environ.get("CLEANER_PURE_PYTHON", "") not in ("", "0")
    assert segment.ACCELERATED is (compiled is not None and not pure_forced)
    if cleaner.accelerated:
        assert segment.segment_tree is compiled.compiled_segment_tree
    else:
        assert segment.segment_tree is python_segment_tree


def test_cleaner_pure_python_selects_the_pure_walk() -> None:
    code = ("import cleaner; from cleaner.html import segment; "
            "print(segment.ACCELERATED, segment.segment_tree.__module__, cleaner.accelerated)")
    env = {**os.environ, "CLEANER_PURE_PYTHON": "1", "PYTHONPATH": str(ROOT)}
    forced = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert forced.stdout.split() == ["False", "cleaner.html.segment_python", "False"]
    env["CLEANER_PURE_PYTHON"] = "0"
    default = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert default.stdout.split()[0] == str(compiled is not None)
