"""Templates learned across a site's HTML pages remove the blocks the site repeats, through extract()."""
from __future__ import annotations

import cleaner
from cleaner import Label

SPONSORS = (
    "Northwind Analytics helps retailers forecast demand across thousands of stores with models that learn "
    "from every sale, and serves customers in forty countries from offices in Oslo and Austin.",
    "Brightpath Logistics moves freight for manufacturers across three continents and has done so since 1987, "
    "with a fleet of electric trucks and a network of regional warehouses.",
)
TOPICS = ("harbour dredging", "school meals", "bus timetables", "library hours", "river flooding", "bike lanes")


def site_page(n: int) -> str:
    topic = TOPICS[n % len(TOPICS)]
    paragraphs = "".join(
        f"<p>Paragraph {k} of the story about {topic} number {n}: the council met on Tuesday and decided, after a "
        f"long debate with residents and experts, that the {topic} plan would go ahead with changes to its budget "
        f"and its timetable, which several members had questioned in earlier sessions.</p>" for k in range(4))
    sponsors = "".join(f'<div class="box"><p>{text}</p></div>' for text in SPONSORS)
    return (f"<html><head><title>Story {n} about {topic}</title></head><body>"
            f'<div class="top"><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></div>'
            f"<main><h1>Story {n} about {topic}</h1>{paragraphs}</main>"
            f'<div class="bottom">{sponsors}</div>'
            f"<div class='end'><p>Town Gazette is printed by the Town Gazette cooperative in the old mill.</p></div>"
            f"</body></html>")


def test_templates_learned_from_html_remove_the_shared_sponsor_blurbs() -> None:
    pages = [(f"https://gazette.example/story/{n}", site_page(n)) for n in range(12)]
    templates = cleaner.learn_templates(pages)
    for url, html in pages[:3]:
        document = cleaner.extract(html, url=url, templates=templates)
        assert "council met on Tuesday" in document.text
        for text in SPONSORS:
            assert text[:40] not in document.text
            removed = [r for r in document.removed if text[:40] in r.text]
            assert removed and removed[0].rule == "template"
            assert "seen on 12 of 12 pages of gazette.example" in removed[0].reason
            assert removed[0].label in set(Label)


def test_without_templates_nothing_is_removed_as_template() -> None:
    url, html = "https://gazette.example/story/1", site_page(1)
    document = cleaner.extract(html, url=url)
    assert all(r.rule != "template" for r in document.removed)
