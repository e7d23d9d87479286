"""Kinds of pages where one extractor alone tends to fail (issue 3): listings, split articles, short
articles, articles with long comment threads. Tiny generated pages, checked through extract()."""
from __future__ import annotations

import pytest

import cleaner
from cleaner import Label, Options

PRESETS = ["balanced", "fast", "precision"]
SENTENCE = ("The council met on Tuesday and decided, after a long debate with residents and experts, that the "
            "harbour plan would go ahead with changes to its budget and its timetable.")


def page(body: str, title: str = "Harbour plan approved") -> str:
    return (f"<html><head><title>{title} | Town Gazette</title></head><body>"
            f'<nav class="menu"><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li></ul></nav>'
            f"{body}<footer><p>© 2026 Town Gazette. All rights reserved.</p></footer></body></html>")


@pytest.mark.parametrize("preset", PRESETS)
def test_a_home_page_returns_its_main_listing(preset: str) -> None:
    items = "".join(
        f'<article class="teaser"><h2><a href="/s/{i}">Council approves plan number {i} for the harbour</a></h2>'
        f"<p>The plan sets out how the old docks will be rebuilt with homes and a park, officials said.</p></article>"
        for i in range(10))
    document = cleaner.extract(page(f"<main><h1>Latest news</h1>{items}</main>", "Home"),
                               options=Options.from_preset(preset))
    assert document.ok
    assert all(f"Council approves plan number {i} for the harbour" in document.text for i in range(10))
    assert "All rights reserved" not in document.text
    assert any(r.label is Label.NAVIGATION for r in document.removed)


@pytest.mark.parametrize("preset", PRESETS)
def test_an_article_split_by_an_ad_slot_is_returned_whole(preset: str) -> None:
    first = "".join(f"<p>Part one, paragraph {k}. {SENTENCE}</p>" for k in range(4))
    second = "".join(f"<p>Part two, paragraph {k}. {SENTENCE}</p>" for k in range(4))
    body = (f'<main><article><h1>Harbour plan approved</h1><div class="body-part">{first}</div>'
            f'<div class="ad-slot advertisement"><p>Advertisement</p></div>'
            f'<div class="body-part">{second}</div></article></main>')
    document = cleaner.extract(page(body), options=Options.from_preset(preset))
    for part in ("one", "two"):
        assert all(f"Part {part}, paragraph {k}." in document.text for k in range(4))
    assert "Advertisement" not in document.text
    assert any(r.label is Label.SPONSOR for r in document.removed)


@pytest.mark.parametrize("preset", PRESETS)
def test_a_short_article_is_not_lost(preset: str) -> None:
    headline = "Harbour plan approved by the town council"
    body = f"<main><article><h1>{headline}</h1><p>{SENTENCE}</p></article></main>"
    document = cleaner.extract(page(body, headline), options=Options.from_preset(preset))
    assert SENTENCE in document.text
    assert document.title == headline


@pytest.mark.parametrize("preset", PRESETS)
def test_a_long_comment_thread_stays_out_of_the_article(preset: str) -> None:
    comments = "".join(
        f'<li class="comment"><div class="comment-author">Reader {i}</div>'
        f'<div class="comment-content"><p>I have lived by the harbour for {i} years and I think the plan is '
        f"a mistake, because nobody asked the people who work on the docks every day what they need.</p>"
        f"</div></li>" for i in range(30))
    body = (f"<main><article><h1>Harbour plan approved</h1>"
            + "".join(f"<p>{SENTENCE} Detail {k}.</p>" for k in range(5))
            + f'</article><section id="comments" class="comments-area"><h2>30 comments</h2>'
              f'<ol class="comment-list">{comments}</ol></section></main>')
    document = cleaner.extract(page(body), options=Options.from_preset(preset))
    assert all(f"Detail {k}." in document.text for k in range(5))
    assert "nobody asked the people" not in document.text
    assert any(r.label is Label.COMMENTS and "nobody asked" in r.text for r in document.removed)
    with_comments = cleaner.extract(page(body), options=Options(include_comments=True))
    assert "nobody asked the people" in with_comments.text


