#!/usr/bin/env python
"""Train the page-kind model (cleaner/data/page_kind.json) on the *tune* part of wcxb-dev.

    python bench/train_page_kind.py                      # rebuild cleaner/data/page_kind.json, print CV accuracy
    python bench/train_page_kind.py --check-only         # CV accuracy only, write nothing
    python bench/train_page_kind.py FOLDER --part all --out model.json --folds 2   # any folder in wcxb's layout

The model is a multinomial logistic regression over the standardised signals of cleaner/html/page_kind.py.
Cross-validation is grouped by site (registered domain), so that no site sits in both the training and the
held-out fold. The file is rebuilt bit for bit: pages in id order, features sorted by name, a fixed solver
with no randomness, and every number rounded before it is written. Needs the ``train`` extra (scikit-learn).
WCXB is published under CC-BY-4.0 by Murrough Foley (github.com/Murrough-Foley/web-content-extraction-benchmark).
Exit status: 0, 2 on bad arguments or missing data.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing
import sys
from collections import Counter
from pathlib import Path
from typing import Sequence

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(1, str(BENCH_DIR.parent))

from wcxb_pages import PARTS, WcxbError, WcxbPage, load_wcxb  # noqa: E402

DEFAULT_DATA = BENCH_DIR.parent.parent / "shared" / "bench"
DEFAULT_OUT = BENCH_DIR.parent / "cleaner" / "data" / "page_kind.json"
FEATURE_SOURCE = BENCH_DIR.parent / "cleaner" / "html" / "page_kind.py"
#: Inverse regularisation strength, chosen by grouped CV on tune among 0.01, 0.02, 0.03, 0.05, 0.1 and 0.3
#: (83.4%, 84.0%, 84.1%, 84.0%, 84.4%, 83.3%).
REGULARISATION = 0.1
#: Digits kept in the written file: enough that the rounded model predicts as the fitted one.
WEIGHT_DIGITS = 4
SCALE_DIGITS = 6
#: Second-level labels under which a country code registers domains (example.co.uk is one site).
_SECOND_LEVEL = frozenset({"co", "com", "org", "net", "ac", "gov", "edu", "ne", "or"})


def site_of(url: str | None) -> str:
    """The registered domain of a URL, roughly ("forums.example.co.uk" -> example.co.uk): the CV groups."""
    from urllib.parse import urlsplit

    labels = (urlsplit(url or "").hostname or "").split(".")
    keep = 3 if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL and len(labels[-1]) == 2 else 2
    return ".".join(labels[-keep:])


def page_features(page: WcxbPage) -> dict[str, float]:
    from cleaner.html.page_kind import features_from_html

    return features_from_html(page.html, page.url)


def _cache_key(page: WcxbPage, source_hash: str) -> str:
    return hashlib.sha1(page.html + (page.url or "").encode() + source_hash.encode()).hexdigest()


def all_features(pages: Sequence[WcxbPage], jobs: int, cache: Path | None) -> list[dict[str, float]]:
    """The signals of every page; with ``cache``, pages whose HTML and feature code did not change are
    read from it (a development convenience: the file is rebuilt the same either way)."""
    source_hash = hashlib.sha1(FEATURE_SOURCE.read_bytes()).hexdigest()
    stored = json.loads(cache.read_text()) if cache and cache.exists() else {}
    keys = [_cache_key(p, source_hash) for p in pages]
    todo = [p for p, k in zip(pages, keys) if k not in stored]
    if todo:
        if jobs > 1:
            with multiprocessing.Pool(jobs) as pool:
                fresh = pool.map(page_features, todo, chunksize=8)
        else:
            fresh = [page_features(p) for p in todo]
        stored.update({_cache_key(p, source_hash): f for p, f in zip(todo, fresh)})
        if cache:
            cache.write_text(json.dumps({k: stored[k] for k in keys}))
    return [stored[k] for k in keys]


def fit(rows: list[list[float]], labels: list[str], strength: float):
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    model = make_pipeline(StandardScaler(), LogisticRegression(C=strength, max_iter=10000, tol=1e-8))
    return model.fit(rows, labels)


def to_file_dict(model, names: Sequence[str]) -> dict[str, object]:
    scaler, regression = model[0], model[-1]
    scale = [s if s > 0 else 1.0 for s in scaler.scale_]
    return {
        "about": "page kind: multinomial logistic regression over cleaner/html/page_kind.py's signals, "
                 "trained by bench/train_page_kind.py on the tune part of wcxb-dev",
        "classes": [str(c) for c in regression.classes_],
        "features": list(names),
        "mean": [round(float(m), SCALE_DIGITS) for m in scaler.mean_],
        "scale": [round(float(s), SCALE_DIGITS) for s in scale],
        "weights": [[round(float(w), WEIGHT_DIGITS) for w in row] for row in regression.coef_],
        "intercepts": [round(float(b), WEIGHT_DIGITS) for b in regression.intercept_],
    }


def cross_validate(rows: list[list[float]], labels: list[str], groups: list[str], folds: int,
                   strength: float) -> tuple[float, list[float]]:
    """Accuracy of the rounded pure-Python model on held-out folds, grouped by site."""
    from sklearn.model_selection import GroupKFold

    from cleaner.html.page_kind_model import PageKindModel

    folds = max(2, min(folds, len(set(groups))))
    right, per_fold = 0, []
    for train, test in GroupKFold(n_splits=folds).split(rows, labels, groups):
        if len({labels[i] for i in train}) < 2:
            continue  # a tiny folder: nothing to learn from one kind
        names = [f"f{i}" for i in range(len(rows[0]))]
        model = PageKindModel.from_dict(to_file_dict(fit([rows[i] for i in train], [labels[i] for i in train],
                                                         strength), names))
        hits = sum(model.predict(dict(zip(names, rows[i]))) == labels[i] for i in test)
        right += hits
        per_fold.append(hits / len(test))
    return right / len(rows), per_fold


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data", nargs="?", type=Path, default=DEFAULT_DATA,
                        help="benchmark folder holding wcxb-dev, or a folder in wcxb's layout "
                             f"(default: {DEFAULT_DATA})")
    parser.add_argument("--part", choices=PARTS, default="tune", help="pages to train on (default: tune)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="model file (default: %(default)s)")
    parser.add_argument("--folds", type=int, default=5, help="cross-validation folds (default: %(default)s)")
    parser.add_argument("--C", type=float, default=REGULARISATION, dest="strength",
                        help="inverse regularisation strength (default: %(default)s)")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes (default: %(default)s)")
    parser.add_argument("--cache", type=Path, help="reuse page signals from this file (development only)")
    parser.add_argument("--check-only", action="store_true", help="print the CV accuracy, write no model")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    folder = args.data if (args.data / "ground-truth.json").exists() else args.data / "wcxb-dev"
    try:
        pages = [p for p in load_wcxb(folder, args.part) if p.page_type]
    except WcxbError as exc:
        print(f"train_page_kind: {exc}", file=sys.stderr)
        return 2
    if len({p.page_type for p in pages}) < 2:
        print("train_page_kind: need pages of at least two kinds", file=sys.stderr)
        return 2
    features = all_features(pages, args.jobs, args.cache)
    names = sorted(features[0])
    rows = [[f[name] for name in names] for f in features]
    labels = [p.page_type for p in pages]
    groups = [site_of(p.url) for p in pages]
    accuracy, per_fold = cross_validate(rows, labels, groups, args.folds, args.strength)
    print(f"{len(pages)} pages ({args.part}), {len(set(groups))} sites, {len(names)} signals; "
          f"kinds: {dict(sorted(Counter(labels).items()))}")
    print(f"cross-validated accuracy, grouped by site, {len(per_fold)} folds: {accuracy:.1%} "
          f"(folds: {', '.join(f'{a:.1%}' for a in per_fold)})")
    if args.check_only:
        return 0
    data = to_file_dict(fit(rows, labels, args.strength), names)
    text = json.dumps(data, sort_keys=True, separators=(",", ":")) + "\n"
    args.out.parent.mkdir(parents=True, exist_ok=True)
    temporary = args.out.with_suffix(args.out.suffix + ".tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(args.out)
    print(f"wrote {args.out} ({len(text):,} bytes, sha1 {hashlib.sha1(text.encode()).hexdigest()[:12]})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
