"""clean_text on pages that are not one article (issue 13): a forum thread, a listing, a service page, each
dumped as a naive scraper prints it (fixtures/text/*.txt, written for these tests). The body of each is read
from the text alone; what the page puts around it goes, labelled."""
from __future__ import annotations

from pathlib import Path

import pytest

from cleaner import Label, clean_text
from cleaner.text.cards import card_runs
from cleaner.text.segment import segment_text
from cleaner.text.signals import block_signals

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "text"


def _clean(name: str):
    return clean_text((FIXTURES / name).read_text(encoding="utf-8"))


def _removed(document) -> dict[str, Label]:
    return {r.text: r.label for r in document.removed}


# --- a forum thread --------------------------------------------------------------------------

POSTS = ("I'm building up an old hardtail for commuting",
         "At that price you are looking at the entry-level models",
         "Check the axle standard before you buy anything.",
         "Good point about the axle.",
         "I ran a budget air fork for two seasons",
         "That matches what I have seen in the workshop.",
         "Thanks everyone. I found a used fork")


@pytest.fixture(scope="module")
def thread():
    return _clean("forum-thread.txt")


def test_a_thread_is_read_as_a_forum(thread) -> None:
    assert thread.metadata.page_type == "forum"


def test_a_thread_keeps_every_post_once(thread) -> None:
    for opening in POSTS:
        assert thread.text.count(opening) == 1, opening


def test_a_thread_keeps_the_headers_between_its_posts(thread) -> None:
    for header in ("mudguard_mo", "gravelgran", "pedalpusher", "Mar 6, 2025", "#7"):
        assert header in thread.text


def test_a_thread_drops_the_forum_s_menus_and_footer(thread) -> None:
    removed = _removed(thread)
    for line in ("What's new", "Log in", "Register", "Bikes and Parts", "Reddit"):
        assert line not in thread.text.split("\n\n"), line
    assert removed["Skip to content"] is Label.NAVIGATION
    assert removed["Log in"] is Label.NAVIGATION
    assert removed["Reply"] is Label.COMMENTS
    assert "Community platform by Example Software" not in thread.text
    assert "Terms and rules" not in thread.text
    assert "Rear shock sizing for an older frame" not in thread.text  # similar threads, after the posts


# --- a listing -------------------------------------------------------------------------------

CARDS = (("Saving seed from this year's tomatoes", "12 October 2025", "Pick the best fruit"),
         ("The new water troughs are in", "28 September 2025", "After a summer of long walks"),
         ("Autumn open day: thank you", "14 September 2025", "More than two hundred visitors"),
         ("Dealing with blight in a wet August", "30 August 2025", "Cut the affected leaves off"),
         ("Bees on plot nineteen", "16 August 2025", "One of our members keeps two hives"),
         ("Children's sunflower competition results", "2 August 2025", "The tallest sunflower"),
         ("How we share the big rotavator", "19 July 2025", "The society's rotavator can be booked"),
         ("Midsummer work party", "5 July 2025", "Thirty members cleared the overgrown hedge"))


@pytest.fixture(scope="module")
def listing():
    return _clean("listing.txt")


def test_a_listing_is_read_as_one(listing) -> None:
    assert listing.metadata.page_type == "listing"


def test_a_listing_keeps_every_card_title_date_and_summary(listing) -> None:
    for card in CARDS:
        for part in card:
            assert listing.text.count(part) == 1, part
    titles = [listing.text.index(title) for title, _, _ in CARDS]
    assert titles == sorted(titles), "cards stay in the page's order"


def test_a_listing_drops_its_menus_links_and_footer(listing) -> None:
    removed = _removed(listing)
    assert "Read more" not in listing.text
    assert removed["Read more"] is Label.NAVIGATION
    for line in ("Plots", "Contact", "Growing notes", "Wildlife", "Cookie settings", "Sign up"):
        assert line not in listing.text.split("\n\n"), line
    assert removed["Subscribe to our newsletter"] is Label.NEWSLETTER


def test_cards_are_runs_of_one_shape_with_a_date_price_or_repeated_line() -> None:
    cards = "\n\n".join(f"Title number {n}\n\n{n} March 2025\n\nA summary of the story, long enough to be a short "
                        f"paragraph of prose about item {n} and what it holds." for n in range(1, 6))
    blocks = segment_text(cards, language="en")
    assert card_runs(blocks, [block_signals(b, "en") for b in blocks]) == frozenset(range(len(blocks)))
    # Headings and paragraphs alone alternate in any article: no date, price or repeated line, no cards.
    sections = "\n\n".join(f"Section {n}\n\nA paragraph of the article that explains part {n} of the subject "
                           f"in a sentence or two of ordinary prose." for n in range(1, 6))
    blocks = segment_text(sections, language="en")
    assert card_runs(blocks, [block_signals(b, "en") for b in blocks]) == frozenset()


def test_comments_under_an_article_are_no_listing() -> None:
    story = "\n\n".join(f"Paragraph {n} of the story tells how the harbour board voted on Tuesday to rebuild the "
                        f"old pier before the summer season, as the harbour master told the meeting." for n in range(4))
    comments = "\n\n".join(f"reader{n}\n\n{n} days ago\n\nI think the board is right to spend the money ({n})."
                           for n in range(1, 9))
    document = clean_text(f"{story}\n\nReader comments\n\n{comments}")
    assert document.metadata.page_type != "listing"


# --- a service page --------------------------------------------------------------------------

SECTIONS = {
    "What we do": ("Monthly bookkeeping", "We record every sale and every bill", "Payroll",
                   "We pay your staff on time", "Year-end accounts", "We prepare your annual accounts"),
    "How it works": ("1. Tell us about your business", "2. Connect your bank accounts",
                     "3. Get your first monthly report"),
    "Pricing": ("Starter: £95 a month", "Growing: £195 a month", "Every plan includes year-end accounts"),
    "What our clients say": ("They found two thousand pounds of expenses",),
}


@pytest.fixture(scope="module")
def service():
    return _clean("service.txt")


def test_a_service_page_is_not_read_as_an_article(service) -> None:
    assert service.metadata.page_type not in ("article", None)


def test_a_service_page_keeps_all_its_sections(service) -> None:
    paragraphs = service.text.split("\n\n")
    assert paragraphs.index("We keep your books, file your returns and tell you where your money goes, so you can "
                            "run your business.") < paragraphs.index("What we do")
    for heading, lines in SECTIONS.items():
        assert heading in paragraphs, heading
        for line in lines:
            assert line in service.text, line
            assert service.text.index(line) > service.text.index(heading), line


def test_a_service_page_drops_its_menus_and_footer(service) -> None:
    removed = _removed(service)
    assert removed["Skip to main content"] is Label.NAVIGATION
    for line in ("Log in", "Careers", "Terms of service", "Contact us"):
        assert line not in service.text.split("\n\n"), line
    assert "All rights reserved" not in service.text
    assert service.text.count("Pricing") == 1  # the section's heading, not the menu's item
