"""classify: labels from markup tokens, roles, tags and interface phrases; content stays content."""
from __future__ import annotations

import pytest

from cleaner.html.classify import Verdict, classify, prose_score, unspaced_chars
from cleaner.html.markup import markup_label
from cleaner.lexicon import reading_length
from cleaner.types import Label

from factories import PROSE, find, segments_of

NEUTRAL = "Alpha beta gamma"  # no interface phrase, so only the markup speaks


def verdict_of(body: str, text: str = NEUTRAL, language: str | None = "en") -> Verdict:
    segments = segments_of(body)
    verdicts = classify(segments, language)
    return verdicts[find(segments, text).index]


@pytest.mark.parametrize(("markup", "label"), [
    ('<div class="menu">{}</div>', Label.NAVIGATION),
    ("<nav>{}</nav>", Label.NAVIGATION),
    ('<div class="main-navbar">{}</div>', Label.NAVIGATION),
    ('<div class="search-box">{}</div>', Label.SEARCH),
    ('<div class="sponsor">{}</div>', Label.SPONSOR),
    ('<div class="ad">{}</div>', Label.SPONSOR),
    ('<div class="partner-box">{}</div>', Label.SPONSOR),
    ('<div class="masthead">{}</div>', Label.HEADER),
    ("<header>{}</header>", Label.HEADER),
    ('<div class="copyright">{}</div>', Label.FOOTER),
    ("<footer>{}</footer>", Label.FOOTER),
    ('<div class="cookie">{}</div>', Label.COOKIE_NOTICE),
    ('<div id="consent">{}</div>', Label.COOKIE_NOTICE),
    ('<div class="share-tools">{}</div>', Label.SHARE),
    ('<div class="social">{}</div>', Label.SHARE),
    ('<div class="related-posts">{}</div>', Label.RELATED),
    ('<div id="comments">{}</div>', Label.COMMENTS),
    ('<div class="newsletter">{}</div>', Label.NEWSLETTER),
    ('<div class="subscribe">{}</div>', Label.NEWSLETTER),
    ('<div class="sidebar">{}</div>', Label.OTHER),
])
def test_markup_tokens_give_labels(markup: str, label: Label) -> None:
    verdict = verdict_of(markup.format(f"<p>{NEUTRAL}</p>"))
    assert verdict.label is label and verdict.strong and verdict.rule == "markup"


@pytest.mark.parametrize("name", ["cookie-banner", "cookie-notice"])
def test_cookie_banner_class_is_a_cookie_notice(name: str) -> None:
    assert verdict_of(f'<div class="{name}"><p>{NEUTRAL}</p></div>').label is Label.COOKIE_NOTICE


@pytest.mark.parametrize(("role", "label"), [
    ("navigation", Label.NAVIGATION), ("search", Label.SEARCH), ("banner", Label.HEADER),
    ("contentinfo", Label.FOOTER), ("complementary", Label.OTHER),
])
def test_role_attributes(role: str, label: Label) -> None:
    verdict = verdict_of(f'<div role="{role}"><p>{NEUTRAL}</p></div>')
    assert verdict.label is label and verdict.reason.startswith(f"role {role}")


def test_reason_names_the_element_and_the_token() -> None:
    verdict = verdict_of(f'<ul class="menu"><li>{NEUTRAL}</li></ul>')
    assert verdict.reason == "class/id token 'menu' in <ul class=\"menu\">"


def test_taxonomy_classes_are_ignored() -> None:
    verdict = verdict_of(f'<article class="post category-reviews tag-comments tag-share"><p>{NEUTRAL}</p></article>')
    assert verdict.label is None


def test_embedded_tweet_is_content() -> None:
    tweet = "Great day at the stadium with the team today"
    body = f'<article><div class="social-media-embed"><blockquote class="twitter-tweet"><p>{tweet}</p>' \
           f'</blockquote></div><p>{PROSE}</p></article>'
    assert verdict_of(body, tweet).label is None


