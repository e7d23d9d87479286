#!/usr/bin/env python
"""Train the learned block scorer (cleaner/html/scorer.py) and rebuild its models in cleaner/data/.

    pip install -e '.[train]'
    python bench/train_scorer.py train                 # rebuild cleaner/data/scorer-*.json (bit for bit)
    python bench/train_scorer.py cv                    # cross-validation over the training pages, by site
    python bench/train_scorer.py cv --view solo        # the model without trafilatura (fast)

Training pages: the *tune* part of wcxb-dev and all of aeb-dev and readability. The *check* part is only
scored, to decide whether a model is kept (``train`` prints it beside the rules; ``cv`` never reads it).
Each block's target is whether most of its words are words of the truth (bench/scorer_fit.py). Two models:
``assisted`` reads trafilatura's selection (balanced, precision and recall, on pages where trafilatura is
asked) and ``solo`` does not (fast, and balanced on pages where trafilatura is not asked).

The pages' raw signals are cached in out/scorer-cache/ (bench/scorer_data.py), keyed by the package's
source, so a rerun after a change of the trees' settings takes seconds.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
import zlib
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
sys.path.insert(1, str(ROOT))

from scorer_data import PageRows, collect, source_digest  # noqa: E402
from scorer_fit import (LABEL_MIN_SHARE, TreeParams, block_shares, export_trees, fit_trees, matrix, page_f1,  # noqa: E402
                        rows_of, vocabulary)  # noqa: E402

from cleaner.html.scorer_features import NUMERIC_NAMES  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "bench"
DEFAULT_CACHE = ROOT / "out" / "scorer-cache"
DEFAULT_OUT = ROOT / "cleaner" / "data"
SETS = ("aeb-dev", "readability", "wcxb-dev")
VIEWS = ("assisted", "solo")
FOLDS = 5
#: The shipped decision policy per view and preset, (low, high) (see cleaner.html.scorer.ScorerModel), chosen
#: by ``cv`` on the training pages (see the README's benchmark section for the figures).
SHIPPED_POLICIES = {
    "assisted": {"balanced": (0.35, 0.35), "precision": (0.3, 0.5), "recall": (0.25, 0.25)},
    "solo": {"balanced": (0.35, 0.35), "fast": (0.35, 0.35), "precision": (0.3, 0.5), "recall": (0.25, 0.25)},
}
#: Decision policies compared: (low, high) = keep a block scored >= high, or kept by the rules and >= low.
POLICIES = ((0.15, 0.15), (0.2, 0.2), (0.25, 0.25), (0.3, 0.3), (0.35, 0.35), (0.4, 0.4), (0.5, 0.5), (0.2, 0.3),
            (0.2, 0.4), (0.25, 0.35), (0.3, 0.4), (0.1, 0.3), (0.2, 0.5), (0.3, 0.6))
RULES = NUMERIC_NAMES.index("rules_keep")
TRAFILATURA = NUMERIC_NAMES.index("by_trafilatura")


def is_training(page: PageRows) -> bool:
    return page.part != "check"


def group_of(page: PageRows) -> str:
    """Where a page's figures are reported: its set, and for wcxb-dev its part and kind."""
    return f"{page.set_name} {page.part}" if page.set_name == "wcxb-dev" else page.set_name


def fold_of(pages: Sequence[PageRows], folds: int) -> list[int]:
    """Pages grouped by site, the sites dealt to folds in order of a stable hash (no page's site is split)."""
    return [zlib.crc32(page.site.encode()) % folds for page in pages]


def score_pages(pages: Sequence[PageRows], keeps: Sequence[Sequence[bool]]) -> dict[str, float]:
    """Mean page F1 per group (set, wcxb-dev part) and per wcxb-dev kind of page."""
    found: dict[str, list[float]] = defaultdict(list)
    for page, keep in zip(pages, keeps):
        f1 = page_f1(Counter(page.truth), page.words, keep)
        found[group_of(page)].append(f1)
        if page.set_name == "wcxb-dev":
            found[page.kind[:7]].append(f1)
    return {name: statistics.fmean(values) for name, values in found.items()}


def print_table(rows: dict[str, dict[str, float]]) -> None:
    """One line per policy, one column per group (the sets first, then the kinds of page)."""
    groups = sorted(next(iter(rows.values())), key=lambda g: (" " not in g and g not in SETS, g))
    print(f"{'':<22}" + "".join(f"{g[-12:]:>13}" for g in groups))
    for name, figures in rows.items():
        print(f"{name:<22}" + "".join(f"{figures.get(g, float('nan')):>13.4f}" for g in groups))


def policy_keeps(pages: Sequence[PageRows], view: str, probabilities: Sequence[Sequence[float]],
                 low: float, high: float) -> list[list[bool]]:
    """Keep a block the model scores at least ``high``, or the rules keep and it scores at least ``low``."""
    return [[p >= high or (rule and p >= low) for p, rule in zip(ps, rules)]
            for ps, rules in zip(probabilities, rules_keeps(pages, view))]


def policy_table(pages: Sequence[PageRows], view: str, probabilities: Sequence[Sequence[float]]) -> None:
    rows = {"rules": score_pages(pages, rules_keeps(pages, view)), "balanced": score_pages(pages, balanced_keeps(pages)),
            "trafilatura": score_pages(pages, column_keeps(pages, "assisted", TRAFILATURA)),
            "oracle": score_pages(pages, [[share >= LABEL_MIN_SHARE for share in block_shares(page)] for page in pages])}
    for low, high in POLICIES:
        rows[f"low {low} high {high}"] = score_pages(pages, policy_keeps(pages, view, probabilities, low, high))
    print_table(rows)


