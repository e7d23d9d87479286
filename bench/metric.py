"""The Article Extraction Benchmark metric, exactly as ../shared/bench/README.md states it.

Per page: tokens are the matches of ``\\w+`` (Unicode); shingles are runs of 4 consecutive tokens, counted as a
multiset (a text of 1-3 tokens is one shingle, an empty text has none); tp/fp/fn are the multiset overlaps,
normalised so that every page weighs the same. Per set: precision and recall are means of page figures over the
pages where they are defined, F1 is their harmonic mean, accuracy is the share of exact token matches, and the
F1 spread comes from a bootstrap over pages.

Used by bench/quality.py and bench/text_quality.py (``from metric import score_page, score_set`` when run as a
script from bench/). Pure Python, no I/O.
"""
from __future__ import annotations

import random
import re
import statistics
from collections import Counter
from dataclasses import dataclass
from typing import Sequence

TOKEN_RE = re.compile(r"\w+")
#: shingle length fixed by the benchmark's published metric
SHINGLE_SIZE = 4
#: number of bootstrap resamples, as the benchmark README asks
BOOTSTRAP_RESAMPLES = 1000
#: fixed seed so that two runs on the same predictions print the same spread
BOOTSTRAP_SEED = 20240917


def tokenize(text: str) -> list[str]:
    """Every match of ``\\w+`` in order (``re`` patterns on str are Unicode-aware)."""
    return TOKEN_RE.findall(text or "")


def shingles(tokens: Sequence[str], size: int = SHINGLE_SIZE) -> Counter[tuple[str, ...]]:
    """Multiset of runs of ``size`` consecutive tokens; a shorter non-empty text is one shingle."""
    if not tokens:
        return Counter()
    if len(tokens) < size:
        return Counter([tuple(tokens)])
    return Counter(tuple(tokens[i:i + size]) for i in range(len(tokens) - size + 1))


@dataclass(frozen=True)
class PageScore:
    """Normalised tp/fp/fn of one page (they sum to 1 unless all are 0), plus facts used in reports."""

    tp: float
    fp: float
    fn: float
    exact: bool
    truth_empty: bool
    prediction_empty: bool

    @property
    def precision(self) -> float:
        if self.fp == 0 and self.fn == 0:
            return 1.0
        if self.tp == 0 and self.fp == 0:
            return 0.0
        return self.tp / (self.tp + self.fp)

    @property
    def recall(self) -> float:
        if self.fp == 0 and self.fn == 0:
            return 1.0
        if self.tp == 0 and self.fn == 0:
            return 0.0
        return self.tp / (self.tp + self.fn)

    @property
    def has_precision(self) -> bool:
        """Counts towards the set precision (the README: pages with tp + fp > 0)."""
        return self.tp + self.fp > 0

    @property
    def has_recall(self) -> bool:
        """Counts towards the set recall (pages with tp + fn > 0)."""
        return self.tp + self.fn > 0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def missed(self) -> bool:
        """The prediction is empty although the truth has text."""
        return self.prediction_empty and not self.truth_empty


def score_page(truth: str, prediction: str) -> PageScore:
    """Score one prediction against its truth."""
    truth_tokens, pred_tokens = tokenize(truth), tokenize(prediction)
    truth_sh, pred_sh = shingles(truth_tokens), shingles(pred_tokens)
    tp = sum((truth_sh & pred_sh).values())
    fp = sum((pred_sh - truth_sh).values())
    fn = sum((truth_sh - pred_sh).values())
    total = tp + fp + fn
    if total:
        tp, fp, fn = tp / total, fp / total, fn / total
    return PageScore(tp=tp, fp=fp, fn=fn, exact=truth_tokens == pred_tokens,
                     truth_empty=not truth_tokens, prediction_empty=not pred_tokens)


@dataclass(frozen=True)
class SetScore:
    """Figures over a set of pages. ``f1_spread`` is the standard deviation of the bootstrap F1s."""

    precision: float
    recall: float
    f1: float
    accuracy: float
    f1_spread: float
    pages: int
    missed: int

    def line(self) -> str:
        return (f"P {self.precision:.3f}  R {self.recall:.3f}  F1 {self.f1:.3f} ±{self.f1_spread:.3f}  "
                f"acc {self.accuracy:.3f}  empty {self.missed}/{self.pages}")


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def set_prf(pages: Sequence[PageScore]) -> tuple[float, float, float]:
    """Set precision, recall and F1 (means over eligible pages, then the harmonic mean)."""
    precision = _mean([p.precision for p in pages if p.has_precision])
    recall = _mean([p.recall for p in pages if p.has_recall])
    return precision, recall, _f1(precision, recall)


def bootstrap_f1_spread(pages: Sequence[PageScore], *, resamples: int = BOOTSTRAP_RESAMPLES,
                        seed: int = BOOTSTRAP_SEED) -> float:
    """Standard deviation of the set F1 over ``resamples`` resamples of the pages (with replacement)."""
    if len(pages) < 2 or resamples < 1:
        return 0.0
    rng = random.Random(seed)
    n = len(pages)
    f1s = [set_prf([pages[rng.randrange(n)] for _ in range(n)])[2] for _ in range(resamples)]
    return statistics.pstdev(f1s)


def score_set(pages: Sequence[PageScore], *, resamples: int = BOOTSTRAP_RESAMPLES,
              seed: int = BOOTSTRAP_SEED) -> SetScore:
    """Aggregate page scores into the set figures of the benchmark README."""
    precision, recall, f1 = set_prf(pages)
    return SetScore(precision=precision, recall=recall, f1=f1,
                    accuracy=_mean([1.0 if p.exact else 0.0 for p in pages]),
                    f1_spread=bootstrap_f1_spread(pages, resamples=resamples, seed=seed),
                    pages=len(pages), missed=sum(p.missed for p in pages))
