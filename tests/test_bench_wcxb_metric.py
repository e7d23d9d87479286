"""WCXB's word-bag metric (bench/wcxb_metric.py) and its tables (bench/wcxb_report.py) on tiny hand-made texts.
Offline; never reads ../shared."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

from datasets import part_of  # noqa: E402  (bench/ is a folder of scripts, not a package)
from wcxb_metric import BagScore, mean_scores, score_words, words  # noqa: E402
from wcxb_report import Row, best_of, figures, page_type_lines, report  # noqa: E402


def test_words_are_lowercased_unicode_tokens_as_a_bag():
    assert words("The cat, THE Hat; café_2 日本語!") == {"the": 2, "cat": 1, "hat": 1, "café_2": 1, "日本語": 1}
    assert words("") == {} and words(None) == {}


def test_order_does_not_matter_only_the_bag():
    page = score_words("one two three", "Three, TWO... one")
    assert (page.precision, page.recall, page.f1) == (1.0, 1.0, 1.0)


def test_precision_recall_f1_of_overlapping_bags():
    # truth: a a b c (4 words); prediction: a b b d d (5 words); common: a, b -> 2
    page = score_words("a a b c", "a b b d d")
    assert page.precision == pytest.approx(2 / 5)
    assert page.recall == pytest.approx(2 / 4)
    assert page.f1 == pytest.approx(2 * 0.4 * 0.5 / 0.9)


def test_repeats_count_up_to_the_smaller_count():
    page = score_words("go go", "go go go go")
    assert page.precision == 0.5 and page.recall == 1.0


def test_no_common_word_scores_zero():
    page = score_words("alpha beta", "gamma delta")
    assert (page.precision, page.recall, page.f1) == (0.0, 0.0, 0.0)
    assert not page.missed


def test_empty_truth_scores_one_only_for_an_empty_prediction():
    assert score_words("", " ... ") == BagScore(1.0, 1.0, 1.0, True, True)
    assert score_words("  ", "some words") == BagScore(0.0, 0.0, 0.0, True, False)


def test_empty_prediction_of_a_real_truth_scores_zero_and_is_missed():
    page = score_words("real text", "!!")
    assert (page.precision, page.recall, page.f1) == (0.0, 0.0, 0.0)
    assert page.missed and page.prediction_empty


def test_set_figures_are_plain_means_over_pages():
    pages = [score_words("a b", "a b"), score_words("a b", ""), score_words("a b c d", "a b")]
    total = mean_scores(pages)
    assert total.precision == pytest.approx((1 + 0 + 1) / 3)
    assert total.recall == pytest.approx((1 + 0 + 0.5) / 3)
    assert total.f1 == pytest.approx((1 + 0 + 2 / 3) / 3)  # the mean of F1s, not the F1 of the means
    assert (total.pages, total.empty, total.missed) == (3, 1, 1)
    assert total.f1_error > 0 and "empty 1 (1 with truth)/3" in total.line()
    assert mean_scores([]).f1 == 0.0


def test_split_by_id():
    assert [part_of(i) for i in ("0001", "0002", "0003", "1500")] == ["tune", "tune", "check", "check"]


def _rows(f1s: dict[tuple[str, str], float]) -> list[Row]:
    return [Row(page_id, kind, part_of(page_id), BagScore(f1, f1, f1, False, f1 == 0))
            for (page_id, kind), f1 in f1s.items()]


def test_report_per_part_and_kind_with_the_better_reference():
    mine = _rows({("0001", "article"): 1.0, ("0002", "forum"): 0.0, ("0003", "forum"): 0.5})
    plain = _rows({("0001", "article"): 0.8, ("0002", "forum"): 0.6, ("0003", "forum"): 0.4})
    strict = _rows({("0001", "article"): 0.9, ("0002", "forum"): 0.6, ("0003", "forum"): 0.1})
    results = {"mine": mine, "plain": plain, "strict": strict}
    assert best_of(results, ("plain", "strict"), "tune") == "strict"
    assert best_of(results, ("plain", "strict"), "check") == "plain"
    assert figures(mine, "tune", "forum").f1 == 0.0 and figures(mine, "all").f1 == pytest.approx(0.5)
    lines = report("set", results, reference=("plain", "strict"), compared=("mine",))
    text = "\n".join(lines)
    assert "set tune (2 pages)" in text and "set check (1 pages)" in text and "set all (3 pages)" in text
    tune_delta = next(line for line in lines if line.strip().startswith("mine - best"))
    assert "-0.250" in tune_delta  # tune: mine 0.5, strict 0.75
    assert "article" in text and "forum" in text and "1(1)" in text


def test_page_type_accuracy_only_when_detected():
    assert page_type_lines("x", [("article", "tune", None)]) == []
    lines = page_type_lines("x", [("article", "tune", "article"), ("forum", "tune", "article"),
                                  ("forum", "check", "forum")])
    assert "tune   50.0% (1/2)" in lines[1] and "forum 0%" in lines[1]
    assert "check  100.0% (1/1)" in lines[2] and "all    66.7% (2/3)" in lines[3]
