#!/usr/bin/env python
"""Train the learned block scorer (cleaner/html/scorer.py) and rebuild its models in cleaner/data/.

    pip install -e '.[train]'
    python bench/train_scorer.py train                 # rebuild cleaner/data/scorer-*.json (bit for bit)
    python bench/train_scorer.py cv                    # cross-validation over the training pages, by site
    python bench/train_scorer.py cv --view solo        # the model without trafilatura (fast)
    python bench/train_scorer.py folds                 # one pair of models per fold, for quality.py --cross-validated

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
from scorer_folds import FOLDS, FOLDS_DIR, fold_folder, fold_of_site  # noqa: E402
from scorer_fit import (LABEL_MIN_SHARE, TreeParams, block_shares, export_trees, fit_trees, matrix, page_f1,  # noqa: E402
                        rows_of, vocabulary)  # noqa: E402

from cleaner.html.scorer import (LINK_RULE, MAX_LINK_FRAGMENT, MAX_NAMED_LENGTH, NAMED_FOR_GOOD,  # noqa: E402
                                 REMOVED_BY_SETTING)
from cleaner.html.scorer_features import NUMERIC_NAMES  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "bench"
DEFAULT_CACHE = ROOT / "out" / "scorer-cache"
DEFAULT_OUT = ROOT / "cleaner" / "data"
SETS = ("aeb-dev", "readability", "wcxb-dev")
VIEWS = ("assisted", "solo")
#: The shipped decision policy per view and preset, (low, high) (see cleaner.html.scorer.ScorerModel), and
#: for pages detected as articles ("preset/article"): there the rules, written on news articles, are revised
#: only with a margin. Chosen by ``cv`` on the training pages for balanced and fast (README, benchmark
#: section): the margin on articles moved aeb-dev from 0.972 to 0.976 and readability from 0.976 to 0.976
#: for 0.0002 of wcxb-dev tune. precision and recall keep the same shape, shifted, without a search of their own.
#: Pages of cards (collections, listings): their content is many short card texts, each scored lower than a
#: paragraph of prose, so a lower bar keeps them. Chosen by ``cv`` (out-of-fold scores, per detected kind of
#: page): balanced (0.2, 0.2) against (0.25, 0.35) moved collection pages of the training part from 0.623 to
#: 0.642 and listings from 0.733 to 0.762 (solo view, fast: 0.640 to 0.662 and 0.724 to 0.781); no other kind
#: gained more than 0.005 from a pair of its own. precision and recall are shifted as for other pages.
CARD_PAGES = ("collection", "listing")
CARD_POLICY = {"balanced": (0.2, 0.2), "fast": (0.2, 0.2), "precision": (0.2, 0.3), "recall": (0.15, 0.15)}


def _for_cards(*presets: str) -> dict[str, tuple[float, float]]:
    """CARD_POLICY's pairs of the presets, keyed "preset/kind" for every kind of CARD_PAGES."""
    return {f"{preset}/{kind}": CARD_POLICY[preset] for kind in CARD_PAGES for preset in presets}


SHIPPED_POLICIES = {
    "assisted": {"balanced": (0.25, 0.35), "balanced/article": (0.3, 0.6), "precision": (0.3, 0.5),
                 "precision/article": (0.4, 0.7), "recall": (0.2, 0.3), "recall/article": (0.25, 0.5),
                 **_for_cards("balanced", "precision", "recall")},
    "solo": {"balanced": (0.25, 0.35), "balanced/article": (0.3, 0.6), "fast": (0.25, 0.35),
             "fast/article": (0.3, 0.6), "precision": (0.3, 0.5), "precision/article": (0.4, 0.7),
             "recall": (0.2, 0.3), "recall/article": (0.25, 0.5), **_for_cards(*CARD_POLICY)},
}
#: Decision policies compared: (low, high) = keep a block scored >= high, or kept by the rules and >= low.
POLICIES = ((0.15, 0.15), (0.2, 0.2), (0.25, 0.25), (0.3, 0.3), (0.35, 0.35), (0.4, 0.4), (0.5, 0.5), (0.2, 0.3),
            (0.2, 0.4), (0.25, 0.35), (0.3, 0.4), (0.1, 0.3), (0.2, 0.5), (0.3, 0.6), (0.0, 0.3), (0.0, 0.4),
            (0.0, 0.5), (0.1, 0.4), (0.1, 0.5), (0.15, 0.45), (0.2, 0.45), (0.25, 0.5), (0.25, 0.45))
