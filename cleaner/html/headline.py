"""The page's title as a reader sees it: the visible headline (an ``<h1>``) when the page's own titles
(``<title>``, Open Graph, Twitter, JSON-LD) confirm it, else the first part of those titles that is not
the site's name ("How to prune roses | Garden Weekly" -> "How to prune roses").

Why the ``<h1>`` first: the document title is written for search results and tabs, and usually carries the
site's name, a slogan or extra keywords; the headline is what the page calls itself. Checked against the
titles, a site-wide ``<h1>`` (a logo, "Menu") or a widget's heading is not taken for the headline.
On the tune part of wcxb-dev the title matched 80% of the pages this way, 52% before (trafilatura 51%).
"""
from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from urllib.parse import urlsplit

from lxml import etree

_WORD = re.compile(r"\w+")
#: What separates a title's parts: "Headline | Site", "Headline - Site", "Site: Headline", "A » B".
_TITLE_PARTS = re.compile(r"\s+[|\-–—•·»~/]\s+|\s*\|\s*")
#: Share of an <h1>'s words that the page's titles must contain for it to be the headline. Chosen on tune:
#: 0.3, 0.5 and 0.7 gave 79.1%, 79.6% and 78.8% of titles matched.
MIN_HEADLINE_OVERLAP = 0.5
#: An <h1> longer than this (characters) is a block of text marked up as a heading, not a headline.
MAX_HEADLINE_CHARS = 200
#: Share of words that an <h1> and the last part of a title must have in common for the <h1> to be the
#: site's name (4 of 5 words: "Site Name beta" against "Site Name").
SITE_PART_OVERLAP = 0.75
#: Marks that documentation generators append to a heading as its permalink ("Retry policies¶").
_ANCHOR_MARKS = " ¶§#🔗"
#: Host labels that say nothing of the site's name.
_GENERIC_HOST_LABELS = frozenset({"www", "com", "org", "net", "co", "uk", "de", "io", "fr", "es", "it", "edu", "gov"})


def _words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def _compact(text: str) -> str:
    return "".join(_words(text))


def _overlap(text: str, reference: set[str]) -> float:
    """Share of ``text``'s words found in ``reference``."""
    words = _words(text)
    return sum(w in reference for w in words) / len(words) if words else 0.0


def site_names(sitename: str | None, url: str | None) -> frozenset[str]:
    """Compact forms ("guardian", "theguardiancom") under which the site may name itself in a title."""
    host = (urlsplit(url or "").hostname or "").removeprefix("www.")
    names = {_compact(sitename or ""), _compact(host)}
    names.update(_compact(label) for label in host.split(".") if label not in _GENERIC_HOST_LABELS)
    return frozenset(name for name in names if name)


def title_parts(title: str) -> list[str]:
    return [part.strip() for part in _TITLE_PARTS.split(title) if part.strip()]


def headline_part(title: str, sites: frozenset[str]) -> str:
    """The first part of a title that is not the site's name (the whole title when all parts are)."""
    parts = title_parts(title)
    return next((part for part in parts if _compact(part) not in sites), title.strip())


def _names_the_site(text: str, known_titles: Sequence[str]) -> bool:
    """Whether an <h1> is the last part of a title of several parts, where sites put their name
    ("Headline - Chapter 1 - Site Name" and an <h1> "Site Name beta" in the masthead)."""
    words = set(_words(text))
    for title in known_titles:
        parts = title_parts(title)
        if len(parts) > 1:
            last = set(_words(parts[-1]))
            rest = {w for part in parts[:-1] for w in _words(part)}
            if last and words and len(words & last) >= SITE_PART_OVERLAP * max(len(words), len(last)) \
                    and len(words & rest) < SITE_PART_OVERLAP * len(words):
                return True
    return False


def choose_title(h1_texts: Sequence[str], titles: Iterable[str | None], sites: frozenset[str]) -> str | None:
    """The headline: the <h1> whose words the ``titles`` contain most (at least MIN_HEADLINE_OVERLAP of
    them), else the headline part of the first title. ``titles`` come best first (JSON-LD, Open Graph,
    <title>, Twitter)."""
    known = [t for t in titles if t]
    reference = {w for t in known for w in _words(t)}
    best, best_overlap = None, 0.0
    for text in h1_texts:
        if not text or len(text) > MAX_HEADLINE_CHARS or _compact(text) in sites or _names_the_site(text, known):
            continue
        overlap = _overlap(text, reference)
        if overlap > best_overlap:
            best, best_overlap = text, overlap
    if best is not None and best_overlap >= MIN_HEADLINE_OVERLAP:
        return best
    if known:
        return headline_part(known[0], sites)
    return next((t for t in h1_texts if t), None)


def h1_texts(root: etree._Element) -> list[str]:
    """The text of every <h1>, whitespace collapsed."""
    return [" ".join(html.unescape(h.text_content()).split()).rstrip(_ANCHOR_MARKS) for h in root.iter("h1")]
