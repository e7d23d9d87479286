"""The training data of the learned block scorer: every visible block of every benchmark page, with its raw
signals (cleaner.html.scorer_features) and its words, cached on disk per set.

Each page is run through the pipeline once with the scorer off and trafilatura asked; the combination rules
decide twice, with trafilatura's selection (the ``assisted`` view, what balanced sees on a page where
trafilatura is asked) and without it (the ``solo`` view, what fast sees). The cache file is keyed by a digest of the package's source, so any change to the pipeline
recomputes it.
"""
from __future__ import annotations

import gzip
import hashlib
import multiprocessing
import pickle
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from datasets import Page, load_set
from scorer_folds import site_of

from cleaner.html.combine import core_container, decide
from cleaner.html.extractors.candidate import Candidate
from cleaner.html.extractors.heuristic import is_confident
from cleaner.html.labels import name_removed_blocks
from cleaner.html.pipeline import analyse
from cleaner.html.scorer_features import PageInputs, RawRow, raw_rows
from cleaner.options import Options, Preset

WORD = re.compile(r"\w+")
PACKAGE = Path(__file__).resolve().parent.parent / "cleaner"


@dataclass(frozen=True)
class ViewRows:
    """The raw rows of a page in one view, packed in arrays (a list of RawRow objects per block took 6 GB for
    the 1,715 pages): the numeric signals as a matrix, the categorical ones as ids into the page's own table
    of ``category:value`` keys, with their weights, block by block (``offsets``)."""

    indexes: object  # numpy int32 array: the block's index on the page
    numeric: object  # numpy float64 matrix, one row per block
    keys: tuple[str, ...]
    key_ids: object  # numpy int32, flat
    key_weights: object  # numpy float64, flat
    offsets: object  # numpy int64, len(rows) + 1: block n's keys are key_ids[offsets[n]:offsets[n + 1]]

    def __len__(self) -> int:
        return len(self.indexes)


def pack(rows: Sequence[RawRow]) -> ViewRows:
    import numpy as np

    table: dict[str, int] = {}
    ids: list[int] = []
    weights: list[float] = []
    offsets = [0]
    for row in rows:
        for category, found in row.categories.items():
            for value, weight in found.items():
                ids.append(table.setdefault(f"{category}:{value}", len(table)))
                weights.append(weight)
        offsets.append(len(ids))
    width = len(rows[0].numeric) if rows else 0
    return ViewRows(np.asarray([r.index for r in rows], dtype=np.int32),
                    np.asarray([r.numeric for r in rows], dtype=np.float64).reshape(len(rows), width),
                    tuple(table), np.asarray(ids, dtype=np.int32), np.asarray(weights, dtype=np.float64),
                    np.asarray(offsets, dtype=np.int64))


@dataclass(frozen=True)
class PageRows:
    """One page's blocks as the scorer sees them, with what the truth says of them."""

    set_name: str
    page_id: str
    kind: str  # the kind of page (wcxb-dev), else the set's name
    part: str  # tune or check (wcxb-dev), else the set's name
    site: str  # host of the URL (cross-validation groups pages by site), else set/page
    truth: tuple[str, ...]  # the truth's lowercased \w+ words
    words: tuple[tuple[str, ...], ...]  # per visible block, in the order of the rows
    assisted: ViewRows | None  # with trafilatura's selection (None when trafilatura failed)
    solo: ViewRows
    confident: bool  # our extractor is confident (balanced then skips trafilatura today)


def words_of(text: str) -> tuple[str, ...]:
    return tuple(WORD.findall(text.lower()))


#: The options the pipeline runs a page with: trafilatura always asked (without its fallbacks, as balanced asks
#: it), the scorer off, so that the rows show the rules' decisions it revises. The ``solo`` view's decisions
#: are the combination's again on the same blocks, without trafilatura, as fast decides (SOLO).
ASSISTED = Options(trafilatura_only_when_unsure=False, block_scorer=False)
SOLO = Options(preset=Preset.FAST, block_scorer=False)
NOT_ASKED = Candidate("trafilatura", frozenset(), available=False)


def page_rows(page: Page) -> PageRows:
    """Run the pipeline on one page and keep the scorer's two views of it."""
    analysis = analyse(page.html, url=page.url, options=ASSISTED)
    segments = tuple(part.segment for part in analysis.segments)
    verdicts = tuple(part.verdict for part in analysis.segments)
    page_type = analysis.document.metadata.page_type or ""
    solo_rows: list[RawRow] = []
    assisted = None
    confident = False
    if segments:
        heuristic, trafilatura = analysis.candidates
        solo = name_removed_blocks(segments, decide(segments, verdicts, heuristic, NOT_ASKED, SOLO,
                                                    analysis.document.metadata.title))
        solo_rows = raw_rows(PageInputs(segments, verdicts, heuristic, NOT_ASKED, solo, "", page_type))
        confident = is_confident(heuristic)
        if trafilatura.available:
            core = core_container(segments, trafilatura.kept)
            assisted = pack(raw_rows(PageInputs(segments, verdicts, heuristic, trafilatura,
                                                tuple(p.decision for p in analysis.segments), core, page_type)))
    return PageRows(page.set_name, page.page_id, page.kind or page.set_name, page.part or page.set_name,
                    site_of(page.url, page.set_name, page.page_id), words_of(page.truth),
                    tuple(words_of(segments[r.index].text) for r in solo_rows), assisted, pack(solo_rows), confident)


#: Parts of the package that the training data does not depend on (the scorer itself reads the data; the
#: pipeline only calls the stages that scorer_data calls directly; the other paths never run).
NOT_IN_DATA = ("html/scorer.py", "html/scorer_compiled.py", "cli/", "batch/", "server/", "report/", "text/", "dask.py",
               "template_learning.py", "templates.py", "data/")


def source_digest() -> str:
    """A digest of the package's source that the training data depends on: the cache is stale when it changes."""
    digest = hashlib.sha1()
    for path in sorted(PACKAGE.rglob("*.py")):
        name = path.relative_to(PACKAGE).as_posix()
        if not name.startswith(NOT_IN_DATA):
            digest.update(name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _safe_rows(page: Page) -> PageRows | None:
    try:
        return page_rows(page)
    except Exception as exc:  # noqa: BLE001 - one bad page must not stop a training run
        print(f"scorer_data: {page.set_name}/{page.page_id} failed: {exc}", file=sys.stderr)
        return None


def collect_set(data: Path, set_name: str, cache: Path, jobs: int) -> list[PageRows]:
    """The rows of every page of a set, from the cache when it matches the current source."""
    path = cache / f"{set_name}-{source_digest()}.pkl.gz"
    if path.exists():
        with gzip.open(path, "rb") as stream:
            return pickle.load(stream)
    pages = load_set(data, set_name)
    if jobs > 1:
        with multiprocessing.Pool(jobs) as pool:
            found = pool.map(_safe_rows, pages, chunksize=4)
    else:
        found = [_safe_rows(page) for page in pages]
    rows = [r for r in found if r is not None]
    cache.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    with gzip.open(temporary, "wb", compresslevel=3) as stream:
        pickle.dump(rows, stream, protocol=pickle.HIGHEST_PROTOCOL)
    temporary.replace(path)
    return rows


def collect(data: Path, sets: Sequence[str], cache: Path, jobs: int) -> list[PageRows]:
    """The rows of every page of the named sets, in a fixed order (set, then page id)."""
    return [rows for name in sets for rows in collect_set(data, name, cache, jobs)]
