"""clean_text: segmentation of scraped text, block labels, the shape of a scraped article, hard inputs."""
from __future__ import annotations

from pathlib import Path

import pytest

import cleaner
from cleaner import InputError, Label, Status, clean_text
from cleaner.text.segment import segment_text
from cleaner.types import BlockKind

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "text" / "scraped-harbour.txt"
HEADLINE = "Harbour city council approves new ferry terminal to cut commuter crossing times by 2026"
SPONSORS = ("Brightwell", "Tessaro", "Norvik", "Pelican", "Founded in Leeds", "Quorra", "Lumen")


@pytest.fixture(scope="module")
def harbour():
    return clean_text(FIXTURE.read_text(encoding="utf-8"))


# --- the shape of a scraped article -------------------------------------------------------------

def test_fixture_keeps_headline_once_then_paragraphs_each_on_one_line(harbour) -> None:
    lines = harbour.text.split("\n\n")
    assert lines[0] == HEADLINE
    assert harbour.text.count(HEADLINE) == 1
    assert len(lines) == 8  # headline + 7 paragraphs (the cut fragment joined to its continuation)
    assert lines[1].startswith("The harbour city council voted on Tuesday")
    assert lines[1].endswith("since the nineteen seventies.")
    assert lines[2].startswith("According to a published by the council's transport committee")
    assert lines[-1].endswith("after residents had been heard.")
    assert harbour.title == HEADLINE
    assert harbour.blocks[0].kind is BlockKind.HEADING and harbour.blocks[0].level == 1
    assert all(b.kind is BlockKind.PARAGRAPH for b in harbour.blocks[1:])


def test_fixture_removes_boilerplate_with_fitting_labels(harbour) -> None:
    removed = {r.text[:20]: r for r in harbour.removed}
    labels = [r.label for r in harbour.removed]
    assert removed["Press enter to searc"].label is Label.SEARCH
    assert removed["Our new reader app i"].label in (Label.HEADER, Label.OTHER)
    assert labels.count(Label.DUPLICATE) == 2
    sponsors = [r for r in harbour.removed if r.label is Label.SPONSOR]
    assert [r.text.split(" ")[0] for r in sponsors] == [s.split(" ")[0] for s in SPONSORS]
    assert all("never names" in r.reason for r in sponsors)
    assert len(harbour.removed) == 2 + 2 + len(SPONSORS)


def test_removed_blocks_say_where_they_were(harbour) -> None:
    duplicate = next(r for r in harbour.removed if r.label is Label.DUPLICATE)
    assert duplicate.path.startswith("line ") and duplicate.rule == "repeated"
    assert "line 8" in duplicate.reason  # the copy that was kept
    assert harbour.blocks[1].path == "line 10-14"


# --- segmentation -------------------------------------------------------------------------------

WRAPPED = """\
The committee met in the old town hall on a cold morning in
February to discuss the budget for the coming year, and several
members asked why the costs of the new bridge had risen so much
since the plans were first presented to the public two years ago.
The chair promised a full report before the summer recess began.

A second paragraph follows after a blank line, wrapped at the same
width as the first one so that the dump looks like a narrow column
of text that a naive scraper kept exactly as it was laid out then.
"""


def test_hard_wrapped_lines_are_rejoined_into_paragraphs() -> None:
    blocks = segment_text(WRAPPED)
    assert len(blocks) == 2
    assert blocks[0].text.startswith("The committee met") and blocks[0].text.endswith("recess began.")
    assert "\n" not in blocks[0].text and blocks[0].path == "line 1-5"


def test_menu_lines_and_repeated_lines_stay_apart() -> None:
    blocks = segment_text("Home\nWorld\nBusiness\nSport\n\nSame title here\nSame title here\n")
    assert [b.text for b in blocks] == ["Home", "World", "Business", "Sport", "Same title here", "Same title here"]


def test_lowercase_continuation_joins_even_without_wrapping() -> None:
    blocks = segment_text("The minister said that the plan\nwould be published next week.\n")
    assert [b.text for b in blocks] == ["The minister said that the plan would be published next week."]