RULES = NUMERIC_NAMES.index("rules_keep")
STRONG = NUMERIC_NAMES.index("strong")
LENGTH = NUMERIC_NAMES.index("log_length")
FOR_GOOD_KEYS = frozenset(f"verdict_label:{label.value}" for label in NAMED_FOR_GOOD)
#: Rules whose removals the scorer leaves alone with the default settings (cleaner.html.scorer.REMOVED_BY_SETTING)
LEFT_TO_THE_RULES = frozenset(f"rule:{rule}" for rule in REMOVED_BY_SETTING - {"caption"})
TRAFILATURA = NUMERIC_NAMES.index("by_trafilatura")


def is_training(page: PageRows) -> bool:
    return page.part != "check"


def group_of(page: PageRows) -> str:
    """Where a page's figures are reported: its set, and for wcxb-dev its part and kind."""
    return f"{page.set_name} {page.part}" if page.set_name == "wcxb-dev" else page.set_name


def fold_of(pages: Sequence[PageRows], folds: int) -> list[int]:
    """Pages grouped by site, the sites dealt to folds in order of a stable hash (no page's site is split)."""
    return [fold_of_site(page.site, folds) for page in pages]


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
    """Keep a block the model scores at least ``high``, or the rules keep and it scores at least ``low``; a
    block the scorer leaves to the rules (``named_outright``) as the rules decide."""
    result = []
    for ps, rules, fixeds in zip(probabilities, rules_keeps(pages, view), named_outright(pages, view)):
        keeps = [rule if fixed else p >= high or (rule and p >= low) for p, rule, fixed in zip(ps, rules, fixeds)]
        result.append(keeps if any(keeps) else rules)  # the scorer keeps nothing: the rules stand
    return result


def page_type_of(page: PageRows) -> str:
    """The kind of page the pipeline detected (a categorical signal of every row)."""
    return next((key.partition(":")[2] for key in page.solo.keys if key.startswith("page_type:")), "")


def shipped_keeps(pages: Sequence[PageRows], view: str, probabilities: Sequence[Sequence[float]],
                  preset: str = "balanced") -> list[list[bool]]:
    """The decisions of SHIPPED_POLICIES: each page at the pair of its kind of page, or of the preset."""
    policies = SHIPPED_POLICIES["solo" if view == "solo" else "assisted"]
    result = []
    for n, page in enumerate(pages):
        low, high = policies.get(f"{preset}/{page_type_of(page)}") or policies[preset]
        result.append(policy_keeps([page], view, [probabilities[n]], low, high)[0])
    return result


def named_outright(pages: Sequence[PageRows], view: str) -> list[list[bool]]:
    """Per block, whether the scorer leaves the rules' removal alone (cleaner.html.scorer._named_outright and
    _chosen_setting): a block removed with a strong verdict that is short or names comments or a sponsor, a
    short one removed as all links, or one removed by a rule of REMOVED_BY_SETTING (captions aside: with the
    default settings they are kept)."""
    import numpy as np

    result = []
    for page in pages:
        rows = rows_of(page, view)
        if not len(rows):
            result.append([])
            continue
        numeric = rows.numeric
        named = np.asarray([key.startswith("verdict_label:") and key != "verdict_label:none" for key in rows.keys]
                           + [False], dtype=bool)
        for_good = np.asarray([key in FOR_GOOD_KEYS for key in rows.keys] + [False], dtype=bool)
        owner = np.repeat(np.arange(len(rows)), np.diff(rows.offsets))
        has_label = np.zeros(len(rows), dtype=bool)
        has_label[owner[named[rows.key_ids]]] = True
        good = np.zeros(len(rows), dtype=bool)
        good[owner[for_good[rows.key_ids]]] = True
        short = np.expm1(numeric[:, LENGTH]) < MAX_NAMED_LENGTH - 0.5
        by_setting = np.asarray([key in LEFT_TO_THE_RULES for key in rows.keys] + [False], dtype=bool)
        chosen = np.zeros(len(rows), dtype=bool)
        chosen[owner[by_setting[rows.key_ids]]] = True
        by_links = np.asarray([key == f"rule:{LINK_RULE}" for key in rows.keys] + [False], dtype=bool)
        fragment = np.zeros(len(rows), dtype=bool)
        fragment[owner[by_links[rows.key_ids]]] = True
        fragment &= np.expm1(numeric[:, LENGTH]) < MAX_LINK_FRAGMENT - 0.5
        fixed = (numeric[:, RULES] < 0.5) & ((numeric[:, STRONG] >= 0.5) & has_label & (short | good) | fragment
                                              | chosen)
        result.append(fixed.tolist())
    return result