def test_long_prose_in_a_meta_element_stays_content() -> None:
    verdict = verdict_of(f'<div class="entry-meta"><p>{PROSE}</p></div>', PROSE[:30])
    assert verdict.label is None and verdict.hint is Label.OTHER and verdict.rule == "weak-hint"


@pytest.mark.parametrize("markup", ['<div class="elementor-widget elementor-widget-text-editor">{}</div>',
                                    '<div class="slide hidden">{}</div>', '<div class="widget_text">{}</div>'])
def test_vague_wrappers_leave_a_block_to_the_extractors(markup: str) -> None:
    """Page builders wrap every block in a "widget"; scripts reveal what a "hidden" class hides."""
    verdict = verdict_of(markup.format(f"<p>{NEUTRAL}</p>"))
    assert verdict.label is None and verdict.hint is Label.OTHER and verdict.rule == "weak-hint"


def test_text_for_screen_readers_only_stays_removed() -> None:
    verdict = verdict_of(f'<p>{PROSE}</p><div class="visually-hidden">{NEUTRAL}</div>')
    assert verdict.label is Label.OTHER and verdict.rule == "markup"


@pytest.mark.parametrize("markup", ['<ul class="search-results">{}</ul>', '<div id="searchResultList">{}</div>'])
def test_search_results_are_a_listing_not_a_search_box(markup: str) -> None:
    assert verdict_of(markup.format(f"<li>{NEUTRAL}</li>" if "ul" in markup else f"<p>{NEUTRAL}</p>")).label is None


def test_long_prose_in_a_widget_named_element_stays_content() -> None:
    verdict = verdict_of(f'<div class="sidebar"><p>{PROSE} {PROSE}</p></div>', PROSE[:30])
    assert verdict.label is None and verdict.rule == "long-prose"


def test_long_prose_in_comments_stays_comments() -> None:
    verdict = verdict_of(f'<div id="comments"><p>{PROSE} {PROSE}</p></div>', PROSE[:30])
    assert verdict.label is Label.COMMENTS


def test_comment_content_inside_comments_is_comments() -> None:
    body = '<div id="comments"><article class="comment"><div class="comment-content"><p>Nice post</p></div>' \
           '</article></div>'
    assert verdict_of(body, "Nice post").label is Label.COMMENTS


def test_header_inside_the_article_is_not_the_site_header() -> None:
    body = f"<main><header><p>{NEUTRAL}</p></header><p>{PROSE}</p></main>"
    assert verdict_of(body).label is None


@pytest.mark.parametrize(("text", "label"), [
    ("Skip to content", Label.NAVIGATION),
    ("Zum Inhalt springen", Label.NAVIGATION),
    ("We use cookies to improve your experience", Label.COOKIE_NOTICE),
    ("Nous utilisons des cookies", Label.COOKIE_NOTICE),
    ("Leer más", Label.RELATED),
    ("Alle Rechte vorbehalten", Label.FOOTER),
    ("Suscríbete", Label.NEWSLETTER),
    ("Share this article", Label.SHARE),
    ("Leave a comment", Label.COMMENTS),
    ("Advertisement", Label.SPONSOR),
    ("Advert", Label.SPONSOR),
    ("ADVERTISING", Label.SPONSOR),
    ("Ad", Label.SPONSOR),
])
def test_interface_phrases_in_several_languages(text: str, label: Label) -> None:
    verdict = verdict_of(f"<div><p>{PROSE}</p><p>{text}</p></div>", text)
    assert verdict.label is label and verdict.rule in ("interface-phrase", "notice")


@pytest.mark.parametrize(("text", "label"), [
    ("This website uses cookies. By continuing to use our website without changing the settings, you are "
     "agreeing to our use of cookies. Click here for more information.", Label.COOKIE_NOTICE),
    ("© 2019 Example Media LLC. A division of Example Holdings.", Label.FOOTER),
    ("Once a week, the best of the harbour news delivered to your inbox. Enter your email.", Label.NEWSLETTER),
    ("Diese Website verwendet Cookies, um Ihnen ein besseres Erlebnis zu bieten.", Label.COOKIE_NOTICE),
])
def test_the_sites_own_notices_in_unnamed_boxes(text: str, label: Label) -> None:
    verdict = verdict_of(f"<div><p>{PROSE}</p></div><div><p>{text}</p></div>", text)
    assert verdict.label is label and verdict.rule == "notice" and verdict.strong