def test_fragment_cut_by_a_dropped_link_joins_its_continuation() -> None:
    blocks = segment_text("As reported in the\n\nweekly bulletin of the ministry, the figures rose.\n")
    assert [b.text for b in blocks] == ["As reported in the weekly bulletin of the ministry, the figures rose."]


# --- labels -------------------------------------------------------------------------------------

ARTICLE = "\n\n".join(
    f"Paragraph {i} of the report explains how the water utility of the valley plans to replace its old "
    f"pipes, which leak so much that a fifth of the clean water never reaches the homes of the valley."
    for i in range(6))


@pytest.mark.parametrize(("line", "label"), [
    ("Skip to main content", Label.NAVIGATION),
    ("Wir verwenden Cookies", Label.COOKIE_NOTICE),
    ("Nous utilisons des cookies", Label.COOKIE_NOTICE),
    ("Subscribe to our newsletter", Label.NEWSLETTER),
    ("Share this article", Label.SHARE),
    ("Alle Rechte vorbehalten", Label.FOOTER),
    ("Todos los derechos reservados", Label.FOOTER),
])
def test_interface_phrases_in_several_languages(line: str, label: Label) -> None:
    document = clean_text(f"{line}\n\n{ARTICLE}\n")
    removed = next(r for r in document.removed if r.text == line)
    assert removed.label is label and removed.rule == "interface-phrase"


def test_menu_before_and_footer_after_the_body() -> None:
    text = "News\nSport\nWeather\nTravel\n\n" + ARTICLE + "\n\nWeather Travel Sport News Video Audio Live"
    document = clean_text(text)
    assert document.text.count("Paragraph") == 6
    labels = {r.text: r.label for r in document.removed}
    assert labels["Sport"] is Label.NAVIGATION
    assert labels["Weather Travel Sport News Video Audio Live"] is Label.FOOTER


def test_closing_paragraph_on_the_topic_is_kept() -> None:
    closing = ("The valley's water utility said the new pipes would be laid street by street, starting with "
               "the oldest quarter, and that homes would keep their water during the work.")
    document = clean_text(ARTICLE + "\n\n" + closing)
    assert document.text.endswith(closing)


def test_closing_paragraph_naming_someone_new_once_is_kept() -> None:
    closing = ("Maria Olsen, who lives in the oldest quarter, said she had waited years for the repairs and "
               "hoped the new pipes would finally end the weekly cuts in her street.")
    document = clean_text(ARTICLE + "\n\n" + closing)
    assert document.text.endswith(closing)


# --- hard inputs --------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["", "   \n\n\t  \n"])
def test_empty_input_has_a_status(text: str) -> None:
    document = clean_text(text)
    assert document.status is Status.EMPTY_INPUT and document.text == "" and not document.ok


def test_bytes_are_a_type_error() -> None:
    with pytest.raises(TypeError):
        clean_text(b"some bytes")  # type: ignore[arg-type]


def test_binary_data_is_an_input_error() -> None:
    with pytest.raises(InputError, match="binary"):
        clean_text(bytes(range(256)).decode("latin-1") * 20)


@pytest.mark.parametrize("start", ["<!DOCTYPE html>\n<html lang='en'>", "  <html>", "\ufeff<!doctype html><head>",
                                   "<head><title>A page</title></head>", "<body class='post'>"])
def test_an_html_document_is_an_input_error_that_names_extract(start: str) -> None:
    with pytest.raises(InputError, match="extract"):
        clean_text(start + "<p>Some words of a page that is HTML, not scraped text.</p></html>")


def test_scraped_text_mentioning_a_tag_is_still_text() -> None:
    document = clean_text("<html> is the root element of a page.\n\n" + "Browsers build a tree from it. " * 8)
    assert document.ok


def test_only_boilerplate_has_no_main_content() -> None:
    document = clean_text("\n\n".join(["Home", "Search", "Subscribe", "Privacy policy"] * 5))
    assert document.status is Status.NO_MAIN_CONTENT and document.removed


