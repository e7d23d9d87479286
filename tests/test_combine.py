"""decide: trafilatura's and our selections merged block by block, with vetoes, rescues and a fallback."""
from __future__ import annotations

from dataclasses import replace

import pytest

from cleaner.html.combine import core_container, decide
from cleaner.options import Options
from cleaner.types import Label

from factories import PROSE, candidate, content, find, labelled, segments_of

BALANCED = Options()
OFF = candidate("trafilatura", (), available=False)


def paras(n: int, tag: str) -> str:
    return "".join(f"<p>{PROSE} {tag} {i}.</p>" for i in range(n))


def by_index(decisions):
    return {d.index: d for d in decisions}


def test_core_container_is_the_deepest_element_with_most_kept_text() -> None:
    segments = segments_of(f'<div id="a"><div id="b">{paras(4, "In")}</div></div><div id="c"><p>stray</p></div>')
    kept = frozenset(s.index for s in segments)
    assert core_container(segments, kept) == "/html/body/div[1]/div"


def test_strong_markup_label_overrides_trafilatura_keeping_a_block() -> None:
    segments = segments_of(f'<div class="story">{paras(3, "Body")}<div class="share"><p>Share it now</p></div></div>')
    share = find(segments, "Share it")
    verdicts = [content() for _ in segments]
    verdicts[share.index] = labelled(Label.SHARE)
    everything = {s.index for s in segments}
    decisions = by_index(decide(segments, verdicts, candidate("heuristic", everything), candidate("trafilatura", everything),
                                BALANCED, None))
    assert not decisions[share.index].keep and decisions[share.index].label is Label.SHARE
    assert all(decisions[i].keep and decisions[i].rule == "trafilatura" for i in everything - {share.index})


@pytest.mark.parametrize(("tail", "text", "label", "rule"), [
    # A copyright line is labelled footer, a region label that trafilatura's choice normally outranks;
    # as the site's own notice it goes, as a cookie banner would.
    ("<p>© 2019 Example Media. All rights reserved.</p>", "All rights", Label.FOOTER, "notice"),
    # The slides of a numbered slideshow are labelled other, which alone would not outrank it either.
    (f"<ul><li><h2>1/3 A slide</h2><p>{PROSE} Slide.</p></li></ul>", "Slide.", Label.OTHER, "slideshow"),
])
def test_notices_and_slides_override_trafilatura_whatever_their_label(tail: str, text: str, label: Label,
                                                                      rule: str) -> None:
    segments = segments_of(f'<div>{paras(3, "Body")}{tail}</div>')
    block = find(segments, text)
    verdicts = [content() for _ in segments]
    verdicts[block.index] = labelled(label, rule=rule)
    everything = {s.index for s in segments}
    decisions = by_index(decide(segments, verdicts, candidate("heuristic", everything), candidate("trafilatura", everything),
                                BALANCED, None))
    assert (decisions[block.index].keep, decisions[block.index].label, decisions[block.index].rule) == (False, label, rule)


def test_weak_label_does_not_override_trafilatura() -> None:
    segments = segments_of(f'<div class="story">{paras(3, "Body")}</div>')
    verdicts = [content() for _ in segments]
    verdicts[1] = labelled(Label.OTHER, strong=True)  # OTHER is never an overriding label
    everything = {s.index for s in segments}
    decisions = decide(segments, verdicts, candidate("heuristic", everything), candidate("trafilatura", everything),
                       BALANCED, None)
    assert all(d.keep for d in decisions)


def test_rescue_prose_inside_trafilaturas_article() -> None:
    segments = segments_of(f'<div class="story">{paras(4, "Body")}</div>')
    verdicts = [content(0.9) for _ in segments]
    decisions = by_index(decide(segments, verdicts, candidate("heuristic", {0, 1, 2, 3}),
                                candidate("trafilatura", {0, 1, 3}), BALANCED, None))
    assert decisions[2].keep and decisions[2].rule == "heuristic-rescue"


def test_no_rescue_for_weak_prose_unless_recall() -> None:
    segments = segments_of(f'<div class="story">{paras(4, "Body")}</div>')
    verdicts = [content(0.9), content(0.9), content(0.5), content(0.9)]
    args = (segments, verdicts, candidate("heuristic", {0, 1, 2}), candidate("trafilatura", {0, 1}))
    assert not by_index(decide(*args, BALANCED, None))[2].keep
    assert by_index(decide(*args, Options.from_preset("recall"), None))[2].keep