def column_keeps(pages: Sequence[PageRows], view: str, column: int) -> list[list[bool]]:
    return [(rows_of(page, view).numeric[:, column] >= 0.5).tolist() if len(rows_of(page, view)) else []
            for page in pages]


def rules_keeps(pages: Sequence[PageRows], view: str) -> list[list[bool]]:
    return column_keeps(pages, view, RULES)


def balanced_keeps(pages: Sequence[PageRows]) -> list[list[bool]]:
    """Today's balanced: the rules without trafilatura where our extractor is confident, with it elsewhere."""
    return column_keeps(pages, "gated", RULES)


def out_of_fold(pages: Sequence[PageRows], view: str, params: TreeParams, folds: int) -> list[list[float]]:
    """Each training page's block probabilities from a model fitted on the other folds (folds by site). The
    vocabulary, which reads no label, is built once from all the pages."""
    import numpy as np

    fold = fold_of(pages, folds)
    features, labels, weights, owners = matrix(pages, view, vocabulary(pages, view))
    row_fold = np.asarray([fold[o] for o in owners])
    predicted = np.zeros(len(labels))
    for k in range(folds):
        model = fit_trees(features[row_fold != k], labels[row_fold != k], weights[row_fold != k], params)
        predicted[row_fold == k] = model.predict_proba(features[row_fold == k])[:, 1]
    bounds = np.searchsorted(owners, np.arange(len(pages) + 1))
    return [predicted[bounds[n]:bounds[n + 1]].tolist() for n in range(len(pages))]


def cross_validate(pages: Sequence[PageRows], views: Sequence[str], params: TreeParams, folds: int) -> None:
    """Out-of-fold figures per view, and with both views the gate balanced uses: ``solo`` where our extractor
    is confident (trafilatura not asked), ``assisted`` elsewhere."""
    train = [p for p in pages if is_training(p)]
    found = {}
    for view in views:
        saved = DEFAULT_CACHE / f"oof-{view}-{source_digest()}-{zlib.crc32(repr((params, folds)).encode())}.json"
        if saved.exists():
            found[view] = json.loads(saved.read_text())
        else:
            found[view] = out_of_fold(train, view, params, folds)
            saved.write_text(json.dumps(found[view]))
        print(f"cross-validated over {len(train)} training pages, {folds} folds by site, view {view}")
        policy_table(train, view, found[view])
    if len(views) == 2:
        gated = [found["solo"][n] if page.confident else found["assisted"][n] for n, page in enumerate(train)]
        print("gated: solo where our extractor is confident, assisted elsewhere")
        policy_table(train, "gated", gated)


def train(pages: Sequence[PageRows], view: str, params: TreeParams) -> dict:
    """Fit one model on all training pages; print the check figures (read only to decide)."""
    train_pages = [p for p in pages if is_training(p)]
    vocab = vocabulary(train_pages, view)
    features, labels, weights, _ = matrix(train_pages, view, vocab)
    model = fit_trees(features, labels, weights, params)
    exported = export_trees(model, vocab)
    check = [p for p in pages if not is_training(p)]
    if check:
        test, _, _, owners = matrix(check, view, vocab)
        predicted = model.predict_proba(test)[:, 1]
        probabilities = [predicted[owners == n].tolist() for n in range(len(check))]
        print(f"check part ({len(check)} pages), view {view}, model fitted on {len(train_pages)} pages")
        policy_table(check, view, probabilities)
    exported["view"] = view
    exported["thresholds"] = SHIPPED_POLICIES[view]
    exported["params"] = vars(params)
    exported["trained_on"] = f"{len(train_pages)} pages, {len(labels)} blocks"
    return exported


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=("cv", "train"))
    parser.add_argument("data", nargs="?", type=Path, default=DEFAULT_DATA, help="benchmark folder")
    parser.add_argument("--sets", default=",".join(SETS))
    parser.add_argument("--view", choices=(*VIEWS, "both"), default="both")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="train: folder of the model files")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--folds", type=int, default=FOLDS)
    parser.add_argument("--trees", type=int, default=TreeParams.trees)
    parser.add_argument("--depth", type=int, default=TreeParams.depth)
    parser.add_argument("--learning-rate", type=float, default=TreeParams.learning_rate)
    parser.add_argument("--min-leaf", type=int, default=TreeParams.min_leaf)
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    start = time.time()
    pages = collect(args.data, [s for s in args.sets.split(",") if s], args.cache, args.jobs)
    print(f"{len(pages)} pages in {time.time() - start:.0f}s")
    params = TreeParams(args.trees, args.depth, args.learning_rate, args.min_leaf)
    views = VIEWS if args.view == "both" else (args.view,)
    if args.command == "cv":
        cross_validate(pages, views, params, args.folds)
        return 0
    for view in views:
        exported = train(pages, view, params)
        args.out.mkdir(parents=True, exist_ok=True)
        path = args.out / f"scorer-{view}.json"
        path.write_text(json.dumps(exported, separators=(",", ":"), sort_keys=True) + "\n", encoding="utf-8")
        print(f"wrote {path} ({path.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
