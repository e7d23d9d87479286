"""decisions: the shared Decision type and the caption test."""
from __future__ import annotations

import pytest

from cleaner.decisions import is_caption, within

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
