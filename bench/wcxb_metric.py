"""The metric of the Web Content Extraction Benchmark (WCXB, CC-BY-4.0, Murrough Foley), as
../shared/bench/README.md states it.

Per page: tokens are the matches of ``\\w+`` in the lowercased text, counted as a bag (multiset); precision =
|prediction ∩ truth| / |prediction|, recall = |prediction ∩ truth| / |truth|, F1 from them. An empty truth scores
1 for an empty prediction and 0 otherwise; an empty prediction (of a non-empty truth) scores 0. Over a set: the
plain mean of the per-page precision, recall and F1 (every page weighs the same).

Used by bench/quality.py and bench/text_quality.py. Pure Python, no I/O.
"""
from __future__ import annotations

import math
import re
import statistics
from collections import Counter
from dataclasses import dataclass
from typing import Iterable

WORD_RE = re.compile(r"\w+")


def words(text: str | None) -> Counter[str]:
    """The bag of ``\\w+`` tokens of the lowercased text."""
    return Counter(WORD_RE.findall((text or "").lower()))


@dataclass(frozen=True)
class BagScore:
    """One page's word-bag precision, recall and F1, and whether either side was empty."""

    precision: float
    recall: float
    f1: float
    truth_empty: bool
    prediction_empty: bool

    @property
    def missed(self) -> bool:
        """The prediction is empty although the truth has words."""
        return self.prediction_empty and not self.truth_empty


def score_bags(truth: Counter[str], prediction: Counter[str]) -> BagScore:
    """Score two bags of words (see the module docstring for the empty cases)."""
    truth_empty, prediction_empty = not truth, not prediction
    if truth_empty or prediction_empty:
        value = 1.0 if truth_empty and prediction_empty else 0.0
        return BagScore(value, value, value, truth_empty, prediction_empty)
    common = sum((truth & prediction).values())
    precision = common / sum(prediction.values())
    recall = common / sum(truth.values())
    f1 = 2 * precision * recall / (precision + recall) if common else 0.0
    return BagScore(precision, recall, f1, False, False)


def score_words(truth: str, prediction: str) -> BagScore:
    """Score one page's predicted text against its truth text."""
    return score_bags(words(truth), words(prediction))


@dataclass(frozen=True)
class BagSetScore:
    """Means over pages; ``f1_error`` is the standard error of the mean F1 (its spread over resamples of the
    pages); ``empty`` counts empty predictions and ``missed`` those whose truth has words."""

    precision: float
    recall: float
    f1: float
    f1_error: float
    pages: int
    empty: int
    missed: int

    def line(self) -> str:
        return (f"P {self.precision:.3f}  R {self.recall:.3f}  F1 {self.f1:.3f} ±{self.f1_error:.3f}  "
                f"empty {self.empty} ({self.missed} with truth)/{self.pages}")


def mean_scores(scores: Iterable[BagScore]) -> BagSetScore:
    """The set figures: mean per-page P, R and F1 (zeros for no pages)."""
    pages = list(scores)
    if not pages:
        return BagSetScore(precision=0.0, recall=0.0, f1=0.0, f1_error=0.0, pages=0, empty=0, missed=0)
    f1s = [s.f1 for s in pages]
    error = statistics.pstdev(f1s) / math.sqrt(len(f1s)) if len(f1s) > 1 else 0.0
    return BagSetScore(precision=statistics.fmean(s.precision for s in pages),
                       recall=statistics.fmean(s.recall for s in pages), f1=statistics.fmean(f1s), f1_error=error,
                       pages=len(pages), empty=sum(s.prediction_empty for s in pages),
                       missed=sum(s.missed for s in pages))
