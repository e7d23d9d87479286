"""name_removed_blocks: better labels for blocks removed on weak evidence; what is kept never changes."""
from __future__ import annotations

from cleaner.html.labels import is_share_bar, name_removed_blocks, phrase_inside
from cleaner.types import Label

from factories import PROSE, decisions_keeping, drop, find, keep, segments_of


def test_phrase_inside_short_text() -> None:
    assert phrase_inside("Please subscribe to our newsletter today")[0] is Label.NEWSLETTER
    assert phrase_inside("© 2024 The Daily") == (Label.FOOTER, "copyright notice")
    assert phrase_inside("A plain sentence about the weather.") is None
    assert phrase_inside(f"{PROSE} {PROSE} We use cookies.") is None  # long text is not named by a phrase


def test_share_bar() -> None:
    assert is_share_bar("Facebook Twitter LinkedIn Email")
    assert not is_share_bar("Our reporter on Twitter said the storm was over")


def test_phrase_in_a_weakly_removed_block() -> None:
    segments = segments_of(f"<p>{PROSE}</p><p>By continuing you agree: we use cookies on this site</p>")
    decisions = name_removed_blocks(segments, decisions_keeping(segments, {0}))
    assert (decisions[1].label, decisions[1].rule) == (Label.COOKIE_NOTICE, "phrase")
    assert decisions[0].keep


def test_widget_phrase_in_a_region_labelled_block() -> None:
    segments = segments_of(f"<p>{PROSE}</p><footer><p>Join our mailing list for weekly news</p></footer>")
    decisions = [keep(0), drop(1, Label.FOOTER, "markup")]
    assert name_removed_blocks(segments, decisions)[1].label is Label.NEWSLETTER


def test_strong_labels_are_not_renamed() -> None:
    segments = segments_of(f"<p>{PROSE}</p><p>We use cookies to count readers</p>")
    decisions = [keep(0), drop(1, Label.SPONSOR, "markup")]
    assert name_removed_blocks(segments, decisions)[1].label is Label.SPONSOR


def test_blocks_under_a_section_heading_take_its_label() -> None:
    segments = segments_of(f'<p>{PROSE}</p><div><h2>More from Cities</h2><p>Parks in winter</p>'
                           '<p>Trams come back</p></div>')
    decisions = [keep(0), drop(1, Label.RELATED, "interface-phrase"), drop(2), drop(3)]
    result = name_removed_blocks(segments, decisions)
    assert [(d.label, d.rule) for d in result[2:]] == [(Label.RELATED, "section-heading")] * 2


def test_blocks_in_the_same_box_as_a_widget_take_its_label() -> None:
    segments = segments_of(f'<p>{PROSE}</p><div class="box"><p>Stay in the loop every morning</p>'
                           '<form><p>Email</p></form></div>')
    email = find(segments, "Email").index
    decisions = [keep(0), drop(1), drop(email, Label.NEWSLETTER, "markup")]
    result = name_removed_blocks(segments, decisions)
    assert (result[1].label, result[1].rule) == (Label.NEWSLETTER, "same-box")


def test_share_bar_and_teaser_link() -> None:
    segments = segments_of(f'<p>{PROSE}</p><div><p>Facebook Twitter Email</p></div>'
                           '<div><p><a href="/o">How the storm closed the old library</a></p></div>')
    result = name_removed_blocks(segments, decisions_keeping(segments, {0}))
    assert (result[1].label, result[1].rule) == (Label.SHARE, "share-bar")
    assert (result[2].label, result[2].rule) == (Label.RELATED, "teaser-link")


def test_kept_blocks_are_never_changed() -> None:
    segments = segments_of("<p>Subscribe to our newsletter</p><p>Facebook Twitter</p>")
    decisions = decisions_keeping(segments, {0, 1})
    assert name_removed_blocks(segments, decisions) == decisions


def test_time_lines_absolute_and_relative() -> None:
    from cleaner.shared_signals import is_time_line

    for text in ("12 January 2026 at 7:02 pm", "2 days ago at 07:52 am", "vor 3 Stunden", "hace 5 minutos"):
        assert is_time_line(text, len(text.split())), text
    assert not is_time_line("The council met for two days and agreed on the budget.", 11)