@pytest.mark.parametrize("text", [
    "Google said on Tuesday that it would end the use of cookies in its Chrome browser by the end of next year.",
    "Photo: © AFP",
    ("We use cookies " + "and other trackers, the report said, in a long sentence about advertising. " * 8).strip(),
    "The bakery opened on Monday. We use cookies from the old recipe, the owner said, and bread from the new one.",
])
def test_articles_about_cookies_and_photo_credits_are_not_notices(text: str) -> None:
    assert verdict_of(f"<div><p>{PROSE}</p><p>{text}</p></div>", text).rule != "notice"


@pytest.mark.parametrize("text", ["Ad hoc committee meets today", "Advertising revenue fell in the third quarter"])
def test_short_ad_words_label_only_a_whole_block(text: str) -> None:
    assert verdict_of(f"<div><p>{PROSE}</p><p>{text}</p></div>", text).label is None


def test_widget_phrase_inside_a_region_names_the_block() -> None:
    verdict = verdict_of("<footer><p>Subscribe to our newsletter</p></footer>", "Subscribe")
    assert verdict.label is Label.NEWSLETTER and verdict.rule in ("interface-phrase", "notice")


def test_phrase_inside_long_prose_is_not_a_label() -> None:
    text = f"{PROSE} We use cookies in the kitchen every morning."
    assert verdict_of(f"<div><p>{text}</p></div>", text).label is None


def test_link_dense_block_is_navigation() -> None:
    body = '<div><p><a href="/">Home</a> <a href="/w">World</a> <a href="/s">Sport</a></p></div>'
    verdict = verdict_of(body, "World")
    assert verdict.label is Label.NAVIGATION and verdict.rule == "link-density" and not verdict.strong


def test_short_form_text_is_other() -> None:
    assert verdict_of("<form><p>Your name</p></form>", "Your name").label is Label.OTHER


def test_a_control_label_is_other_and_named_outright() -> None:
    verdict = verdict_of('<div>Sort by <select><option>Newest</option></select></div>', "Sort by")
    assert verdict.label is Label.OTHER and verdict.rule == "form" and verdict.strong
    assert "beside a form control" in verdict.reason
    # a page wrapped whole in a <form> (ASP.NET) gives its short blocks no strong verdict
    assert not verdict_of("<form><p>Your name</p></form>", "Your name").strong


def test_hidden_segment_takes_its_markup_label() -> None:
    verdict = verdict_of('<div style="display:none" class="menu"><p>Hidden menu</p></div>', "Hidden menu")
    assert verdict.label is Label.NAVIGATION and verdict.rule == "hidden" and verdict.strong


def test_short_block_between_two_labelled_blocks_takes_their_label() -> None:
    segments = segments_of('<ul class="menu"><li>a</li></ul><p>|</p><ul class="menu"><li>b</li></ul>')
    verdicts = classify(segments, "en")
    assert verdicts[1].label is Label.NAVIGATION and verdicts[1].rule == "neighbours"


def test_text_between_two_hidden_elements_keeps_its_own_verdict() -> None:
    math = '<span style="display:none">x squared</span>'
    segments = segments_of(f"<p>If the matrix{math}is denoted by{math}then it holds.</p>")
    verdicts = classify(segments, "en")
    between = find(segments, "is denoted by").index
    assert verdicts[between].label is None  # hidden math fallbacks say nothing about the visible text


def test_heading_of_a_labelled_section() -> None:
    segments = segments_of('<h2>Elsewhere</h2><div class="related"><p>A story</p></div>')
    verdicts = classify(segments, "en")
    assert verdicts[0].label is Label.RELATED and verdicts[0].rule == "heading-of-section"


