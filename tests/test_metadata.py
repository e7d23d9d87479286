"""Metadata from the markup: JSON-LD, meta tags, microdata, the cleaned <title>, the page language."""
from __future__ import annotations

import json

import pytest

from cleaner.html.metadata import document_title, extract_metadata, merge_metadata
from cleaner.html.parse import parse_html
from cleaner.types import Metadata

from factories import page


def metadata_of(head: str, body: str = "<p>x</p>", lang: str = "en", url: str | None = None) -> Metadata:
    return extract_metadata(parse_html(page(body, head, lang)), url)


def ld(data: object) -> str:
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


def test_json_ld_headline_comes_first() -> None:
    head = ld({"@type": "NewsArticle", "headline": "Headline from JSON-LD", "author": {"name": "Ann Lee"},
               "datePublished": "2024-03-01"}) + \
        '<meta property="og:title" content="OG title"><title>Title tag | Site</title>'
    metadata = metadata_of(head)
    assert (metadata.title, metadata.author, metadata.date) == ("Headline from JSON-LD", "Ann Lee", "2024-03-01")


def test_json_ld_graph_and_author_list() -> None:
    head = ld({"@graph": [{"@type": "WebSite", "name": "Site"},
                          {"@type": "BlogPosting", "headline": "Post", "author": [{"name": "A"}, {"name": "B"}]}]})
    metadata = metadata_of(head)
    assert metadata.title == "Post" and metadata.author == "A, B"


@pytest.mark.parametrize(("before", "after"), [("<![CDATA[", "]]>"), ("//<![CDATA[", "//]]>"), ("<!--", "-->")])
def test_json_ld_wrapped_for_old_parsers_is_read(before: str, after: str) -> None:
    data = json.dumps({"@type": "NewsArticle", "headline": "Wrapped", "author": {"name": "Ann Lee"}})
    head = f'<script type="application/ld+json">\n  {before}\n  {data}\n  {after}\n</script>'
    metadata = metadata_of(head)
    assert (metadata.title, metadata.author) == ("Wrapped", "Ann Lee")


@pytest.mark.parametrize(("headline", "name", "expected"), [
    ("constitutional monarchy in Oceania", "New Zealand", "New Zealand"),  # a description as the headline
    ("Council votes to open the new library", "Daily Courier", "Council votes to open the new library"),
    ("Something else entirely", "Another thing", "Another thing"),  # neither matches: the name
])
def test_json_ld_headline_and_name_that_disagree_are_checked_against_the_title(headline: str, name: str,
                                                                                 expected: str) -> None:
    head = ld({"@type": "Article", "headline": headline, "name": name}) + \
        "<title>New Zealand - Council votes to open the new library</title>"
    assert metadata_of(head).title == expected


def test_meta_property_wins_over_name_and_parsely_title_is_read() -> None:
    head = '<meta name="DC.title" content="By name"><meta property="dc:title" content="By property">'
    assert metadata_of(head).title == "By property"
    assert metadata_of('<meta name="parsely-title" content="Parsely title">').title == "Parsely title"


def test_broken_json_ld_is_ignored() -> None:
    head = '<script type="application/ld+json">{not json</script><meta property="og:title" content="OG title">'
    assert metadata_of(head).title == "OG title"


def test_og_title_before_the_title_tag() -> None:
    head = '<meta property="og:title" content="OG title"><title>Title tag is here | Site</title>'
    assert metadata_of(head).title == "OG title"


@pytest.mark.parametrize(("title", "expected"), [
    ("Budget agreed after long debate | The Daily Planet", "Budget agreed after long debate"),
    ("Budget agreed after long debate – The Daily Planet", "Budget agreed after long debate"),
    ("Budget agreed after long debate - News - The Daily", "Budget agreed after long debate - News"),
    ("News: Budget agreed after long debate", "Budget agreed after long debate"),
    ("The Daily Planet - Budget", "The Daily Planet - Budget"),  # too short once cut: the original stays
])
def test_title_cleaned_of_the_site_name(title: str, expected: str) -> None:
    assert document_title(parse_html(page("<p>x</p>", f"<title>{title}</title>"))) == expected


def test_title_with_colon_equal_to_a_heading_is_kept_whole() -> None:
    title = "Review: the new phone is fast"
    assert document_title(parse_html(page(f"<h1>{title}</h1>", f"<title>{title}</title>"))) == title


def test_too_short_title_falls_back_to_the_single_h1() -> None:
    root = parse_html(page("<h1>The only headline on this page</h1>", "<title>Home</title>"))
    assert document_title(root) == "The only headline on this page"


