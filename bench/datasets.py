"""Loading of the benchmark sets in ../shared/bench (layout in its README) into typed pages.

``aeb-dev``: html/<id>.html.gz (gzip, UTF-8) and ground-truth.json ``{id: {"articleBody", "url"}}``.
``readability``: <name>/source.html, <name>/expected.txt, <name>/expected-metadata.json.
"""
from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass, replace
from pathlib import Path

SETS = ("aeb-dev", "readability")


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


def _read_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DatasetError(f"cannot read {path}: {exc}") from exc


def load_aeb(folder: Path) -> list[Page]:
    """The aeb-dev pages, sorted by id; the ground-truth URL goes with each page."""
    truth = _read_json(folder / "ground-truth.json")
    pages = []
    for page_id in sorted(truth):
        path = folder / "html" / f"{page_id}.html.gz"
        try:
            html = gzip.decompress(path.read_bytes())
        except (OSError, EOFError) as exc:
            raise DatasetError(f"cannot read {path}: {exc}") from exc
        entry = truth[page_id]
        pages.append(Page("aeb-dev", page_id, html, entry.get("articleBody") or "", url=entry.get("url")))
    return pages


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


LOADERS = {"aeb-dev": load_aeb, "readability": load_readability}


def load_set(root: Path, name: str) -> list[Page]:
    """Load one named set from the benchmark root folder."""
    if name not in LOADERS:
        raise DatasetError(f"unknown set {name!r}; choose from {', '.join(SETS)}")
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
