"""Fitting the learned block scorer: labels from the truth, the vocabularies, the matrix, the gradient-boosted
trees (scikit-learn, the ``train`` extra), their export to the JSON the package reads (cleaner.html.scorer),
and the page F1 a set of decisions would score (the WCXB word-bag metric on the blocks' words).

Everything is deterministic: pages in a fixed order, fixed seeds, one thread, rounded numbers in the JSON.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from scorer_data import PageRows, ViewRows

from cleaner.html.scorer_features import CATEGORIES, NUMERIC_NAMES, column_names

#: A block is article text when at least this share of its words are words of the truth. The shares are
#: bimodal (most blocks sit near 0 or 1); 0.5 sits in the empty middle.
LABEL_MIN_SHARE = 0.5
SHINGLE = 3
#: A block weighs its words over the page's truth words plus this many (so that one long page's blocks do
#: not outweigh a short page's, as the metric gives every page the same weight), floored at MIN_WEIGHT.
WEIGHT_SMOOTHING = 50
MIN_WEIGHT = 0.002
#: A class/id token enters the vocabulary when it is seen on at least this many sites of the training pages
#: (a token of one site's theme says nothing of the next site); at most MAX_TOKENS of them, the most common.
MIN_TOKEN_SITES = 12
MAX_TOKENS = 160
#: Other categorical values (rule names, labels, tags) need this many training blocks.
MIN_VALUE_BLOCKS = 30
#: Digits kept in the exported thresholds and leaf values: the JSON is the same on every rebuild.
DIGITS = 6
SEED = 7


@dataclass(frozen=True)
class TreeParams:
    """The trees' settings, chosen by cross-validation by site over the training pages
    (``python bench/train_scorer.py cv ../shared/bench --trees T --learning-rate R ...``, shipped policy):

    ===============================  ==============  ==========  =======  ===========
    settings                         balanced, tune  fast, tune  aeb-dev  readability
    ===============================  ==============  ==========  =======  ===========
    60 trees, depth 4, lr 0.15       0.8543          0.8537      0.9754   0.9786
    60 trees, depth 3, leaf 80       0.8535          0.8522      0.9733   0.9772
    120 trees, depth 4, lr 0.08      0.8558          0.8559      0.9786   0.9788
    ===============================  ==============  ==========  =======  ===========

    More, smaller steps were better on every column; shallower, larger-leaf trees were not. Nor, in the
    assisted view (wcxb-dev tune 0.8561 at the shipped settings), were 200 trees at lr 0.05 (0.8558) or a
    minimum leaf of 20 (0.8554; solo view 0.8548 against 0.8559)."""

    trees: int = 120
    depth: int = 4
    learning_rate: float = 0.08
    min_leaf: int = 40
    l2: float = 1.0
    #: how much more a page of aeb-dev or readability weighs than a page of wcxb-dev (older news pages, few
    #: of them beside 999 modern ones; they hold the article extraction the rules were written for)
    set_weight: float = 1.0


def rows_of(page: PageRows, view: str) -> ViewRows:
    """The page's rows in a view: ``assisted`` falls back to ``solo`` where trafilatura failed; ``gated`` is
    ``solo`` where our extractor is confident (balanced does not ask trafilatura there), else ``assisted``."""
    if view == "gated":
        view = "solo" if page.confident else "assisted"
    return page.assisted if view == "assisted" and page.assisted is not None else page.solo


def block_shares(page: PageRows) -> list[float]:
    """Per visible block, how much of it the truth holds: the share of its runs of SHINGLE words that are runs
    of the truth (a block of common words, "Read more about us", is not article text because its words are),
    and for a block shorter than that, whether its words appear in a row in the truth."""
    truth = page.truth
    runs = set(zip(*(truth[i:] for i in range(SHINGLE))))
    joined = f" {' '.join(truth)} "
    shares = []
    for words in page.words:
        if len(words) >= SHINGLE:
            own = list(zip(*(words[i:] for i in range(SHINGLE))))
            shares.append(sum(run in runs for run in own) / len(own))
        else:
            shares.append(float(bool(words) and f" {' '.join(words)} " in joined))
    return shares


def block_weights(page: PageRows, set_weight: float = 1.0) -> list[float]:
    scale = (len(page.truth) + WEIGHT_SMOOTHING) / (1.0 if page.set_name == "wcxb-dev" else set_weight)
    return [max(MIN_WEIGHT, len(words) / scale) for words in page.words]


def vocabulary(pages: Sequence[PageRows], view: str) -> dict[str, list[str]]:
    """The categorical values the model gets a column for, from the training pages only (no label is read)."""
    import numpy as np

    sites: dict[str, set[str]] = defaultdict(set)
    blocks: Counter[str] = Counter()
    for page in pages:
        rows = rows_of(page, view)
        counts = np.bincount(rows.key_ids, minlength=len(rows.keys))
        for key, count in zip(rows.keys, counts.tolist()):
            blocks[key] += count
            if key.startswith("token:"):
                sites[key].add(page.site)
    result: dict[str, list[str]] = {}
    for category, _ in CATEGORIES:
        prefix = f"{category}:"
        if category == "token":
            ranked = sorted(((len(found), key) for key, found in sites.items() if len(found) >= MIN_TOKEN_SITES),
                            key=lambda item: (-item[0], item[1]))
            result[category] = sorted(key[len(prefix):] for _, key in ranked[:MAX_TOKENS])
        else:
            result[category] = sorted(key[len(prefix):] for key, n in blocks.items()
                                      if key.startswith(prefix) and n >= MIN_VALUE_BLOCKS)
    return result


def matrix(pages: Sequence[PageRows], view: str, vocab: dict[str, list[str]], set_weight: float = 1.0):
    """Features, labels, weights and the page number of every block of the pages (numpy arrays). The same
    numbers as ``scorer_features.expand`` on the rows before packing (a test checks)."""
    import numpy as np

    columns = {name: n for n, name in enumerate(column_names(vocab))}
    views = [rows_of(page, view) for page in pages]
    features = np.zeros((sum(map(len, views)), len(columns)), dtype=np.float64)
    start = 0
    for rows in views:
        count = len(rows)
        if not count:
            continue
        features[start:start + count, :len(NUMERIC_NAMES)] = rows.numeric
        slots = np.asarray([columns.get(key, -1) for key in rows.keys], dtype=np.int64)[rows.key_ids]
        owner = np.repeat(np.arange(start, start + count), np.diff(rows.offsets))
        found = slots >= len(NUMERIC_NAMES)
        features[owner[found], slots[found]] = rows.key_weights[found]
        start += count
    labels = [share >= LABEL_MIN_SHARE for page in pages for share in block_shares(page)]
    weights = [weight for page in pages for weight in block_weights(page, set_weight)]
    owners = [number for number, rows in enumerate(views) for _ in range(len(rows))]
    return features, np.asarray(labels, dtype=np.int8), np.asarray(weights), np.asarray(owners)


def fit_trees(features, labels, weights, params: TreeParams):
    """Gradient-boosted trees on one thread with a fixed seed (the same model on every run)."""
    from sklearn.ensemble import HistGradientBoostingClassifier
    from threadpoolctl import threadpool_limits

    model = HistGradientBoostingClassifier(
        max_iter=params.trees, max_depth=params.depth, learning_rate=params.learning_rate,
        min_samples_leaf=params.min_leaf, l2_regularization=params.l2, early_stopping=False,
        random_state=SEED)
    with threadpool_limits(1):
        model.fit(features, labels, sample_weight=weights)
    return model


def _round(value: float) -> float:
    return float(f"{value:.{DIGITS}g}")


def _tree_nodes(predictor) -> list[list[float]]:
    """One tree's nodes: a leaf is [value]; a split is [column, threshold, left, right, value], its value the
    mean of its leaves' weighted by their training blocks (what a reason measures each split's effect from)."""
    raw = predictor.nodes
    values = [0.0] * len(raw)
    for n in reversed(range(len(raw))):  # children come after their parent
        node = raw[n]
        if node["is_leaf"]:
            values[n] = float(node["value"])
        else:
            left, right = int(node["left"]), int(node["right"])
            counts = float(raw[left]["count"]), float(raw[right]["count"])
            values[n] = (values[left] * counts[0] + values[right] * counts[1]) / max(1.0, sum(counts))
    nodes = []
    for n, node in enumerate(raw):
        if node["is_leaf"]:
            nodes.append([_round(values[n])])
        else:
            nodes.append([int(node["feature_idx"]), _round(node["num_threshold"]), int(node["left"]),
                          int(node["right"]), _round(values[n])])
    return nodes


def export_trees(model, vocab: dict[str, list[str]]) -> dict:
    """The fitted trees as the JSON cleaner.html.scorer reads (thresholds and view are added by the caller)."""
    trees = [_tree_nodes(predictor) for (predictor,) in model._predictors]  # noqa: SLF001 - no public accessor
    baseline = float(model._baseline_prediction.ravel()[0])  # noqa: SLF001 - the log-odds the trees start from
    return {"vocabulary": vocab, "columns": column_names(vocab), "base": _round(baseline), "trees": trees}


def page_f1(truth: Counter, words: Sequence[Sequence[str]], keep: Sequence[bool]) -> float:
    """The WCXB word-bag F1 of the kept blocks' words against the truth's (bench/wcxb_metric.py)."""
    predicted: Counter = Counter()
    for block, kept in zip(words, keep):
        if kept:
            predicted.update(block)
    if not truth or not predicted:
        return float(not truth and not predicted)
    common = sum((truth & predicted).values())
    if not common:
        return 0.0
    precision, recall = common / sum(predicted.values()), common / sum(truth.values())
    return 2 * precision * recall / (precision + recall)