def test_rescue_prose_just_under_clear_prose() -> None:
    segments = segments_of(f'<div class="story">{paras(4, "Body")}</div>')
    verdicts = [content(0.9), content(0.9), content(0.57), content(0.9)]
    args = (segments, verdicts, candidate("heuristic", {0, 1, 2}), candidate("trafilatura", {0, 1}))
    assert by_index(decide(*args, BALANCED, None))[2].keep


def test_rescue_weak_prose_between_two_blocks_trafilatura_keeps() -> None:
    segments = segments_of(f'<div class="story">{paras(4, "Body")}<p>Advert</p>{paras(1, "End")}</div>')
    verdicts = [content(0.9), content(0.9), content(0.5), content(0.9), content(0.1), content(0.9)]
    args = (segments, verdicts, candidate("heuristic", {0, 1, 2, 3, 4, 5}), candidate("trafilatura", {0, 1, 3, 5}))
    decisions = by_index(decide(*args, BALANCED, None))
    assert decisions[2].keep and decisions[2].rule == "heuristic-rescue"
    assert not decisions[4].keep  # too short to be taken on its neighbours' word


def test_rescue_table_row_and_heading_that_introduces_kept_text() -> None:
    segments = segments_of(f'<div class="story"><p>{PROSE} A.</p><h2>Specifications</h2><p>{PROSE} B.</p>'
                           '<table><tr><td>Weight</td><td>3 kg</td></tr></table></div>')
    verdicts = [content(0.9), content(0.2), content(0.9), content(0.1)]
    decisions = by_index(decide(segments, verdicts, candidate("heuristic", {0, 1, 2, 3}),
                                candidate("trafilatura", {0, 2}), BALANCED, None))
    assert decisions[1].keep and decisions[1].rule == "heuristic-rescue"
    assert decisions[3].keep and decisions[3].rule == "heuristic-rescue"


def test_short_linky_block_outside_the_article_is_dropped_though_trafilatura_keeps_it() -> None:
    segments = segments_of(f'<div class="story">{paras(3, "Body")}</div><div class="x"><p><a href="/">Another story</a></p></div>')
    link = find(segments, "Another story")
    verdicts = [content() for _ in segments]
    verdicts[link.index] = labelled(Label.NAVIGATION, strong=False, rule="link-density")
    everything = {s.index for s in segments}
    decisions = by_index(decide(segments, verdicts, candidate("heuristic", everything - {link.index}),
                                candidate("trafilatura", everything), BALANCED, None))
    assert not decisions[link.index].keep and decisions[link.index].rule == "linky-outside-article"


def test_without_trafilatura_our_extractor_decides() -> None:
    segments = segments_of(f'<div class="story">{paras(2, "Body")}</div><p>Elsewhere on the page.</p>')
    decisions = by_index(decide(segments, [content() for _ in segments], candidate("heuristic", {0, 1}), OFF,
                                BALANCED, None))
    assert decisions[0].keep and decisions[0].rule == "heuristic"
    assert not decisions[2].keep and decisions[2].label is Label.OTHER and decisions[2].rule == "outside-article"


def test_fallback_to_our_extractor_when_the_combination_keeps_far_less() -> None:
    segments = segments_of(f'<div class="story">{paras(5, "Body")}</div><div class="reviews"><p>Great product, five stars.</p></div>')
    review = find(segments, "five stars").index
    ours = {s.index for s in segments} - {review}
    decisions = by_index(decide(segments, [content() for _ in segments], candidate("heuristic", ours),
                                candidate("trafilatura", {review}), BALANCED, None))
    assert all(decisions[i].keep and decisions[i].rule == "heuristic" for i in ours)
    assert not decisions[review].keep


def test_comments_kept_when_asked() -> None:
    segments = segments_of(f'<div class="story">{paras(2, "Body")}<div id="comments"><p>{PROSE} Reader.</p></div></div>')
    comment = find(segments, "Reader").index
    verdicts = [content() for _ in segments]
    verdicts[comment] = labelled(Label.COMMENTS, prose_score=0.9)
    everything = {s.index for s in segments}
    args = (segments, verdicts, candidate("heuristic", everything), candidate("trafilatura", everything))
    assert not by_index(decide(*args, BALANCED, None))[comment].keep
    assert by_index(decide(*args, replace(BALANCED, include_comments=True), None))[comment].keep


