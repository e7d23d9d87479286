"""Property-based tests (hypothesis) over generated HTML, bytes and text: whatever comes in, ``extract`` and
``clean_text`` return a whole Document (or raise a documented ``CleanerError``), whose text is its blocks,
which serialises as UTF-8 JSON and renders inert HTML. Derandomized and small, so CI runs them in seconds;
bench/fuzz.py is the long-running counterpart."""
from __future__ import annotations

import json
import sys
from dataclasses import replace
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaner import CleanerError, Document, Options, Status, clean_text, extract
from cleaner.render import render_text
from cleaner.sanitize import repair_text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

from htmlsafety import document_problems  # noqa: E402  (bench/ is a folder of scripts)

PROPERTY_SETTINGS = settings(max_examples=60, deadline=None, derandomize=True,
                             suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
TAGS = ("div", "p", "span", "a", "ul", "ol", "li", "table", "tr", "td", "h1", "h2", "nav", "footer", "article",
        "section", "script", "style", "pre", "code", "blockquote", "form", "b", "i", "br", "img", "title", "x-tag")
CLASSES = ("content", "menu", "nav", "share", "related", "comment", "ad", "footer", "post-body", "cookie", "")
# Text with the characters that broke parsers before: controls, NUL, surrogates, markup characters.
ODD_TEXT = st.text(alphabet=st.one_of(st.characters(), st.sampled_from("<>&\"'\x00\x0b\x1f\ud800\udfff\ufeff")),
                   max_size=80)
WORDS = st.lists(st.sampled_from(("the", "council", "met", "and", "harbour", "plan", "was", "agreed", "after",
                                  "a", "long", "debate", "on", "Tuesday.", "Share", "Menu", "Cookies")),
                 min_size=0, max_size=40).map(" ".join)


def element(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.builds(lambda tag, cls, body, closed: f"<{tag} class='{cls}'>{body}" + (f"</{tag}>" if closed else ""),
                     st.sampled_from(TAGS), st.sampled_from(CLASSES),
                     st.lists(children, max_size=4).map("".join), st.booleans())


HTML = st.recursive(st.one_of(WORDS, ODD_TEXT), element, max_leaves=30).map(
    lambda body: f"<html><head><title>T</title></head><body>{body}</body></html>")


def assert_whole(document: Document) -> None:
    """The invariants of every Document, whatever the input."""
    assert isinstance(document.status, Status)
    assert document.text == render_text(document.blocks)
    if not document.text.strip():
        assert document.status is not Status.OK
    json.dumps(document.to_dict(), ensure_ascii=False).encode("utf-8")
    document.to_markdown().encode("utf-8")
    assert document_problems(document) == []


def outcome(function, *args, **kwargs) -> Document | None:
    try:
        document = function(*args, **kwargs)
    except CleanerError:
        return None
    assert_whole(document)
    return document


@PROPERTY_SETTINGS
@given(HTML)
def test_generated_html(html: str) -> None:
    outcome(extract, html)
    outcome(extract, html.encode("utf-8", "surrogatepass"))


@PROPERTY_SETTINGS
@given(HTML, st.sampled_from(["precision", "recall", "fast"]))
def test_generated_html_under_each_preset(html: str, preset: str) -> None:
    outcome(extract, html, options=Options.from_preset(preset))


@PROPERTY_SETTINGS
@given(st.binary(max_size=2000))
def test_any_bytes(data: bytes) -> None:
    outcome(extract, data)


@PROPERTY_SETTINGS
@given(st.lists(st.one_of(WORDS, ODD_TEXT), max_size=30).map("\n".join))
def test_any_text(text: str) -> None:
    outcome(clean_text, text)
    outcome(extract, text)


@PROPERTY_SETTINGS
@given(HTML)
def test_zero_time_limit_always_says_so(html: str) -> None:
    document = outcome(extract, html, options=replace(Options(), time_limit=0))
    if document is not None and document.status not in (Status.EMPTY_INPUT, Status.NOT_HTML):
        assert document.status is Status.TIME_LIMIT and document.text == ""


@PROPERTY_SETTINGS
@given(ODD_TEXT)
def test_repair_text_is_idempotent_and_encodable(text: str) -> None:
    repaired = repair_text(text)
    assert repair_text(repaired) == repaired
    repaired.encode("utf-8")
    assert not any(ord(c) < 32 and c not in "\t\n\r\f" for c in repaired)
