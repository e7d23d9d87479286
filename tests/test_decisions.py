"""decisions: the shared Decision type and the caption test."""
from __future__ import annotations

import pytest

from cleaner.html.decisions import MIN_FEATURE_GALLERY_BLOCKS, feature_galleries, gallery_of, is_caption, within

from factories import PROSE, find, segments_of


def test_within_is_by_whole_path_steps() -> None:
    assert within("/html/body/div[2]/p", "/html/body/div[2]")
    assert not within("/html/body/div[23]/p", "/html/body/div[2]")
    assert not within("/html/body/p", "")


@pytest.mark.parametrize("html", [
    "<figure><img src='a.jpg'><figcaption>The harbour at dawn.</figcaption></figure>",
    "<div class='wp-caption'><p>The harbour at dawn.</p></div>",
    "<div><p>The harbour at dawn, seen from the pier. (Photo: Jane Doe/Harbour Times)</p></div>",
    "<div><p>Workers load the ferry at dawn. (AP Photo/Jane Doe, File)</p></div>",
    "<div><p>The harbour at dawn (Image: GETTY )</p></div>",
])
def test_captions_by_markup_or_by_their_photo_credit(html: str) -> None:
    assert is_caption(find(segments_of(f"<p>{PROSE}</p>{html}"), "harbour at dawn" if "harbour" in html else "ferry"))


@pytest.mark.parametrize("text", [
    "The minister met the union on Tuesday (Reuters reported the talks were tense).",
    "He said the plan (in a statement on Monday) would cost more than expected.",
    PROSE + " The mayor posed for a picture afterwards (Photo: town hall)" + " and more words." * 30 + ")",
])
def test_prose_with_brackets_is_not_a_caption(text: str) -> None:
    assert not is_caption(find(segments_of(f"<div><p>{text}</p></div>"), text[:30]))


def slideshow(items: int) -> str:
    return '<div class="gallery"><ul>' + "".join(f"<li><h2>{i}/{items} Slide</h2><p>Story {i} in pictures.</p></li>"
                                                 for i in range(1, items + 1)) + "</ul></div>"


def test_a_slideshow_box_is_found_a_few_levels_up_and_its_blocks_are_captions() -> None:
    segments = segments_of(f"<article><p>{PROSE}</p>{slideshow(3)}</article>")
    slide = find(segments, "Story 2")
    assert is_caption(slide)
    assert gallery_of(slide) == "/html/body/article/div"
    assert gallery_of(find(segments, PROSE[:20])) == ""


def test_only_a_slideshow_of_many_blocks_is_a_feature_of_its_own() -> None:
    small = segments_of(f"<article><p>{PROSE}</p>{slideshow(2)}</article>")
    assert feature_galleries(small) == frozenset()
    large = segments_of(f"<article><p>{PROSE}</p>{slideshow(MIN_FEATURE_GALLERY_BLOCKS)}</article>")
    assert feature_galleries(large) == {"/html/body/article/div"}
