"""Streamed parts (React's streaming server rendering) are read where the page's scripts put them."""
from __future__ import annotations

from cleaner import extract
from cleaner.html.parse import parse_html

STORY = "".join(f"<p>Paragraph {i} of the ferry story tells how the harbour crossing was rebuilt in stone.</p>"
                for i in range(6))


def page(body_end: str, shell: str = '<template id="B:0"></template><p>Loading...</p>') -> str:
    return ("<html><head><title>Ferry</title></head><body><header><nav><a href='/'>Home</a>"
            f"<a href='/news'>News</a></nav></header><main>{shell}</main><footer>Contact us</footer>"
            f"{body_end}</body></html>")


def test_a_streamed_part_replaces_its_boundary_and_is_visible() -> None:
    html = page(f'<div hidden id="S:0"><article><h1>Ferry</h1>{STORY}</article></div>'
                '<script>$RC("B:0","S:0")</script>')
    root = parse_html(html)
    main = root.find(".//main")
    assert main.find("template") is None
    assert main.find(".//article") is not None and main.find("div").get("hidden") is None
    assert main.text_content().index("Paragraph 0") < main.text_content().index("Loading")
    document = extract(html)
    assert "Paragraph 5 of the ferry story" in document.text


def test_the_scripts_calls_decide_where_a_part_goes() -> None:
    shell = '<template id="B:0"></template><section id="second"><template id="B:1"></template></section>'
    html = page('<div hidden id="S:0"><p>Small print.</p></div>'
                f'<div hidden id="S:1"><div id="story">{STORY}</div></div>'
                '<script>$RC("B:1","S:0");$RC("B:0","S:1")</script>', shell)
    root = parse_html(html)
    assert root.find(".//section[@id='second']").text_content() == "Small print."
    assert root.find(".//main/div/div[@id='story']") is not None


def test_without_inline_calls_a_part_goes_to_the_placeholder_of_its_number() -> None:
    # The runtime may sit in a script file: parts then go by number, a placeholder (P:n) before a boundary.
    shell = '<template id="B:0"></template><template id="P:2"></template>'
    html = page(f'<div hidden id="S:1"><p>Nothing</p></div><div hidden id="S:2"><div>{STORY}</div></div>', shell)
    root = parse_html(html)
    main = root.find(".//main")
    assert "Paragraph 0" in main.text_content() and main.find("template[@id='B:0']") is not None
    assert root.find(".//div[@id='S:1']").get("hidden") is not None  # no template of its own: left as it is


def test_a_part_streamed_inside_another_part_follows_it() -> None:
    html = page('<div hidden id="S:0"><div class="wrap"><template id="P:1"></template></div></div>'
                f'<div hidden id="S:1"><div>{STORY}</div></div>')
    root = parse_html(html)
    wrap = root.find(".//main//div[@class='wrap']")
    assert wrap is not None and "Paragraph 3" in wrap.text_content()


def test_pages_without_streaming_are_untouched() -> None:
    html = page('<div hidden id="dialog"><p>Sign in</p></div>', "<template id='row'><p>x</p></template>")
    root = parse_html(html)
    assert root.find(".//div[@id='dialog']").get("hidden") is not None
    assert root.find(".//template") is not None
