"""Learning a site's templates from its pages: each page is read into blocks by the HTML path or, for
scraped text, by the text path, and each block's key is counted once per page (``cleaner.templates`` keeps
and matches what was learned). It sits above both paths, which only ever match."""
from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from cleaner.arguments import check_options
from cleaner.decode import decode_bytes
from cleaner.html.pipeline import block_texts
from cleaner.lexicon import WORD_RE
from cleaner.options import Options
from cleaner.shared_signals import interface_phrase
from cleaner.templates import SiteBlock, SiteTemplate, Templates, block_key
from cleaner.text.segment import segment_text
from cleaner.types import Label

#: Blocks of at most this many words that recur are menu entries.
MENU_WORDS = 4
#: Characters of a block kept in the JSON file so that a person can see what was learned.
SAMPLE_CHARS = 80

_HTML_START = re.compile(r"\s*(<!doctype|<html|<head|<body|<div|<p[\s>]|<!--)", re.I)


def template_label(text: str) -> Label:
    """The label a recurring block deserves: its interface phrase's, a menu's, or ``other``."""
    words = len(WORD_RE.findall(text))
    found = interface_phrase(text, words)
    if found is not None:
        return found[0]
    return Label.NAVIGATION if words <= MENU_WORDS else Label.OTHER


def page_block_texts(content: str | bytes, *, url: str | None = None, options: Options | None = None) -> list[str]:
    """The texts of a page's blocks: through the HTML pipeline for HTML, the text segmenter otherwise."""
    if isinstance(content, bytes):
        if _HTML_START.match(content[:1024].decode("latin-1")):
            return block_texts(content, url=url, options=options)
        content = decode_bytes(content).text
    if _HTML_START.match(content[:1024]):
        return block_texts(content, url=url, options=options)
    return [block.text for block in segment_text(content)]


@dataclass(frozen=True)
class TemplateCounts:
    """What learning gathers before it decides: per site, the pages seen and on how many of them each block
    occurs. Counts of disjoint sets of pages add up, so machines can learn apart and ``merge``."""

    pages: Mapping[str, int] = field(default_factory=dict)
    blocks: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    samples: Mapping[str, str] = field(default_factory=dict)

    def merge(self, other: "TemplateCounts") -> "TemplateCounts":
        blocks = {site: Counter(counts) for site, counts in self.blocks.items()}
        for site, counts in other.blocks.items():
            blocks.setdefault(site, Counter()).update(counts)
        return TemplateCounts(pages=Counter(self.pages) + Counter(other.pages), blocks=blocks,
                              samples={**other.samples, **self.samples})

    def templates(self) -> Templates:
        sites = {
            site: SiteTemplate(pages=self.pages[site], blocks=MappingProxyType({
                key: SiteBlock(pages=n, label=template_label(self.samples[key]), sample=self.samples[key][:SAMPLE_CHARS])
                for key, n in counts.items() if n >= 2}))
            for site, counts in self.blocks.items()
        }
        return Templates(sites=MappingProxyType(sites))


def count_templates(pages: Iterable[tuple[str, str | bytes]], *, options: Options | None = None) -> TemplateCounts:
    """The counts ``learn_templates`` decides from; the same page given twice counts once."""
    check_options(options)
    if isinstance(pages, (str, bytes)):
        raise TypeError("learn_templates() wants an iterable of (url or site key, content) pairs, not one string")
    page_counts: Counter[str] = Counter()
    block_counts: dict[str, Counter[str]] = {}
    samples: dict[str, str] = {}
    seen_pages: set[tuple[str, str]] = set()
    for page in pages:
        source, content = page if isinstance(page, tuple) and len(page) == 2 else (None, None)
        if not isinstance(source, str) or not isinstance(content, (str, bytes)):
            raise TypeError("learn_templates() wants (str, str | bytes) pairs")
        texts = page_block_texts(content, url=source if "://" in source else None, options=options)
        keys = {block_key(t): t for t in texts if WORD_RE.search(t)}
        identity = (source, hashlib.blake2b(" ".join(sorted(keys)).encode(), digest_size=8).hexdigest())
        if identity in seen_pages:
            continue
        seen_pages.add(identity)
        site = Templates.site_key(source)
        page_counts[site] += 1
        block_counts.setdefault(site, Counter()).update(list(keys))
        for key, text in keys.items():
            samples.setdefault(key, text)
    return TemplateCounts(pages=page_counts, blocks=block_counts, samples=samples)


def learn_templates(pages: Iterable[tuple[str, str | bytes]], *, options: Options | None = None) -> Templates:
    """Learn, per site, on how many pages each block occurs. ``pages`` yields ``(url or site key, content)``
    where content is HTML or scraped text; the same page given twice counts once."""
    return count_templates(pages, options=options).templates()
