"""Cross-validation folds of the block scorer's training pages, shared by the training script and the benchmark.

Pages are grouped by site (the host of their URL) and the sites dealt to folds by a stable hash, so no site is
split across folds. ``python bench/train_scorer.py folds`` fits one pair of models per fold on the training
pages of the other folds and writes them to ``out/scorer-folds/fold-<k>/``; ``bench/quality.py
--cross-validated`` then runs each training page (wcxb-dev *tune*, aeb-dev, readability) with the models of its
own fold, which never saw its site: the honest figure for pages the shipped models were trained on.
"""
from __future__ import annotations

import zlib
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
FOLDS_DIR = ROOT / "out" / "scorer-folds"
FOLDS = 5
#: The part of wcxb-dev that is only scored, never trained on.
CHECK_PART = "check"


def site_of(url: str | None, set_name: str, page_id: str) -> str:
    """The host of the page's URL; a page without one is a site of its own."""
    host = urlsplit(url).hostname if url else None
    return host or f"{set_name}/{page_id}"


def fold_of_site(site: str, folds: int = FOLDS) -> int:
    return zlib.crc32(site.encode()) % folds


def fold_folder(fold: int, root: Path | None = None) -> Path:
    """The folder of a fold's models, under ``root`` (default FOLDS_DIR)."""
    return (root or FOLDS_DIR) / f"fold-{fold}"


def models_for_page(url: str | None, set_name: str, page_id: str, part: str | None,
                    root: Path | None = None) -> Path | None:
    """The folder of the models that never saw the page's site, or None for a page no model trains on (the
    *check* part of wcxb-dev: the shipped models are already out of sample there)."""
    if part == CHECK_PART:
        return None
    return fold_folder(fold_of_site(site_of(url, set_name, page_id)), root)