def test_prose_scores_prose_above_links() -> None:
    segments = segments_of(f'<p>{PROSE}</p><p><a href="/">Home</a> <a href="/">World</a></p>')
    assert prose_score(segments[0], "en") > 0.8 > 0.2 > prose_score(segments[1], "en")


# A Chinese sentence of 27 characters without final punctuation, and a menu line of the same script.
CHINESE_LINE = "營區內除了露營民宿餐飲賞楓項目還多了許多原木飾品這是我們的最愛"
CHINESE_MENU = "首頁 新聞 財經 娛樂 體育 科技"


def test_unspaced_script_is_detected_per_block() -> None:
    assert unspaced_chars(CHINESE_LINE) == len(CHINESE_LINE)
    assert unspaced_chars("GPS: N24 39 16.4 E121 18 19.5") == 0
    assert unspaced_chars("DeepMind, Google and OpenAI 公司") == 0  # mostly Latin: measured as spaced text


def test_unspaced_characters_count_as_words_in_the_reading_length() -> None:
    assert reading_length("abc") == 3
    assert reading_length("營區內 abc") == 3 * 3 + 4  # also in a mixed block


def test_unspaced_prose_reads_as_prose_whatever_the_page_language() -> None:
    segments = segments_of(f"<p>{CHINESE_LINE}</p><p>{CHINESE_MENU}</p>")
    for language in ("en", None):  # a zh page falls back to English stop words; word stop lists say nothing here
        assert prose_score(segments[0], language) > 0.5 > 0.3 > prose_score(segments[1], language)


def test_full_width_sentence_ends_count_as_punctuation() -> None:
    segments = segments_of("<p>你好吗？</p><p>你好吗</p>")
    assert prose_score(segments[0], None) > prose_score(segments[1], None)


def test_content_element_stops_boilerplate_tokens_above_it() -> None:
    segments = segments_of(f'<div class="sidebar-layout"><article><p>{NEUTRAL}</p></article></div>')
    assert markup_label(segments[0]) is None


@pytest.mark.parametrize(("text", "label"), [
    ("2 comments", Label.COMMENTS), ("1 Comment", Label.COMMENTS), ("44 shares", Label.SHARE),
    ("1 / 23", Label.NAVIGATION), ("3 of 12", Label.NAVIGATION),
])
def test_counts_and_counters_are_interface_text(text: str, label: Label) -> None:
    assert verdict_of(f"<div><p>{PROSE}</p><p>{text}</p></div>", text).label is label


@pytest.mark.parametrize("text", ["2019 2020", "5 things to know about the vote"])
def test_numbers_in_headings_and_cells_are_not_counters(text: str) -> None:
    assert verdict_of(f"<div><p>{PROSE}</p><h2>{text}</h2></div>", text).label is None


def _slides(numbers: list[str]) -> str:
    return "".join(f"<li><h2>{n} A slide title</h2><p>{PROSE} Slide {i}.</p><p>GETTY IMAGES</p></li>"
                   for i, n in enumerate(numbers))


def test_boxes_opening_with_numbered_slide_headings_are_a_slideshow() -> None:
    segments = segments_of(f"<div><p>{PROSE} Article.</p><ul>{_slides(['1/50', '2/50', '3/50'])}</ul></div>")
    verdicts = classify(segments, "en")
    assert verdicts[find(segments, "Article").index].label is None
    for text in ("2/50", "Slide 1", "GETTY"):
        verdict = verdicts[find(segments, text).index]
        assert (verdict.label, verdict.rule, verdict.strong) == (Label.OTHER, "slideshow", True)


@pytest.mark.parametrize("numbers", [["1/50", "2/50"], ["1/50", "2/40", "3/30"], ["1/2/2019", "2/2/2019", "3/2/2019"]])
def test_two_numbered_headings_or_other_totals_or_dates_are_no_slideshow(numbers: list[str]) -> None:
    segments = segments_of(f"<div><p>{PROSE} Article.</p><ul>{_slides(numbers)}</ul></div>")
    assert all(v.rule != "slideshow" for v in classify(segments, "en"))
