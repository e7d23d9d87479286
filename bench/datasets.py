"""Loading of the benchmark sets in ../shared/bench (layout in its README) into typed pages.

``aeb-dev``: html/<id>.html.gz (gzip, UTF-8) and ground-truth.json ``{id: {"articleBody", "url"}}``.
``readability``: <name>/source.html, <name>/expected.txt, <name>/expected-metadata.json.
``wcxb-dev``: html/<id>.html.gz (UTF-8) and ground-truth.json ``{id: {"url", "page_type", "main_content", "title",
"author", "publish_date", ...}}`` (the Web Content Extraction Benchmark, CC-BY-4.0, Murrough Foley).
``scraped-text-*``: input/<id>.txt and truth.json ``{id: text}``; the kind of a scraped-text-wcxb-dev page is in
wcxb-dev/ground-truth.json.
"""
from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterator

#: the sets scored with the metric of the Article Extraction Benchmark (what stages.py and train_scorer.py read)
SETS = ("aeb-dev", "readability")
WCXB = "wcxb-dev"
#: every set bench/quality.py runs by default
ALL_SETS = (*SETS, WCXB)
TUNE, CHECK = "tune", "check"
PARTS = (TUNE, CHECK)


class DatasetError(Exception):
    """A benchmark set is missing or malformed; the message says which file."""


@dataclass(frozen=True)
class MetadataFields:
    """The metadata fields the benchmark compares, under cleaner's names (None: not known / not found).
    Used both for expected-metadata.json and for what a system found."""

    title: str | None = None
    author: str | None = None
    date: str | None = None
    sitename: str | None = None
    language: str | None = None


#: cleaner field name -> key in Readability's expected-metadata.json
METADATA_KEYS = {"title": "title", "author": "byline", "date": "publishedTime",
                 "sitename": "siteName", "language": "lang"}


@dataclass(frozen=True)
class Page:
    """One benchmark page: its raw bytes, the URL a real caller would pass, and the expected text."""

    set_name: str
    page_id: str
    html: bytes
    truth: str
    url: str | None = None
    metadata: MetadataFields | None = None
    kind: str | None = None  # the kind of page (wcxb-dev's page_type), where the set says it

    @property
    def part(self) -> str | None:
        """``tune`` or ``check`` for the pages of a split set (wcxb-dev), else None."""
        return part_of(self.page_id) if self.kind is not None else None


def part_of(page_id: str) -> str:
    """The fixed split of ../shared/bench/README.md: a numeric id divisible by 3 is *check*, the rest *tune*."""
    return CHECK if int(page_id) % 3 == 0 else TUNE


def _read_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DatasetError(f"cannot read {path}: {exc}") from exc


def _gzipped_pages(folder: Path) -> Iterator[tuple[str, bytes, dict]]:
    """Id, page bytes and ground-truth entry of each page of a set laid out as html/<id>.html.gz and
    ground-truth.json, sorted by id."""
    truth = _read_json(folder / "ground-truth.json")
    for page_id in sorted(truth):
        yield page_id, _gunzip(folder / "html" / f"{page_id}.html.gz"), truth[page_id]


def load_aeb(folder: Path) -> list[Page]:
    """The aeb-dev pages, sorted by id; the ground-truth URL goes with each page."""
    return [Page("aeb-dev", page_id, html, entry.get("articleBody") or "", url=entry.get("url"))
            for page_id, html, entry in _gzipped_pages(folder)]


def _expected_metadata(path: Path) -> MetadataFields | None:
    if not path.exists():
        return None
    raw = _read_json(path)
    values = {field: raw.get(key) if isinstance(raw.get(key), str) else None
              for field, key in METADATA_KEYS.items()}
    return MetadataFields(**values)


def load_readability(folder: Path) -> list[Page]:
    """The Readability test pages, sorted by name (no URL is known for them)."""
    pages = []
    for case in sorted(p for p in folder.iterdir() if (p / "source.html").is_file()):
        try:
            html = (case / "source.html").read_bytes()
            truth = (case / "expected.txt").read_text(encoding="utf-8")
        except OSError as exc:
            raise DatasetError(f"cannot read {case}: {exc}") from exc
        pages.append(Page("readability", case.name, html, truth,
                          metadata=_expected_metadata(case / "expected-metadata.json")))
    return pages


def _gunzip(path: Path) -> bytes:
    try:
        return gzip.decompress(path.read_bytes())
    except (OSError, EOFError) as exc:
        raise DatasetError(f"cannot read {path}: {exc}") from exc


def load_wcxb(folder: Path) -> list[Page]:
    """The wcxb-dev pages, sorted by id, with URL, kind of page and the truth's title, author and day."""
    pages = []
    for page_id, html, entry in _gzipped_pages(folder):
        meta = MetadataFields(title=entry.get("title") or None, author=entry.get("author") or None,
                              date=entry.get("publish_date") or None)
        pages.append(Page(WCXB, page_id, html, entry.get("main_content") or "", url=entry.get("url"),
                          metadata=meta, kind=entry.get("page_type") or "unknown"))
    return pages


def wcxb_kinds(root: Path) -> dict[str, str]:
    """Page id -> kind of page, from wcxb-dev/ground-truth.json (for the scraped text of the same pages)."""
    return {page_id: entry.get("page_type") or "unknown"
            for page_id, entry in _read_json(root / WCXB / "ground-truth.json").items()}


def select_part(pages: list[Page], part: str | None) -> list[Page]:
    """The pages of one part (tune or check) of a split set; other sets, and part None, are left whole."""
    if part is None:
        return pages
    return [page for page in pages if page.part is None or page.part == part]


LOADERS = {"aeb-dev": load_aeb, "readability": load_readability, WCXB: load_wcxb}


def load_set(root: Path, name: str) -> list[Page]:
    """Load one named set from the benchmark root folder."""
    if name not in LOADERS:
        raise DatasetError(f"unknown set {name!r}; choose from {', '.join(ALL_SETS)}")
    folder = root / name
    if not folder.is_dir():
        raise DatasetError(f"no benchmark set at {folder}")
    return LOADERS[name](folder)


#: Attributes that name what an element is ("nav", "article-body", role="navigation"), which
#: ``without_markup_names`` removes. Pages from other sites name their boxes differently, or not at all.
_NAMING_ATTRIBUTES = re.compile(rb"""\s(?:class|id|role|itemprop|aria-label)\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+)""",
                                re.I)


def without_markup_names(page: Page) -> Page:
    """The page with every class, id, role, itemprop and aria-label attribute removed: a probe of how much
    an extractor leans on markup vocabulary rather than on text and structure. The removal works on the
    bytes (so the page is otherwise untouched) and may also strip such text inside scripts or comments."""
    return replace(page, html=_NAMING_ATTRIBUTES.sub(b"", page.html))