def test_author_and_date_from_meta() -> None:
    head = '<meta name="author" content="Ann Lee"><meta property="article:published_time" content="2024-03-01T10:00">' \
           '<meta property="og:site_name" content="The Daily"><meta name="description" content="About the budget">' \
           '<meta name="keywords" content="budget, town ,">'
    metadata = metadata_of(head)
    assert (metadata.author, metadata.date, metadata.sitename) == ("Ann Lee", "2024-03-01T10:00", "The Daily")
    assert metadata.description == "About the budget" and metadata.tags == ("budget", "town")


def test_author_url_in_meta_is_not_a_name() -> None:
    head = '<meta property="article:author" content="https://facebook.com/ann">'
    assert metadata_of(head, '<a rel="author" href="/ann">Ann Lee</a>').author == "Ann Lee"


def test_author_and_date_from_microdata() -> None:
    body = '<article><span itemprop="author" itemscope><span itemprop="name">Ann Lee</span></span>' \
           '<time itemprop="datePublished" datetime="2024-03-01">1 March</time><p>x</p></article>'
    metadata = metadata_of("", body)
    assert (metadata.author, metadata.date) == ("Ann Lee", "2024-03-01")


def test_time_inside_the_article() -> None:
    assert metadata_of("", '<article><time datetime="2023-12-24">Dec 24</time><p>x</p></article>').date == "2023-12-24"


@pytest.mark.parametrize(("lang", "expected"), [("en-GB", "en"), ("pt_BR", "pt"), ("DE", "de")])
def test_language_from_html_lang(lang: str, expected: str) -> None:
    assert metadata_of("", lang=lang).language == expected


def test_url_given_or_from_og_url() -> None:
    assert metadata_of('<meta property="og:url" content="http://a/b">').url == "http://a/b"
    assert metadata_of('<meta property="og:url" content="http://a/b">', url="http://c/").url == "http://c/"


def test_merge_fills_only_missing_fields() -> None:
    ours = Metadata(title="Ours", author=None, date="2024")
    other = Metadata(title="Theirs", author="Ann", date="1999", tags=("t",))
    assert merge_metadata(ours, other) == Metadata(title="Ours", author="Ann", date="2024", tags=("t",))


def test_date_search_is_skipped_when_asked() -> None:
    # A date printed in a plain <p class="date">: htmldate's search finds it, no markup names it.
    body = '<p class="date">2023-03-14</p><p>' + "Some text of the article. " * 20 + "</p>"
    root = parse_html(page(body, "<title>A page</title>", "en"))
    assert extract_metadata(root, None).date == "2023-03-14"
    assert extract_metadata(root, None, search_dates=False).date is None
    assert extract_metadata(root, None, search_dates=False).title == "A page"


def test_date_named_in_markup_is_read_without_the_search() -> None:
    root = parse_html(page("<p>x</p>", '<meta property="article:published_time" content="2024-05-02">', "en"))
    assert extract_metadata(root, None, search_dates=False).date == "2024-05-02"


@pytest.mark.parametrize(("byline", "names"), [
    ("By Corey Kilgannon", "Corey Kilgannon"), ("Written by Rob Ewaschuk", "Rob Ewaschuk"),
    ("Joshua Sokol May", "Joshua Sokol"), ("GILLIAN   MOHNEY March", "GILLIAN MOHNEY"),
    ("Theresa May", "Theresa May"), ("By Theresa May", "Theresa May"), ("Bysshe Shelley", "Bysshe Shelley"),
    ("Written ByStephen Jesudunsin", "Stephen Jesudunsin"), ("Posted by:Idle Cartulary", "Idle Cartulary"),
    ("BySummer Swann-", "Summer Swann"), ("Luke KimDecember 17, 2025", "Luke Kim"), ("Byron Smith", "Byron Smith"),
    ("Brian Becker7 min read", "Brian Becker"), ("Text by Hunter Dukes", "Hunter Dukes"), ("user3080392", "user3080392"),
])
def test_bylines_are_reduced_to_the_names(byline: str, names: str) -> None:
    from cleaner.html.metadata import clean_author

    assert clean_author(byline) == names


def test_author_from_meta_loses_its_by() -> None:
    assert metadata_of('<meta name="author" content="By Ann Lee">').author == "Ann Lee"


@pytest.mark.parametrize(("box", "expected"), [
    ('<div class="article-byline">By Jane Doe March 25, 2015</div>', "Jane Doe"),
    ('<span id="author">Jane Doe • 8h</span>', "Jane Doe"),
    ('<div class="comment-author">A reader</div><p class="byline">Jane Doe | 2015-03-25</p>', "Jane Doe"),
    ('<div class="author-box">Last updated:</div><div class="byline">Jane Doe</div>', "Jane Doe"),
])
def test_author_from_a_box_named_byline_or_author(box: str, expected: str) -> None:
    assert metadata_of("", f"{box}<p>{'Text of the article. ' * 10}</p>").author == expected


