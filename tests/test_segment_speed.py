"""The shortcuts taken for speed give the same results as the plain computations they replace."""
from __future__ import annotations

import re
from collections import Counter

from cleaner.html.extractors.trafilatura_adapter import MAX_BLOCKS, run_trafilatura
from cleaner.lexicon import INTERFACE_PHRASES, detect_language, fold, phrase_within
from cleaner.options import Options
from cleaner.html.parse import parse_html
from cleaner.html.ancestry import element_tokens
from cleaner.html.segment import MAX_HIDDEN_TEXT, segment_tree

WIDE_PAGE = (
    "<html><body><div id='a'><p>one</p><p>two</p><span>x</span><p>three<br>four</p></div>"
    "<div><ul>" + "".join(f"<li><a href='/{i}'>item {i}</a></li>" for i in range(30)) + "</ul></div>"
    "<o:p>office</o:p><section><h2>Head</h2><table><tr><td>a</td><td>b</td></tr></table></section>"
    "<div hidden>secret menu</div><p>last</p></body></html>"
)


def test_block_paths_are_those_of_getpath() -> None:
    root = parse_html(WIDE_PAGE)
    tree = root.getroottree()
    segments = segment_tree(root)
    assert len(segments) > 30
    for segment in segments:
        (element,) = tree.xpath(segment.path)
        assert tree.getpath(element) == segment.path


def test_hidden_text_is_the_start_of_the_whole_text() -> None:
    words = " ".join(f"word{i}\n\t " for i in range(3000))
    root = parse_html(f"<html><body><p>shown</p><div style='display:none'><p>{words}</p>"
                      f"<p>{words}</p></div></body></html>")
    hidden = [s for s in segment_tree(root) if s.hidden]
    assert len(hidden) == 1
    assert hidden[0].text == " ".join(words.split() * 2)[:MAX_HIDDEN_TEXT]


def test_class_tokens() -> None:
    root = parse_html("<html><body><div class='post-content mainBody plain category-news' "
                      "id='x12'>t</div></body></html>")
    (div,) = root.iter("div")
    assert element_tokens(div) == ("post", "content", "post-content", "main", "body", "mainbody", "plain", "x12")


def test_trafilatura_leaves_the_tree_alone_and_is_skipped_on_huge_pages() -> None:
    root = parse_html(WIDE_PAGE)
    before = [(e.tag, e.text) for e in root.iter()]
    segments = segment_tree(root)
    run_trafilatura(root, segments, url=None, options=Options())
    assert [(e.tag, e.text) for e in root.iter()] == before
    huge = segments * (MAX_BLOCKS // len(segments) + 1)
    assert not run_trafilatura(root, huge, url=None, options=Options()).candidate.available


def _detect_by_tokens(text: str) -> str | None:
    # The plain computation: count every token against every language's detection words.
    from cleaner.lexicon import MIN_DETECTION_TOKENS, _detection_sets

    tokens = [t.lower() for t in re.findall(r"\w+", text[:20000])]
    if len(tokens) < MIN_DETECTION_TOKENS:
        return None
    hits = Counter({code: sum(1 for t in tokens if t in words) for code, words in _detection_sets()})
    best = max(hits.values())
    code = next(c for c, h in hits.items() if h == best) if best else None
    return code if best >= max(3, 0.05 * len(tokens)) else None


def test_language_detection_counts_like_the_plain_computation() -> None:
    texts = ["Der Hund ist in dem Haus und die Katze ist nicht da", "x " * 30, "short",
             "İstanbul ve Ankara ile bir de çok güzel şehir olan bu", "The cat and the dog are in the house " * 5,
             "Le chat et le chien sont dans la maison avec les enfants"]
    for text in texts:
        assert detect_language(text) == _detect_by_tokens(text)


def _phrase_within_plain(folded: str, min_chars: int) -> str | None:
    keys = {fold(p) for phrases in INTERFACE_PHRASES.values() for p in phrases}
    words = folded.split(" ")
    for start in range(len(words)):
        for n in range(len(words) - start, 0, -1):
            key = " ".join(words[start:start + n])
            if len(key) >= min_chars and key in keys:
                return key
    return None


def test_phrase_within_finds_what_the_plain_search_finds() -> None:
    for text in ("please subscribe to our newsletter today", "nothing here at all", "share this", "",
                 "we use cookies and more", "read more about it"):
        found = phrase_within(fold(text), min_chars=5)
        assert (fold(found[1]) if found else None) == _phrase_within_plain(fold(text), 5)