def test_hidden_blocks_are_never_kept() -> None:
    segments = segments_of(f'<div class="story">{paras(2, "Body")}<div hidden>{PROSE} Hidden.</div></div>')
    hidden = find(segments, "Hidden").index
    everything = {s.index for s in segments}
    decisions = by_index(decide(segments, [content() for _ in segments], candidate("heuristic", everything),
                                candidate("trafilatura", everything), BALANCED, None))
    assert not decisions[hidden].keep


def test_a_bare_page_returns_its_few_lines() -> None:
    segments = segments_of('<a href="javascript:"><p>abc</p><p>def</p></a><p>ghi</p>')
    verdicts = [labelled(Label.NAVIGATION, strong=False, rule="link-density"), labelled(Label.NAVIGATION, strong=False,
                rule="link-density"), content()]
    decisions = decide(segments, verdicts, candidate("heuristic", ()), OFF, BALANCED, None)
    assert all(d.keep and d.rule == "bare-page" for d in decisions)


def test_a_bare_page_keeps_out_what_was_named_outright() -> None:
    segments = segments_of("<p>Hello there.</p><p>We use cookies.</p>")
    verdicts = [content(), labelled(Label.COOKIE_NOTICE)]
    decisions = decide(segments, verdicts, candidate("heuristic", ()), OFF, BALANCED, None)
    assert decisions[0].keep and not decisions[1].keep


def test_a_page_with_more_text_is_not_bare() -> None:
    segments = segments_of(f"<p>{PROSE}</p><p>{PROSE}</p>")
    decisions = decide(segments, [labelled(Label.OTHER, strong=False)] * 2, candidate("heuristic", ()), OFF, BALANCED, None)
    assert not any(d.keep for d in decisions)


def _article_with(aside: str, options: Options = BALANCED) -> tuple[list, dict]:
    """Decisions on a page whose article is one <div> and ``aside`` a sibling part that trafilatura also keeps."""
    segments = segments_of(f'<div class="page"><div class="story">{paras(10, "Body")}</div>{aside}</div>')
    story = find(segments, "Body 0").path.rsplit("/", 1)[0]
    verdicts = [content(0.9) if s.path.startswith(story) else content(0.8) for s in segments]
    everything = {s.index for s in segments}
    ours = candidate("heuristic", {s.index for s in segments if s.path.startswith(story)}, container=story)
    return segments, by_index(decide(segments, verdicts, ours, candidate("trafilatura", everything), options, None))


@pytest.mark.parametrize("preset", ["balanced", "recall"])
def test_teaser_cards_trafilatura_keeps_beside_the_article_are_dropped(preset: str) -> None:
    summary = "The council met again on Monday and agreed that the new library would open in the spring, the mayor said."
    cards = "".join(f'<div><h4><a href="/{i}">Other story {i}</a></h4><p>{summary} Teaser {i}.</p></div>'
                    for i in range(3))
    segments, decisions = _article_with(f'<div class="more">{cards}</div>', Options.from_preset(preset))
    teaser = decisions[find(segments, "Teaser 1").index]
    assert (teaser.keep, teaser.rule) == (False, "stray-outside-article")
    assert decisions[find(segments, "Body 7").index].keep


def test_a_second_section_of_prose_trafilatura_keeps_stays() -> None:
    segments, decisions = _article_with(f'<div class="more"><h3>What comes next</h3>{paras(2, "Next")}</div>')
    assert decisions[find(segments, "What comes next").index].keep
    assert decisions[find(segments, "Next 1").index].keep


def _story_inside_a_wider_core(beside: str, prose_share: float) -> tuple[list, dict]:
    """Decisions on a page whose article is a short <div> beside ``beside``; trafilatura keeps it all, so its
    core is the element holding both, and our container (holding ``prose_share`` of the page's prose) is inside."""
    segments = segments_of(f'<div><div>{paras(3, "Body")}</div>{beside}</div>')
    story = find(segments, "Body 0").path.rsplit("/", 1)[0]
    verdicts = [content(0.9) if s.path.startswith(story) else content(0.6) for s in segments]
    ours = candidate("heuristic", {s.index for s in segments if s.path.startswith(story)}, container=story,
                     prose_share=prose_share)
    everything = {s.index for s in segments}
    assert core_container(segments, frozenset(everything)) == story.rsplit("/", 1)[0]
    return segments, by_index(decide(segments, verdicts, ours, candidate("trafilatura", everything), BALANCED, None))


