"""The refine passes: runs of blocks, groups kept whole, the standfirst, the tail, duplicates, the title."""
from __future__ import annotations

from cleaner.options import Options
from cleaner.html.refine import (drop_closing_headings, drop_comment_section, drop_headline_runs, drop_inline_links,
                            drop_leading_deks, drop_stray_list_items, drop_trailing_teaser_cards, keep_groups_whole,
                            keep_lead, mark_duplicates, refine, trim_article_tail)
from cleaner.types import Label

from factories import PROSE, content, decisions_keeping, find, segments_of

ALL = range(1000)


def kept(decisions) -> list[int]:
    return [d.index for d in decisions if d.keep]


def test_run_of_headings_without_text_is_a_headline_list() -> None:
    segments = segments_of(f"<p>{PROSE}</p>" + "".join(f"<h3>Other story number {i}</h3>" for i in range(4)))
    decisions = drop_headline_runs(segments, decisions_keeping(segments, ALL))
    assert kept(decisions) == [0]
    assert {(d.label, d.rule) for d in decisions[1:]} == {(Label.RELATED, "headline-run")}


def _cards(n: int, body: str) -> str:
    return "".join(f'<div><h4><a href="/{i}">Other story {i}</a></h4><p>{body} Card {i}.</p><p>March {i + 1}, 2016</p></div>'
                   for i in range(n))


def test_boxes_opening_with_linked_headlines_that_close_the_article_are_teasers() -> None:
    summary = "The council agreed that the new library would open in the spring."
    segments = segments_of(f"<div><p>{PROSE}</p><p>{PROSE} Two.</p><div>{_cards(3, summary)}</div></div>")
    decisions = drop_trailing_teaser_cards(segments, decisions_keeping(segments, ALL))
    assert kept(decisions) == [0, 1]
    assert {(d.label, d.rule) for d in decisions[2:]} == {(Label.RELATED, "teaser-cards")}


def test_linked_headlines_that_make_up_the_article_or_are_followed_by_it_stay() -> None:
    # A listicle whose items link their names holds most of the kept text; cards with text after them do
    # not close the article.
    listicle = segments_of(f"<div><p>{PROSE}</p><div>{_cards(3, PROSE)}</div></div>")
    assert all(d.keep for d in drop_trailing_teaser_cards(listicle, decisions_keeping(listicle, ALL)))
    middle = segments_of(f"<div><p>{PROSE}</p><p>{PROSE}</p><div>{_cards(3, 'Short.')}</div><p>{PROSE} End.</p></div>")
    assert all(d.keep for d in drop_trailing_teaser_cards(middle, decisions_keeping(middle, ALL)))


def test_three_headings_in_a_row_are_left_alone() -> None:
    segments = segments_of(f"<p>{PROSE}</p>" + "".join(f"<h3>Section {i}</h3>" for i in range(3)) + f"<p>{PROSE}</p>")
    assert all(d.keep for d in drop_headline_runs(segments, decisions_keeping(segments, ALL)))


def test_short_linked_paragraph_announcing_a_link_is_a_pointer_to_another_article() -> None:
    segments = segments_of(f'<p>{PROSE}</p><p>Also: <a href="/x">See our coverage of the storm</a></p>'
                           '<p>Read more: <a href="/y">The mayor and the budget.</a></p>'
                           '<p><a href="/z">“The budget is good for the town,” the mayor said.</a></p>'
                           '<p><a href="/w">How the storm closed the library</a></p><p><a href="/v">[Town Gazette]</a></p>'
                           '<p>Pro tip: <a href="/u">get more budget ideas here!</a></p>')
    decisions = drop_inline_links(segments, decisions_keeping(segments, ALL))
    assert [(d.keep, d.rule) for d in decisions[1:3]] == [(False, "inline-link"), (False, "inline-link")]
    assert decisions[3].keep  # a linked quotation ending like a sentence is prose
    assert decisions[4].keep and decisions[5].keep  # a linked headline or source the article prints
    assert decisions[6].keep  # a colon label closed by a sentence is the article's own advice


def test_long_heading_opening_the_text_is_a_standfirst() -> None:
    segments = segments_of("<h2>The town agreed on a budget for schools and roads this week</h2>"
                           f"<h2>Background</h2><p>{PROSE}</p>")
    decisions = drop_leading_deks(segments, decisions_keeping(segments, ALL), title="Budget agreed")
    assert (decisions[0].keep, decisions[0].rule) == (False, "standfirst")
    assert decisions[1].keep and decisions[2].keep  # a short section title is not a standfirst


def test_headline_equal_to_the_title_is_not_a_standfirst() -> None:
    headline = "The town agreed on a budget for schools and roads this week"
    segments = segments_of(f"<h1>{headline}</h1><p>{PROSE}</p>")
    assert drop_leading_deks(segments, decisions_keeping(segments, ALL), title=headline)[0].keep


