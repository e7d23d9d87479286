"""The benchmark metric (bench/metric.py) on tiny hand-made texts. Offline; never reads ../shared."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

from metric import (  # noqa: E402  (bench/ is a folder of scripts, not a package)
    PageScore,
    bootstrap_f1_spread,
    score_page,
    score_set,
    set_prf,
    shingles,
    tokenize,
)


def test_tokens_are_unicode_words_in_order():
    assert tokenize("Héllo, wörld! 日本語 x_1 -- 42") == ["Héllo", "wörld", "日本語", "x_1", "42"]


def test_shingles_of_short_empty_and_long_texts():
    assert shingles([]) == {}
    assert shingles(["a", "b"]) == {("a", "b"): 1}
    assert shingles(list("abcde")) == {tuple("abcd"): 1, tuple("bcde"): 1}
    assert shingles(list("aaaaa")) == {tuple("aaaa"): 2}


def test_identical_texts_score_one_and_exact():
    page = score_page("One two three four five.", "one? No: One two three four five")
    assert page.exact is False  # an extra token breaks the exact match
    same = score_page("One two three four five.", "One, two; three four five")
    assert (same.precision, same.recall, same.exact) == (1.0, 1.0, True)


def test_counts_are_normalised_to_one():
    # truth shingles: abcd bcde cdef; prediction: abcd bcde + xabc  -> tp 2, fp 1, fn 1
    page = score_page("a b c d e f", "x a b c d e")
    assert (page.tp, page.fp, page.fn) == pytest.approx((0.5, 0.25, 0.25))
    assert page.precision == pytest.approx(2 / 3)
    assert page.recall == pytest.approx(2 / 3)


def test_multiset_counts_repeats():
    page = score_page("a a a a a", "a a a a a a a")  # truth 2 x aaaa, prediction 4 x aaaa
    assert (page.tp, page.fp, page.fn) == pytest.approx((0.5, 0.5, 0.0))
    assert page.recall == 1.0 and page.precision == 0.5


def test_empty_prediction_has_zero_precision_and_recall():
    page = score_page("some real article text here", "")
    assert page.precision == 0.0 and page.recall == 0.0
    assert page.missed and not page.has_precision and page.has_recall


def test_empty_truth_and_prediction_is_perfect_but_ineligible():
    page = score_page("", "  ...  ")
    assert page.precision == 1.0 and page.recall == 1.0 and page.exact
    assert not page.has_precision and not page.has_recall and not page.missed


def test_prediction_for_empty_truth_is_all_false_positive():
    page = score_page("", "boilerplate only here")
    assert page.fp == 1.0 and page.precision == 0.0 and page.recall == 0.0
    assert page.has_precision and not page.has_recall


def test_set_means_use_only_eligible_pages():
    perfect = score_page("a b c d e", "a b c d e")
    empty_pred = score_page("a b c d e", "")  # recall 0, no precision
    p, r, f1 = set_prf([perfect, empty_pred])
    assert p == 1.0 and r == 0.5 and f1 == pytest.approx(2 * 0.5 / 1.5)


def test_set_score_accuracy_and_missed():
    pages = [score_page("a b c d", "a b c d"), score_page("a b c d", "a b c x"), score_page("a b", "")]
    result = score_set(pages, resamples=50)
    assert result.accuracy == pytest.approx(1 / 3)
    assert result.missed == 1 and result.pages == 3
    assert "F1" in result.line() and "±" in result.line()


def test_bootstrap_is_deterministic_and_zero_for_identical_pages():
    pages = [score_page("a b c d e", "a b c d x"), score_page("a b c d e f g", "a b c d e f g")] * 5
    assert bootstrap_f1_spread(pages, resamples=200) == bootstrap_f1_spread(pages, resamples=200)
    assert bootstrap_f1_spread(pages, resamples=200) > 0
    same = [score_page("a b c d", "a b c d")] * 10
    assert bootstrap_f1_spread(same, resamples=100) == 0.0


def test_page_score_is_frozen():
    page = score_page("a", "a")
    assert isinstance(page, PageScore)
    with pytest.raises(AttributeError):
        page.tp = 0  # type: ignore[misc]