def shop_listing() -> str:
    cards = "".join(f'<li class="product-card"><a href="/p/{i}"><img src="/i/{i}.jpg" alt=""></a>'
                    f'<h3><a href="/p/{i}">Walking boot model {i}</a></h3><p class="price">€{80 + i}.00</p>'
                    f"<p>Waterproof leather upper, a cushioned sole and laces that stay tied on long days {i}.</p>"
                    f"</li>" for i in range(12))
    facets = ('<aside class="filters"><h2>Filter by</h2><form><fieldset><legend>Size</legend>'
              + "".join(f'<label><input type="checkbox"> {size}</label>' for size in range(38, 46))
              + '</fieldset><fieldset><legend>Colour</legend><label><input type="checkbox"> Brown</label>'
                '<label><input type="checkbox"> Black</label></fieldset></form></aside>')
    sort = ('<div class="sort-bar"><label>Sort by <select><option>Price</option><option>Newest</option></select>'
            "</label><span>12 results</span></div>")
    return (f"<main><h1>Walking boots</h1><p>Boots for hills, moors and long-distance paths, tested by our staff "
            f'on the trails they love.</p>{facets}{sort}<ul class="product-grid">{cards}</ul></main>')


@pytest.mark.parametrize("preset", PRESETS)
def test_a_listing_of_cards_keeps_the_cards_and_drops_filters_and_sorting(preset: str) -> None:
    document = cleaner.extract(page(shop_listing(), "Walking boots"), options=Options.from_preset(preset))
    assert document.ok
    assert all(f"Walking boot model {i}" in document.text and f"long days {i}." in document.text for i in range(12))
    assert not any(word in document.text for word in ("Filter by", "Sort by", "Colour", "Brown"))


SLIDE_STOPS = ["old mill", "ferry steps", "lime kilns", "church green", "harbour wall"]


@pytest.mark.parametrize("preset", ["balanced", "fast"])
def test_slides_hidden_by_a_class_are_part_of_the_article(preset: str) -> None:
    """A slideshow shows one slide and hides the others with a class that its script toggles: the hidden
    slides are the article as much as the visible one."""
    slides = "".join(f'<div class="slide{" hidden" if i else " active"}"><h2>Stop {i + 1}: the {name}</h2>'
                     f"<p>The {name} is where the walk turns; {i} benches face the water, and in spring the verge "
                     f"is full of cowslips and the sound of larks above the fields.</p></div>"
                     for i, name in enumerate(SLIDE_STOPS))
    body = ("<main><article><h1>Five stops on the river walk</h1><p>Our guide to an easy afternoon by the river, "
            "with five places worth a pause along the way and a pub at the end.</p>"
            f'<div class="slideshow">{slides}</div><button class="prev">Previous</button>'
            '<button class="next">Next</button></article></main>')
    document = cleaner.extract(page(body, "Five stops on the river walk"), options=Options.from_preset(preset))
    assert all(f"The {name} is where the walk turns" in document.text for name in SLIDE_STOPS)
    assert "Previous" not in document.text


@pytest.mark.parametrize("preset", PRESETS)
def test_a_page_printed_only_inside_noscript_comes_back(preset: str) -> None:
    body = ('<div id="root"></div><noscript><main><article><h1>Harbour plan approved</h1>'
            + "".join(f"<p>{SENTENCE} Detail {k}.</p>" for k in range(4)) + "</article></main></noscript>")
    document = cleaner.extract(page(body), options=Options.from_preset(preset))
    assert document.ok
    assert all(f"Detail {k}." in document.text for k in range(4))


@pytest.mark.parametrize("preset", PRESETS)
def test_a_page_hidden_until_its_scripts_run_comes_back(preset: str) -> None:
    """Some pages hide their whole body until a script has run (against a flash of unstyled content): when
    nothing visible is left, the hidden text is read."""
    body = ('<div id="page" style="display:none"><main><article><h1>Harbour plan approved</h1>'
            + "".join(f"<p>{SENTENCE} Detail {k}.</p>" for k in range(4)) + "</article></main></div>")
    document = cleaner.extract(page(body), options=Options.from_preset(preset))
    assert document.ok
    assert all(f"Detail {k}." in document.text for k in range(4))
    visible = cleaner.extract(page(f"<main><p>{SENTENCE}</p></main>"
                                   '<div hidden><p>A hidden dialog that explains how to log in to the site, '
                                   'with a long sentence about passwords and accounts and more words.</p></div>'))
    assert "hidden dialog" not in visible.text