_CARDS = "".join(f'<div><p>Other story number {i} in brief</p><p>May {i + 1}, 2019</p></div>' for i in range(8))


def test_teaser_cards_inside_trafilaturas_wider_core_are_dropped_around_our_container() -> None:
    segments, decisions = _story_inside_a_wider_core(f"<div>{_CARDS}</div>", prose_share=0.8)
    card = decisions[find(segments, "number 3").index]
    assert (card.keep, card.rule) == (False, "stray-outside-article")
    assert decisions[find(segments, "Body 2").index].keep


def test_loose_paragraphs_beside_our_container_are_read_as_one_run() -> None:
    # Short paragraphs directly beside our container, with one long one among them: one run of article text.
    loose = f"<p>It rained.</p><p>{PROSE} Loose.</p><p>Then it stopped.</p>" + "".join(f"<p>{PROSE} {i}</p>" for i in range(2))
    segments, decisions = _story_inside_a_wider_core(loose, prose_share=0.8)
    assert decisions[find(segments, "It rained").index].keep and decisions[find(segments, "Then it").index].keep


def test_parts_beside_a_container_with_little_of_the_pages_prose_stay_with_trafilatura() -> None:
    # Our extractor may have picked a side region (a comment thread): trafilatura's parts are not strays then.
    segments, decisions = _story_inside_a_wider_core(f"<div>{_CARDS}</div>", prose_share=0.2)
    assert decisions[find(segments, "number 3").index].keep


def _cards_beside_the_article(cards: int) -> tuple[list, dict]:
    """Decisions on a page with an article and ``cards`` teaser cards (linked headline, summary, source line)
    beside it; trafilatura keeps everything but the headlines."""
    summary = "The council met again on Monday and agreed that the new library would open in the spring, the mayor said."
    html = "".join(f'<div><h3><a href="/{i}">Other story {i}</a></h3><p>{summary} Teaser {i}.</p><p>Morning Show</p></div>'
                   for i in range(cards))
    segments = segments_of(f'<div><div>{paras(6, "Body")}</div><div>{html}</div></div>')
    story = find(segments, "Body 0").path.rsplit("/", 1)[0]
    ours = candidate("heuristic", {s.index for s in segments if s.path.startswith(story)}, container=story)
    theirs = candidate("trafilatura", {s.index for s in segments if "Other story" not in s.text})
    return segments, by_index(decide(segments, [content(0.8) for _ in segments], ours, theirs, BALANCED, None))


def test_summaries_under_a_list_of_linked_headlines_are_teasers() -> None:
    segments, decisions = _cards_beside_the_article(4)
    for text in ("Teaser 2", "Morning Show"):
        decision = decisions[find(segments, text).index]
        assert (decision.keep, decision.label, decision.rule) == (False, Label.RELATED, "teaser-summary")
    assert decisions[find(segments, "Body 5").index].keep


def test_text_under_one_or_two_linked_headings_is_no_teaser_list() -> None:
    # A blog post's title links to the post itself: the text under it is not a teaser (the stray rule may
    # still drop it, here, as a part of the page without article prose).
    segments, decisions = _cards_beside_the_article(2)
    assert decisions[find(segments, "Teaser 1").index].rule != "teaser-summary"


def _deep_article_above(below: str) -> tuple[list, dict]:
    """Decisions on a page whose article sits six levels down with ``below`` after it; trafilatura keeps it all,
    and our container holds most of the page's prose."""
    nested = "<div>" * 6 + paras(3, "Body") + "</div>" * 6
    segments = segments_of(f"<div>{nested}</div>{below}")
    body = {s.index for s in segments if "Body" in s.text}
    container = find(segments, "Body 0").path.rsplit("/", 1)[0]
    ours = candidate("heuristic", body, container=container, prose_share=0.8)
    everything = {s.index for s in segments}
    return segments, by_index(decide(segments, [content(0.8) for _ in segments], ours, candidate("trafilatura", everything),
                                     BALANCED, None))


def test_prose_trafilatura_keeps_far_below_the_article_in_another_region_is_dropped() -> None:
    segments, decisions = _deep_article_above(f"<div><section><p>{PROSE} Rules.</p></section></div>")
    rules = decisions[find(segments, "Rules").index]
    assert (rules.keep, rules.rule) == (False, "far-below-article")
    assert decisions[find(segments, "Body 2").index].keep