def test_one_line_of_five_megabytes_returns() -> None:
    document = clean_text("The cat sat on the mat and it was good. " * 130_000)
    assert document.status in (Status.OK, Status.NO_MAIN_CONTENT)


def test_a_hundred_thousand_short_lines_return() -> None:
    document = clean_text("\n\n".join(f"Item number {i}" for i in range(100_000)))
    assert document.status is Status.NO_MAIN_CONTENT
    assert len(document.removed) == 100_000


def test_a_long_cookie_notice_after_the_article_is_removed() -> None:
    notice = ("This website uses cookies to improve your experience while you navigate through the website. "
              "Out of these cookies, the cookies that are categorized as necessary are stored on your browser "
              "as they are essential for the working of basic functionalities of the website.")
    document = clean_text(ARTICLE + "\n\n" + notice)
    assert notice not in document.text
    assert next(r for r in document.removed if r.text == notice).label is Label.COOKIE_NOTICE


def test_closing_paragraph_quoting_a_new_person_twice_is_kept() -> None:
    closing = ("Neighbours were less sure. \"We have heard promises before,\" said Henrik Dahl, a baker in the "
               "square. Dahl said he would believe in the new plan when the diggers arrived in his street.")
    document = clean_text(ARTICLE + "\n\n" + closing)
    assert document.text.endswith(closing)


def test_a_list_of_teasers_printed_above_and_below_the_article_goes() -> None:
    teasers = "\n".join(f"Teaser {word}: the {word} story of the day has many words in its summary line"
                        for word in ("first", "second", "third", "fourth"))
    document = clean_text(f"{teasers}\n\n{ARTICLE}\n\n{teasers}\n")
    assert "Teaser" not in document.text and document.text.count("Paragraph") == 6
    runs = [r for r in document.removed if r.rule == "repeated-run"]
    assert len(runs) == 8 and all(r.label is Label.DUPLICATE for r in runs)


def test_a_paragraph_the_author_repeats_stays() -> None:
    refrain = ("And still the valley waited for its water, as it had waited every summer since the old pipes "
               "were laid by the engineers of another century.")
    second_half = ARTICLE.replace("Paragraph", "Section")
    document = clean_text(f"{ARTICLE}\n\n{refrain}\n\n{second_half}\n\n{refrain}")
    assert document.text.count(refrain) == 2


def test_an_unexpected_failure_inside_clean_text_is_an_extraction_error(monkeypatch) -> None:
    import cleaner.text.pipeline as text_module

    def broken(*args, **kwargs):
        raise KeyError("boom")

    monkeypatch.setattr(text_module, "segment_text", broken)
    with pytest.raises(cleaner.ExtractionError) as caught:
        cleaner.clean_text("A line of text long enough to be read as a paragraph of an article.")
    assert isinstance(caught.value.__cause__, KeyError)


def test_legal_small_print_reserving_rights_twice_goes_however_long() -> None:
    small_print = ("Market data provided by Example Exchange. Quotes are delayed by fifteen minutes. "
                   "Fund data: © 2016 Example Research, Inc. All Rights Reserved. Index data: Example Indices LLC "
                   "2016. All rights reserved. The indices are calculated, distributed and marketed by a "
                   "subsidiary of Example Indices and have been licensed for use to the publisher of this page, "
                   "which claims no rights in them and gives no warranty of any kind about their accuracy.")
    document = clean_text(ARTICLE + "\n\n" + small_print)
    assert small_print not in document.text
    assert next(r for r in document.removed if r.text == small_print).label is Label.FOOTER


def test_a_numbered_list_does_not_cut_a_short_article_in_two() -> None:
    paragraphs = [f"Paragraph {i} of the report ranks the towns of the valley by how much of their clean water "
                  "is lost to old pipes." for i in range(3)]
    items = "\n".join(f"{n}. Town {chr(64 + n)}" for n in range(1, 11))
    text = "\n\n".join([paragraphs[0], paragraphs[1], "The towns ranked as follows:", items, paragraphs[2]])
    document = clean_text(text)
    assert all(p in document.text for p in paragraphs)
    assert "3. Town C" in document.text


