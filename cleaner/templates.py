"""Site templates: blocks a site repeats on many of its pages (menus, footers, sponsor blurbs).

``cleaner.template_learning.learn_templates(pages)`` counts, per site, on how many pages each normalized
block text occurs; ``Templates.match(site, text)`` says whether a block recurs often enough to be the site's furniture.
What was learned is kept with ``save`` / ``load`` (JSON) so that a later run benefits from an earlier one.
"""
from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from urllib.parse import urlsplit

from cleaner.errors import TemplateError
from cleaner.lexicon import WORD_RE
from cleaner.types import Label

#: A block is the site's when it occurs on at least this share of the site's pages ...
MIN_PAGE_SHARE = 0.5
#: ... and on at least this many pages: two pages sharing a quotation are not a template.
MIN_PAGES = 3
#: Version of the JSON file written by ``save``.
FILE_VERSION = 1

_DIGITS = re.compile(r"\d+")


def block_key(text: str) -> str:
    """A short stable key of a block's text: words lower-cased, numbers made alike (years, counts)."""
    normalized = _DIGITS.sub("0", " ".join(WORD_RE.findall(text.lower())))
    return hashlib.blake2b(normalized.encode("utf-8"), digest_size=8).hexdigest()


@dataclass(frozen=True)
class TemplateMatch:
    """A block that recurs on ``pages_seen`` of the ``site_pages`` pages learned for its site."""

    pages_seen: int
    site_pages: int
    label: Label


@dataclass(frozen=True)
class SiteBlock:
    pages: int
    label: Label
    sample: str


@dataclass(frozen=True)
class SiteTemplate:
    """What was learned about one site: how many pages, and the blocks seen on two pages or more."""

    pages: int
    blocks: Mapping[str, SiteBlock] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True)
class Templates:
    """Per-site recurring blocks, with the thresholds that make a block the site's."""

    sites: Mapping[str, SiteTemplate] = field(default_factory=lambda: MappingProxyType({}))
    min_share: float = MIN_PAGE_SHARE
    min_pages: int = MIN_PAGES

    @staticmethod
    def site_key(url_or_key: str) -> str:
        """The site of a URL (its host, without ``www.``), or a caller's own site key as given."""
        text = (url_or_key or "").strip()
        if "://" in text:
            host = urlsplit(text).hostname or ""
        else:
            host = text.split("/", 1)[0] if "." in text.split("/", 1)[0] else text
        host = host.lower()
        return host[4:] if host.startswith("www.") else host

    def match(self, site_key: str, text: str) -> TemplateMatch | None:
        """The recurrence of a block on its site, when it recurs often enough to be the site's."""
        site = self.sites.get(self.site_key(site_key))
        if site is None:
            return None
        block = site.blocks.get(block_key(text))
        if block is None or block.pages < max(self.min_pages, math.ceil(self.min_share * site.pages)):
            return None
        return TemplateMatch(pages_seen=block.pages, site_pages=site.pages, label=block.label)

    def to_json(self) -> str:
        data = {"version": FILE_VERSION, "min_share": self.min_share, "min_pages": self.min_pages,
                "sites": {name: {"pages": site.pages,
                                 "blocks": {key: {"pages": b.pages, "label": b.label.value, "sample": b.sample}
                                            for key, b in site.blocks.items()}}
                          for name, site in self.sites.items()}}
        return json.dumps(data, ensure_ascii=False, indent=1)

    def save(self, path: str | Path) -> None:
        """Write the templates as JSON, whole or not at all."""
        from cleaner.atomic import write_atomic

        try:
            write_atomic(Path(path), self.to_json())
        except OSError as exc:
            raise TemplateError(f"cannot write templates to {path}: {exc.strerror or exc}") from None

    @classmethod
    def load(cls, path: str | Path) -> "Templates":
        """Templates saved by ``save``; a missing or malformed file is a ``TemplateError``."""
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            raise TemplateError(f"cannot read templates file {path}: {exc}") from None
        except ValueError as exc:
            raise TemplateError(f"templates file {path} is not JSON: {exc}") from None
        try:
            return _from_data(data)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise TemplateError(f"templates file {path} is malformed: {exc!r}") from None


def _from_data(data: dict) -> Templates:
    if data.get("version") != FILE_VERSION:
        raise ValueError(f"unknown version {data.get('version')!r}")
    sites = {
        str(name): SiteTemplate(
            pages=int(site["pages"]),
            blocks=MappingProxyType({str(key): SiteBlock(int(b["pages"]), Label(b["label"]), str(b["sample"]))
                                     for key, b in site["blocks"].items()}))
        for name, site in data["sites"].items()
    }
    return Templates(sites=MappingProxyType(sites), min_share=float(data["min_share"]),
                     min_pages=int(data["min_pages"]))
