"""Moving elements and text in a parsed tree: no text lost, none that lxml refuses."""
from __future__ import annotations

import lxml.html

from cleaner.html.parse import parse_html
from cleaner.html.tree_edit import detach_keeping_tail, replace_keeping_tail, xml_text


def test_xml_text_turns_what_lxml_refuses_into_spaces() -> None:
    assert xml_text("a\x0cb\x00c\ufffed\ud800e") == "a b c d e"
    assert xml_text("tab\tand\nnewline\r") == "tab\tand\nnewline\r"


def test_detach_and_replace_keep_the_text_around() -> None:
    root = lxml.html.fromstring("<div><p>a</p><template id='t'></template>after<i>i</i><span id='s'>S</span>"
                                "end\x0c</div>")
    replace_keeping_tail(root.find("template"), root.find("span"))
    assert lxml.html.tostring(root) == b'<div><p>a</p><span id="s">S</span>after<i>i</i>end </div>'
    detach_keeping_tail(root.find("i"))
    assert root.text_content() == "aSafterend "


def test_text_that_libxml2_hands_out_can_be_moved() -> None:
    # A form feed after </html> (bench/fuzz.py cases 215, 1021, 1067: ValueError from lxml).
    root = parse_html("<html><body><p>one</p></body></html>\x0c<p>two\x0c</p> loose\x0c text")
    assert "two" in root.find("body").text_content() and "loose" in root.find("body").text_content()