TEASERS = (
    ("Storm closes mountain pass for the winter", "Drivers must take the coast road until the snow melts in April, "
     "and the buses that cross the pass will stop at the foot of the mountain."),
    ("Local choir wins national singing contest", "Forty singers from the old town took the prize in the capital "
     "with a song that their conductor wrote for them in the summer."),
    ("New bakery opens beside the railway station", "Its owner trained in Lyon for ten years and now bakes rye "
     "bread for the travellers of the first trains every morning."),
    ("Football club signs young goalkeeper", "The nineteen-year-old joins from a second division team abroad "
     "and is expected to play in the cup match at the end of the month."),
)


def test_a_list_of_other_stories_after_the_article_goes() -> None:
    teasers = "\n\n".join(f"{headline}\n\nexample.com News\n\n{summary}" for headline, summary in TEASERS)
    document = clean_text(f"{ARTICLE}\n\n{teasers}")
    assert document.text.count("Paragraph") == 6
    assert all(summary not in document.text for _, summary in TEASERS)
    summaries = [r for r in document.removed if r.text in {s for _, s in TEASERS}]
    assert len(summaries) == 4 and all(r.rule == "teaser-run" and r.label is Label.RELATED for r in summaries)


def test_short_sections_on_the_article_subject_after_it_stay() -> None:
    sections = "\n\n".join(
        f"What the pipes cost the valley in {year}\n\nThe water utility of the valley lost a fifth of its clean "
        f"water to old pipes in {year}." for year in (2019, 2020, 2021, 2022))
    document = clean_text(f"{ARTICLE}\n\n{sections}")
    assert document.text.count("The water utility of the valley lost") == 4


def test_a_related_box_inside_the_article_does_not_end_it() -> None:
    sections = [f"{p} The work starts in the spring." for p in ARTICLE.replace("Paragraph", "Section").split("\n\n")]
    box = "Related\n\nValley votes on water prices for next year"
    document = clean_text("\n\n".join([ARTICLE, *sections[:4], box, *sections[4:]]))
    assert document.text.count("Paragraph") == 6 and document.text.count("Section") == 6
    assert next(r for r in document.removed if r.text == "Related").label is Label.RELATED


def test_a_related_heading_over_a_list_of_stories_ends_the_article() -> None:
    stories = "\n\n".join(f"{headline}. {summary}" for headline, summary in TEASERS)
    sections = ARTICLE.replace("Paragraph", "Section")
    document = clean_text(f"{ARTICLE}\n\n{sections}\n\nRelated\n\n{stories}")
    assert document.text.count("Paragraph") == 6 and document.text.count("Section") == 6
    assert all(summary not in document.text for _, summary in TEASERS)


@pytest.mark.parametrize(("line", "label"), [
    ("Top Rated Comments", Label.COMMENTS), ("Reader comments", Label.COMMENTS), ("11 Comments", None),
    ("Market share", None),
])
def test_a_heading_ending_in_comments_names_the_comments(line: str, label: Label | None) -> None:
    from cleaner.shared_signals import interface_phrase
    found = interface_phrase(line, len(line.split()))
    assert (found[0] if found else None) is label


def test_short_sentences_inside_the_body_stay_and_headlines_between_them_go() -> None:
    story = ["The officers ran up the stairs of the hotel.", "Teen Wins Spelling Bee in Record Time",
             "Nobody answered the door at first.", "Share on Facebook (Opens in new window)",
             "Then they heard a voice behind it."]
    paragraphs = ARTICLE.split("\n\n")
    document = clean_text("\n\n".join([*paragraphs[:3], *story, *paragraphs[3:]]))
    assert document.text.count("Paragraph") == 6
    for sentence in (story[0], story[2], story[4]):
        assert sentence in document.text
        assert next(b for b in document.blocks if b.text == sentence).kind is BlockKind.PARAGRAPH
    assert story[1] not in document.text and story[3] not in document.text