def _deep_article_beside(other: str, prose_share: float = 1.0) -> tuple[list, dict, set[int]]:
    """Decisions on a page whose article sits six levels down, beside ``other``; trafilatura keeps it all.
    ``prose_share``: the share of the page's prose our container holds."""
    nested = "<div>" * 6 + paras(3, "Body") + "</div>" * 6
    segments = segments_of(f"<div>{other}{nested}</div>")
    body = {s.index for s in segments if "Body" in s.text}
    container = find(segments, "Body 0").path.rsplit("/", 1)[0]
    everything = {s.index for s in segments}
    ours = candidate("heuristic", body, container=container, prose_share=prose_share, prose_chars=2000)
    decisions = by_index(decide(segments, [content(0.8) for _ in segments], ours,
                                candidate("trafilatura", everything), BALANCED, None))
    return segments, decisions, body


def test_when_trafilatura_takes_the_whole_page_our_extractor_decides() -> None:
    teaser = "The council met again on Monday and agreed that the new library would open in the spring."
    teasers = "".join(f'<li><a href="/{i}">Other story number {i} here</a> {teaser}</li>' for i in range(30))
    _, decisions, body = _deep_article_beside(f"<ul>{teasers}</ul>")
    assert {i for i, d in decisions.items() if d.keep} == body


def test_when_our_container_holds_one_part_among_several_trafilatura_is_followed() -> None:
    """Our container holding under half the page's prose (one post of a thread) is no better an article than
    the page trafilatura took: trafilatura's selection stands."""
    posts = "".join(f"<div><p>Post {i}: {PROSE}</p></div>" for i in range(6))
    segments, decisions, body = _deep_article_beside(posts, prose_share=0.3)
    assert all(decisions[find(segments, f"Post {i}:").index].keep for i in range(6))


def test_trafilatura_keeping_a_little_more_than_us_is_followed() -> None:
    segments, decisions, _ = _deep_article_beside(f"<div><p>{PROSE} Part two.</p></div>")
    assert decisions[find(segments, "Part two").index].keep


def test_captions_are_kept_unless_turned_off_but_never_a_feature_gallery() -> None:
    gallery = '<div class="slideshow">' + "".join(f"<p>Picture {i} of another story.</p>" for i in range(12)) + "</div>"
    segments = segments_of(f'<div class="story">{paras(3, "Body")}<figure><figcaption>The harbour at dawn.'
                           f'</figcaption></figure>{gallery}</div>')
    everything = {s.index for s in segments}
    verdicts = [content() for _ in segments]
    caption, slide = find(segments, "harbour").index, find(segments, "Picture 3").index
    for preset in ("balanced", "recall", "precision"):
        decisions = by_index(decide(segments, verdicts, candidate("heuristic", everything),
                                    candidate("trafilatura", everything), Options.from_preset(preset), None))
        assert decisions[caption].keep == (preset != "precision")
        assert not decisions[slide].keep and decisions[slide].rule == "gallery"
        assert decisions[slide].label is Label.OTHER and "slideshow" in decisions[slide].reason
    alone = by_index(decide(segments, verdicts, candidate("heuristic", everything), OFF,
                            replace(BALANCED, include_captions=False), None))
    assert alone[caption].rule == "caption" and alone[slide].rule == "gallery"


def test_recall_keeps_what_a_confident_extractor_holds_though_trafilatura_leaves_it() -> None:
    segments = segments_of(f'<div class="story">{paras(3, "Body")}<p>x = y + 1</p>{paras(2, "End")}</div>')
    verdicts = [content(0.9) for _ in segments]
    verdicts[3] = content(0.1)  # a formula: no prose to rescue it on
    ours = candidate("heuristic", {s.index for s in segments}, container="/html/body/div", core="/html/body/div")
    ours = replace(ours, prose_share=1.0, prose_chars=10_000)
    traf = candidate("trafilatura", {0, 1, 2, 4, 5})
    assert not by_index(decide(segments, verdicts, ours, traf, BALANCED, None))[3].keep
    recall = by_index(decide(segments, verdicts, ours, traf, Options.from_preset("recall"), None))
    assert recall[3].keep and recall[3].rule == "heuristic-confident"