def policy_table(pages: Sequence[PageRows], view: str, probabilities: Sequence[Sequence[float]]) -> None:
    rows = {"rules": score_pages(pages, rules_keeps(pages, view)), "balanced": score_pages(pages, balanced_keeps(pages)),
            "trafilatura": score_pages(pages, column_keeps(pages, "assisted", TRAFILATURA)),
            "oracle": score_pages(pages, [[share >= LABEL_MIN_SHARE for share in block_shares(page)] for page in pages])}
    for low, high in POLICIES:
        rows[f"low {low} high {high}"] = score_pages(pages, policy_keeps(pages, view, probabilities, low, high))
    rows["shipped policy"] = score_pages(pages, shipped_keeps(pages, view, probabilities))
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
    features, labels, weights, owners = matrix(pages, view, vocabulary(pages, view), params.set_weight)
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
    exported, model, vocab = fit_model(train_pages, view, params)
    check = [p for p in pages if not is_training(p)]
    if check:
        test, _, _, owners = matrix(check, view, vocab)
        predicted = model.predict_proba(test)[:, 1]
        probabilities = [predicted[owners == n].tolist() for n in range(len(check))]
        print(f"check part ({len(check)} pages), view {view}, model fitted on {len(train_pages)} pages")
        policy_table(check, view, probabilities)
    return exported


def fit_model(train_pages: Sequence[PageRows], view: str, params: TreeParams) -> tuple[dict, object, dict]:
    """The model of a view fitted on the pages: as exported to JSON, as fitted, and its vocabulary."""
    vocab = vocabulary(train_pages, view)
    features, labels, weights, _ = matrix(train_pages, view, vocab, params.set_weight)
    model = fit_trees(features, labels, weights, params)
    exported = export_trees(model, vocab)
    exported["view"] = view
    exported["thresholds"] = SHIPPED_POLICIES[view]
    exported["params"] = vars(params)
    exported["trained_on"] = f"{len(train_pages)} pages, {len(labels)} blocks"
    return exported, model, vocab


def train_folds(pages: Sequence[PageRows], views: Sequence[str], params: TreeParams, folds: int,
                out: Path) -> None:
    """Per fold, the models fitted on the training pages of the other folds (``bench/scorer_folds.py``)."""
    train_pages = [p for p in pages if is_training(p)]
    fold = fold_of(train_pages, folds)
    for k in range(folds):
        others = [page for page, f in zip(train_pages, fold) if f != k]
        for view in views:
            write_model(fit_model(others, view, params)[0], fold_folder(k, out) / f"scorer-{view}.json")
        print(f"fold {k}: models fitted on {len(others)} pages, for the {len(train_pages) - len(others)} others")


def write_model(exported: dict, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(exported, separators=(",", ":"), sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {path} ({path.stat().st_size // 1024} KB)")


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=("cv", "train", "folds"))
    parser.add_argument("data", nargs="?", type=Path, default=DEFAULT_DATA, help="benchmark folder")
    parser.add_argument("--sets", default=",".join(SETS))
    parser.add_argument("--view", choices=(*VIEWS, "both"), default="both")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--out", type=Path, default=None,
                        help=f"folder of the model files (train: {DEFAULT_OUT}; folds: {FOLDS_DIR})")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--folds", type=int, default=FOLDS)
    parser.add_argument("--trees", type=int, default=TreeParams.trees)
    parser.add_argument("--depth", type=int, default=TreeParams.depth)
    parser.add_argument("--learning-rate", type=float, default=TreeParams.learning_rate)
    parser.add_argument("--min-leaf", type=int, default=TreeParams.min_leaf)
    parser.add_argument("--set-weight", type=float, default=TreeParams.set_weight,
                        help="weight of an aeb-dev or readability page against a wcxb-dev page")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    start = time.time()
    pages = collect(args.data, [s for s in args.sets.split(",") if s], args.cache, args.jobs)
    print(f"{len(pages)} pages in {time.time() - start:.0f}s")
    params = TreeParams(args.trees, args.depth, args.learning_rate, args.min_leaf, set_weight=args.set_weight)
    views = VIEWS if args.view == "both" else (args.view,)
    if args.command == "cv":
        cross_validate(pages, views, params, args.folds)
        return 0
    if args.command == "folds":
        train_folds(pages, views, params, args.folds, args.out or FOLDS_DIR)
        return 0
    for view in views:
        write_model(train(pages, view, params), (args.out or DEFAULT_OUT) / f"scorer-{view}.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