def test_a_long_author_box_is_a_bio_not_a_byline() -> None:
    bio = "Jane Doe writes about cities, trees and the people who plant them for a living"
    assert metadata_of("", f'<div class="author-bio">{bio}</div><p>Text.</p>').author is None


def segmented_metadata(head: str, body: str, url: str | None = None, page_type: str | None = None,
                       search_dates: bool = False) -> Metadata:
    """Metadata as ``extract`` reads it: with the page's blocks and its kind."""
    from cleaner.html.segment import segment_tree

    root = parse_html(page(body, head))
    return extract_metadata(root, url, segments=segment_tree(root), page_type=page_type, search_dates=search_dates)


ARTICLE_TEXT = "<p>" + "The council met on Tuesday and approved the harbour plan after a long debate. " * 4 + "</p>"


def test_the_headline_is_the_h1_that_the_titles_confirm() -> None:
    head = ('<title>Harbour plan approved after long debate | Town Gazette</title>'
            '<meta property="og:title" content="Harbour plan approved | Town Gazette">')
    body = '<h1>Town Gazette</h1><h1>Harbour plan approved after a long debate</h1>' + ARTICLE_TEXT
    metadata = segmented_metadata(head, body, url="https://gazette.example.org/news/harbour")
    assert metadata.title == "Harbour plan approved after a long debate"


def test_without_a_confirmed_h1_the_title_loses_the_site_name() -> None:
    head = '<title>Town Gazette | Harbour plan approved after long debate</title>' \
           '<meta property="og:site_name" content="Town Gazette">'
    body = '<h1>Latest news</h1>' + ARTICLE_TEXT
    assert segmented_metadata(head, body).title == "Harbour plan approved after long debate"


def test_an_h1_that_is_the_last_part_of_the_title_is_the_site_name() -> None:
    head = '<title>Chapter 1: The Crossing - Sea Stories Archive</title>'
    body = '<h1>Sea Stories Archive beta</h1>' + ARTICLE_TEXT
    assert segmented_metadata(head, body).title == "Chapter 1: The Crossing"


def test_a_permalink_mark_is_not_part_of_the_headline() -> None:
    body = '<h1>Retry policies<a class="headerlink" href="#retry">¶</a></h1>' + ARTICLE_TEXT
    assert segmented_metadata("<title>Retry policies — Tidewater docs</title>", body).title == "Retry policies"


def test_character_references_in_meta_values_are_resolved() -> None:
    head = '<meta property="og:title" content="The rain&amp;#8217;s return"><title>x</title>'
    assert segmented_metadata(head, ARTICLE_TEXT).title == "The rain’s return"


def test_the_date_printed_under_the_headline_wins_over_a_stale_markup_date() -> None:
    head = ld({"@type": "Article", "headline": "Harbour plan approved", "datePublished": "2021-08-12T19:35:44Z"})
    body = '<h1>Harbour plan approved</h1><p class="meta">By Ann Lee · March 4, 2025</p>' + ARTICLE_TEXT
    assert segmented_metadata(head, body, page_type="article").date == "2025-03-04"


def test_a_markup_date_that_agrees_with_the_printed_one_keeps_its_time() -> None:
    head = '<meta property="article:published_time" content="2025-03-04T08:00:00+01:00">'
    body = '<h1>Harbour plan approved</h1><p>4 March 2025</p>' + ARTICLE_TEXT
    assert segmented_metadata(head, body, page_type="article").date == "2025-03-04T08:00:00+01:00"


def test_written_out_dates_are_given_in_iso() -> None:
    head = ld({"@type": "BlogPosting", "headline": "A walk", "datePublished": "Jun 24, 2025"})
    assert segmented_metadata(head, "<h1>A walk</h1>" + ARTICLE_TEXT).date == "2025-06-24"


def test_no_date_is_looked_for_in_the_text_of_a_kind_of_page_without_one() -> None:
    body = '<h1>Trailmaster 40 L</h1><p>Back in stock since March 4, 2025.</p>' + ARTICLE_TEXT
    assert segmented_metadata("", body, page_type="product").date is None
    assert segmented_metadata("", body, page_type="article").date == "2025-03-04"


def test_a_question_page_names_its_asker_as_author() -> None:
    head = ld({"@type": "QAPage", "mainEntity": {"@type": "Question", "name": "How do I back up?",
                                                 "author": {"@type": "Person", "name": "user3080392"}}})
    assert segmented_metadata(head, "<h1>How do I back up?</h1>" + ARTICLE_TEXT).author == "user3080392"


def test_a_searched_date_is_not_merged_into_a_kind_of_page_without_one() -> None:
    other = Metadata(date="2025-01-01", author="Ann Lee")
    assert merge_metadata(Metadata(page_type="product"), other).date is None
    assert merge_metadata(Metadata(page_type="article"), other).date == "2025-01-01"
    assert merge_metadata(Metadata(), other).date == "2025-01-01"