def test_recall_keeps_the_lead_below_the_headline() -> None:
    segments = segments_of(f'<div class="head"><h1>Budget</h1><p>{PROSE} The lead.</p><p>By Ann</p></div>'
                           f'<div class="story"><p>{PROSE} Body.</p></div>')
    verdicts = [content(0.2), content(0.9), content(0.2), content(0.9)]
    decisions = keep_lead(segments, verdicts, decisions_keeping(segments, {3}), title="Budget")
    assert kept(decisions) == [1, 3] and decisions[1].rule == "lead"


def test_tables_are_kept_whole() -> None:
    rows = "".join(f"<tr><td>Row {i}</td><td>{i} kg</td></tr>" for i in range(4))
    segments = segments_of(f"<p>{PROSE}</p><table>{rows}</table>")
    decisions = keep_groups_whole(segments, decisions_keeping(segments, {0, 1, 2}))
    assert kept(decisions) == [0, 1, 2, 3, 4] and decisions[4].rule == "whole-group"
    assert kept(keep_groups_whole(segments, decisions_keeping(segments, {0, 1}))) == [0, 1]


def test_stray_teaser_item_outside_the_article_is_dropped() -> None:
    items = "".join(f"<li>Latest story {i} about something else</li>" for i in range(5))
    segments = segments_of(f'<div class="story"><p>{PROSE}</p></div><ul>{items}</ul>')
    core = "/html/body/div"
    decisions = drop_stray_list_items(segments, decisions_keeping(segments, {0, 2}), core)
    assert kept(decisions) == [0] and (decisions[2].label, decisions[2].rule) == (Label.RELATED, "stray-list-item")


def test_list_items_inside_the_article_stay() -> None:
    items = "".join(f"<li>Point {i}</li>" for i in range(5))
    segments = segments_of(f'<div class="story"><p>{PROSE}</p><ul>{items}</ul></div>')
    assert kept(drop_stray_list_items(segments, decisions_keeping(segments, {0, 2}), "/html/body/div")) == [0, 2]


def test_without_trafilaturas_core_no_list_item_is_a_stray() -> None:
    items = "".join(f"<li>Reference {i} to a book</li>" for i in range(5))
    segments = segments_of(f'<div class="story"><p>{PROSE}</p><ol>{items}</ol></div>')
    assert kept(drop_stray_list_items(segments, decisions_keeping(segments, {0, 2}), "")) == [0, 2]


def test_calls_to_action_closing_the_article_are_trimmed() -> None:
    segments = segments_of(f"<p>{PROSE}</p><p>Share this story with the people you know.</p>"
                           "<p>Subscribe to our newsletter for more.</p>")
    decisions = trim_article_tail(segments, decisions_keeping(segments, ALL))
    assert kept(decisions) == [0]
    assert [(d.label, d.rule) for d in decisions[1:]] == [(Label.SHARE, "article-tail"),
                                                          (Label.NEWSLETTER, "article-tail")]


def test_tail_trim_stops_at_the_first_ordinary_block() -> None:
    segments = segments_of(f"<p>Subscribe to our newsletter for more.</p><p>{PROSE}</p>")
    assert kept(trim_article_tail(segments, decisions_keeping(segments, ALL))) == [0, 1]


def test_headline_opening_the_article_is_the_title_copy() -> None:
    segments = segments_of(f"<h1>Town agrees budget</h1><p>{PROSE}</p>")
    decisions = mark_duplicates(segments, decisions_keeping(segments, ALL), "Town agrees budget | The Daily")
    assert (decisions[0].keep, decisions[0].label, decisions[0].rule) == (False, Label.DUPLICATE, "title-copy")


def test_removed_copy_of_the_title_is_labelled_duplicate() -> None:
    segments = segments_of(f"<p>Town agrees budget</p><p>{PROSE}</p>")
    decisions = mark_duplicates(segments, decisions_keeping(segments, {1}), "Town agrees budget")
    assert (decisions[0].label, decisions[0].rule) == (Label.DUPLICATE, "title-copy")


def test_repeated_heading_is_a_duplicate_but_repeated_prose_is_not() -> None:
    segments = segments_of(f"<p>{PROSE}</p><h2>What the council decided</h2><p>{PROSE}</p>"
                           "<h2>What the council decided</h2>")
    decisions = mark_duplicates(segments, decisions_keeping(segments, ALL), None)
    assert kept(decisions) == [0, 1, 2]
    assert (decisions[3].label, decisions[3].rule) == (Label.DUPLICATE, "duplicate")


