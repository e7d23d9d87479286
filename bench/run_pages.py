"""Run every system on every page of a set, in worker processes, reading the baselines from the disk cache
(bench/prediction_cache.py) where they were computed before, and score each page with its set's metric: the
WCXB word-bag metric on wcxb-dev, the shingle metric of the Article Extraction Benchmark elsewhere."""
from __future__ import annotations

import multiprocessing
import sys
from dataclasses import dataclass
from typing import Sequence

from datasets import WCXB, Page
from metric import PageScore, score_page
from prediction_cache import PredictionCache
from systems import Prediction, predict_all, warm_up
from wcxb_metric import BagScore, score_words


@dataclass(frozen=True)
class Scored:
    """One system's prediction on one page with its score (a BagScore on wcxb-dev, else a PageScore)."""

    page: Page
    prediction: Prediction
    score: PageScore | BagScore


def score_for(page: Page, text: str) -> PageScore | BagScore:
    """The page's score under its set's metric."""
    return score_words(page.truth, text) if page.set_name == WCXB else score_page(page.truth, text)


def _progress(set_name: str, done: int, total: int) -> None:
    if sys.stderr.isatty():
        end = "\n" if done == total else ""
        sys.stderr.write(f"\r{set_name}: {done}/{total} pages{end}")
        sys.stderr.flush()


def _compute(tasks: list[tuple[Page, tuple[str, ...], bool]], jobs: int, set_name: str) -> list[tuple]:
    """predict_all over the tasks, in order; in ``jobs`` processes when more than one."""
    if not tasks:
        return []
    names = tuple(dict.fromkeys(n for _, task_names, _ in tasks for n in task_names))
    outputs = []
    if jobs <= 1:
        warm_up(tasks[0][0], names)
        for done, output in enumerate(map(predict_all, tasks), 1):
            outputs.append(output)
            _progress(set_name, done, len(tasks))
        return outputs
    with multiprocessing.Pool(jobs, initializer=warm_up, initargs=(tasks[0][0], names)) as pool:
        for done, output in enumerate(pool.imap(predict_all, tasks), 1):
            outputs.append(output)
            _progress(set_name, done, len(tasks))
    return outputs


def run_set(pages: Sequence[Page], names: tuple[str, ...], jobs: int, want_metadata: bool,
            cache: PredictionCache | None = None) -> list[list[Scored]]:
    """Every system on every page; returns, per system, its scored pages in page order."""
    known: dict[tuple[int, str], Prediction] = {}
    if cache is not None:
        for index, page in enumerate(pages):
            for name in filter(cache.cacheable, names):
                hit = cache.get(name, page, want_metadata)
                if hit is not None:
                    known[index, name] = hit
    todo = [(index, tuple(n for n in names if (index, n) not in known)) for index in range(len(pages))]
    todo = [(index, missing) for index, missing in todo if missing]
    outputs = _compute([(pages[i], missing, want_metadata) for i, missing in todo], jobs,
                       pages[0].set_name if pages else "")
    for (index, missing), predictions in zip(todo, outputs):
        for name, prediction in zip(missing, predictions):
            known[index, name] = prediction
            if cache is not None:
                cache.put(name, pages[index], prediction)
    if cache is not None:
        cache.save()
    return [[Scored(page, known[i, name], score_for(page, known[i, name].text)) for i, page in enumerate(pages)]
            for name in names]