def test_a_how_to_s_short_steps_join_the_article() -> None:
    steps = [("Measure the jar and cut the foam a little smaller than its base.", "Cut foam (Photo: Ann Lee)"),
             ("Insert your plant into the hole.", "Plant in foam (Photo: Ann Lee)"),
             ("Cover the foam with moss.", "Moss (Photo: Ann Lee)"),
             ("Place the jar over the plant and set it by a window.", "Finished jar (Photo: Ann Lee)")]
    body = "\n\n".join(f"Step {n}\n\n{instruction}\n\n{caption}" for n, (instruction, caption) in enumerate(steps, 1))
    menu = "\n".join(["Home", "Crafts", "Garden", "Food", "Travel", "Pets", "Money", "Style"])
    intro = ("Glass jar terrariums are not only pleasing to the eye, but they also keep a bit of the garden "
             "indoors through the winter months, and they take very little time to put together at home.")
    document = clean_text("\n\n".join([menu, intro, "You will need: a jar, foam, moss and a plant.", body, menu]))
    assert all(instruction in document.text for instruction, _ in steps)
    assert "Step 3" in document.text and "Crafts" not in document.text


def test_pagination_lines_are_no_sequence_of_steps() -> None:
    from cleaner.text.classify import _step_spans
    from cleaner.text.signals import block_signals
    pages = segment_text("Page 1\n\nPage 2\n\nPage 3\n\nPage 4")
    assert _step_spans([block_signals(b, "en") for b in pages]) == set()


def test_a_comment_thread_longer_than_the_story_ends_it_at_its_heading() -> None:
    story = ("Paragraph one of the story tells how the harbour board voted on Tuesday to rebuild the old pier "
             "before the summer season, at a cost of four million pounds spread over three years of work.\n\n"
             "Paragraph two says that the fishing fleet will use the north quay while the builders are there, "
             "and that the ferry to the island will keep its timetable through the whole of the works.\n\n"
             "Paragraph three quotes the board's chair, who said the pier had been closed to visitors twice in "
             "the last winter and that the town could not afford to lose it for a third time.\n\n"
             "Paragraph four adds that the work will be paid for by the council, a grant from the coast fund "
             "and a small charge on the boats that moor there, which the owners have agreed to pay.")
    comments = "\n\n".join(f"reader{n}\n\n{n} days ago\n\nI think the board is right to spend the money on the pier, "
                           f"because the town needs its visitors and the fleet needs a safe quay in the storms ({n})."
                           for n in range(1, 7))
    # Paragraphs of more than 200 characters (good blocks), 800 and more in all.
    story = story.replace(".\n\n", ", as the harbour master told the meeting on Tuesday evening.\n\n")
    document = clean_text(f"{story}\n\nTop Rated Comments\n\n{comments}")
    assert document.text.count("Paragraph") == 4
    assert "the board is right" not in document.text


def test_a_line_of_dialogue_or_a_comment_count_does_not_end_the_story() -> None:
    from cleaner.text.signals import block_signals
    from cleaner.text.verdict import _thread_heading
    for line in ("No reply.", "Comments (5 posted)"):
        sig = block_signals(segment_text(line)[0], "en")
        assert not _thread_heading(line, sig, 5000)


def test_html_markup_printed_as_text_goes_but_a_heading_naming_a_tag_stays() -> None:
    pixel = '<div style="position:absolute;"><img width=1 height=1 alt="" src="http://example.com/b?p=1&t=2"></div>'
    paragraphs = [f"Paragraph {i} of the report ranks the towns of the valley by how much of their clean water "
                  "is lost to old pipes, and by how long the repairs have been waiting." for i in range(4)]
    document = clean_text("\n\n".join([paragraphs[0], paragraphs[1], pixel, paragraphs[2], paragraphs[3]]))
    assert "<div" not in document.text and document.text.count("Paragraph") == 4
    assert next(r for r in document.removed if r.text == pixel).rule == "bad-in-body"
    from cleaner.text.classify import Quality, context_free
    from cleaner.text.signals import block_signals
    heading = context_free(block_signals(segment_text("List of <img>")[0], "en"), has_stoplist=True)
    assert heading.quality is Quality.SHORT  # left to its neighbours, as any short line