def test_refine_never_drops_everything() -> None:
    segments = segments_of("".join(f'<h3><a href="/{i}">Headline {i} of the day</a></h3>' for i in range(5)))
    verdicts = [content() for _ in segments]
    decisions = refine(segments, verdicts, decisions_keeping(segments, ALL), "", Options(), None)
    assert len(kept(decisions)) == 5


def test_refine_runs_the_passes() -> None:
    segments = segments_of(f'<div class="story"><p>{PROSE}</p><p>Sign up for our newsletter today.</p></div>')
    decisions = refine(segments, [content(), content()], decisions_keeping(segments, ALL), "/html/body/div",
                       Options(), None)
    assert kept(decisions) == [0] and decisions[find(segments, "Sign up").index].rule == "article-tail"


def test_headings_after_the_last_kept_text_are_dropped() -> None:
    segments = segments_of(f"<h2>Background</h2><p>{PROSE}</p><h3>Tell us what you think</h3><p>Comments</p>")
    verdicts = [content() for _ in segments]
    decisions = drop_closing_headings(segments, verdicts, decisions_keeping(segments, {0, 1, 2}))
    assert kept(decisions) == [0, 1]
    assert decisions[2].rule == "closing-heading"


COMMENTS = ("<h3>Top Rated Comments</h3><p>2 days ago at 07:52 am</p><p>Nice to see the keyboard fixed at last.</p>"
            "<p>2 days ago at 07:47 am</p><p>I will wait for the next model, as ever.</p><p>Reply</p>")


def test_a_comment_section_without_markup_is_dropped_from_its_heading_on() -> None:
    segments = segments_of(f"<div><p>{PROSE}</p><p>{PROSE} Two.</p>{COMMENTS}</div>")
    decisions = drop_comment_section(segments, decisions_keeping(segments, ALL))
    assert kept(decisions) == [0, 1]
    assert {(d.label, d.rule) for d in decisions[2:]} == {(Label.COMMENTS, "comment-section")}
    assert "Top Rated Comments" in decisions[2].reason


def test_comments_under_a_heading_the_extractors_left_out_are_dropped() -> None:
    # The heading, the dates and the "Reply" lines were left out; only the comments' text was kept.
    segments = segments_of(f"<div><p>{PROSE}</p><p>{PROSE} Two.</p>{COMMENTS}</div>")
    text = {i for i, s in enumerate(segments) if s.index < 2 or "keyboard" in s.text or "next model" in s.text}
    decisions = drop_comment_section(segments, decisions_keeping(segments, text))
    assert kept(decisions) == [0, 1]
    assert decisions[find(segments, "next model").index].rule == "comment-section"


THREAD = ("<form><p>Your name</p><p>Comment</p><p>Leave this field blank</p></form>"
          "<h3>Anonymous</h3><p>Nice to see the keyboard fixed at last.</p><p>Reply</p><p>April 5, 2018</p>"
          "<h3>Lars</h3><p>I will wait for the next model, as ever.</p><p>Reply</p><p>April 6, 2018</p>")


def test_a_comment_count_line_after_the_article_starts_the_comments_past_their_form() -> None:
    segments = segments_of(f"<div><p>{PROSE}</p><p>{PROSE} Two.</p><p>{PROSE} Three.</p><p>View comments (2)</p>"
                           f"{THREAD}</div>")
    text = {0, 1, 2, find(segments, "keyboard").index, find(segments, "next model").index}
    decisions = drop_comment_section(segments, decisions_keeping(segments, text))
    assert kept(decisions) == [0, 1, 2]


def test_a_comment_count_line_near_the_top_of_the_article_is_no_comment_section() -> None:
    segments = segments_of(f"<div><p>{PROSE}</p><p>12 comments</p><p>April 5, 2018</p><p>Updated April 6, 2018</p>"
                           f"<p>{PROSE} Two.</p><p>{PROSE} Three.</p></div>")
    assert all(d.keep for d in drop_comment_section(segments, decisions_keeping(segments, ALL)))


def test_a_subheading_about_comments_in_the_article_stays() -> None:
    # No date or reply lines after it: the article goes on.
    segments = segments_of(f"<div><p>{PROSE}</p><h3>Reader comments</h3><p>{PROSE} Two.</p><p>{PROSE} Three.</p></div>")
    assert all(d.keep for d in drop_comment_section(segments, decisions_keeping(segments, ALL)))


def test_comments_stay_when_asked_for() -> None:
    segments = segments_of(f"<div><p>{PROSE}</p>{COMMENTS}</div>")
    verdicts = [content() for _ in segments]
    with_comments = refine(segments, verdicts, decisions_keeping(segments, ALL), "", Options(include_comments=True), None)
    assert find(segments, "keyboard fixed").index in kept(with_comments)
    without = refine(segments, verdicts, decisions_keeping(segments, ALL), "", Options(), None)
    assert find(segments, "keyboard fixed").index not in kept(without)
