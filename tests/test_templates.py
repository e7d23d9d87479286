"""Site templates: blocks a site repeats on its pages are learned, matched, saved and loaded."""
from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

from cleaner import Label, TemplateError, TemplateMatch, Templates, clean_text, learn_templates

_SITE = Path(__file__).resolve().parent.parent / "fixtures" / "text" / "site.py"
_spec = importlib.util.spec_from_file_location("fixtures_text_site", _SITE)
site = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = site  # dataclasses look their module up while the class is built
_spec.loader.exec_module(site)  # type: ignore[union-attr]

SHARED = (*site.MENU, *site.BLURBS, *site.FOOTER)


@pytest.fixture(scope="module")
def pages():
    return site.site_pages(20)


@pytest.fixture(scope="module")
def templates(pages):
    return learn_templates((p.url, p.text) for p in pages)


def _check_page(page, templates) -> None:
    document = clean_text(page.text, url=page.url, templates=templates)
    assert document.text.split("\n\n") == list(page.article), page.url
    removed = {r.text: r for r in document.removed}
    assert set(removed) == set(SHARED)
    for text in SHARED:
        assert removed[text].rule == "template"
        assert removed[text].reason == "template: seen on 20 of 20 pages of news.example.org"


def test_every_shared_block_is_removed_and_every_article_kept_whole(pages, templates) -> None:
    for page in pages:
        _check_page(page, templates)


def test_the_same_through_saved_and_reloaded_templates(pages, templates, tmp_path) -> None:
    path = tmp_path / "sub" / "templates.json"
    templates.save(path)
    assert not [p for p in path.parent.iterdir() if p.name != "templates.json"]  # no temporary file left
    reloaded = Templates.load(path)
    assert reloaded == templates
    for page in pages:
        _check_page(page, reloaded)


def test_recurring_blocks_get_the_label_they_deserve(templates) -> None:
    key = "https://news.example.org/anything"
    assert templates.match(key, "Privacy policy") == TemplateMatch(20, 20, Label.FOOTER)
    assert templates.match(key, "Sport").label is Label.NAVIGATION
    assert templates.match(key, site.BLURBS[0]).label is Label.OTHER
    assert templates.match(key, "A block the site never printed") is None
    assert templates.match("https://elsewhere.example.com/", "Privacy policy") is None


def test_a_block_on_too_few_pages_is_not_a_template() -> None:
    pages = [(f"https://a.example/{i}", f"Shared line of text here\n\nArticle {i} says something") for i in range(2)]
    pages += [(f"https://a.example/{i}", f"Article {i} says something else") for i in range(2, 10)]
    templates = learn_templates(pages)
    assert templates.match("a.example", "Shared line of text here") is None  # 2 of 10 pages


def test_the_same_page_twice_counts_once() -> None:
    page = ("https://b.example/1", "Line one of the page\n\nLine two of the page")
    templates = learn_templates([page] * 5)
    assert templates.sites["b.example"].pages == 1


def test_numbers_do_not_split_a_recurring_block() -> None:
    pages = [("my-site", f"Copyright {2000 + i} Example. All rights reserved.\n\nStory about the {word}")
             for i, word in enumerate(["moon", "sea", "hill", "town"])]
    templates = learn_templates(pages)
    match = templates.match("my-site", "Copyright 1999 Example. All rights reserved.")
    assert match == TemplateMatch(4, 4, Label.FOOTER)


@pytest.mark.parametrize(("given", "key"), [
    ("https://www.Example.com/a/b?c=1", "example.com"),
    ("http://news.example.org:8080/x", "news.example.org"),
    ("example.com/some/page", "example.com"),
    ("my-site", "my-site"),
])
def test_site_key(given: str, key: str) -> None:
    assert Templates.site_key(given) == key


@pytest.mark.parametrize("content", ["not json", json.dumps({"version": 99, "sites": {}}),
                                     json.dumps({"version": 1, "min_share": 0.5, "min_pages": 3,
                                                 "sites": {"x": {"pages": "many"}}})])
def test_a_bad_templates_file_is_a_template_error(tmp_path, content: str) -> None:
    path = tmp_path / "t.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(TemplateError):
        Templates.load(path)


def test_a_missing_templates_file_is_a_template_error(tmp_path) -> None:
    with pytest.raises(TemplateError, match="cannot read"):
        Templates.load(tmp_path / "missing.json")


def test_pages_must_be_pairs_of_strings() -> None:
    with pytest.raises(TypeError):
        learn_templates([("https://a.example/", 42)])  # type: ignore[list-item]


def test_html_pages_are_learned_from_their_blocks() -> None:
    pages = [(f"https://c.example/{word}",
              f"<html><body><nav><a href='/'>Front page</a></nav><article><p>The {word} story is told here in "
              f"full.</p></article><footer><p>Made by the Example Gazette team</p></footer></body></html>")
             for word in ("first", "second", "third", "fourth")]
    templates = learn_templates(pages)
    assert templates.match("https://c.example/other", "Made by the Example Gazette team") == TemplateMatch(
        4, 4, Label.OTHER)
    assert templates.match("https://c.example/other", "The first story is told here in full.") is None
