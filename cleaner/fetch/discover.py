"""A site's page URLs from its sitemaps or its feeds, every request made through a ``Fetcher``.

    with Fetcher(FetchSettings(respect_robots=True)) as fetcher:
        pages = sitemap_urls("https://example.org/", fetcher=fetcher, max_urls=500)
        posts = feed_urls("https://example.org/feed.xml", fetcher=fetcher)

The parsing is trafilatura's (``trafilatura.sitemaps`` reads XML and text sitemaps and sitemap
indexes with a hardened lxml parser; ``trafilatura.feeds`` reads RSS, Atom and JSON Feed and finds
the feeds an HTML page links to). Its own downloads are not used, so politeness, robots.txt, the
cache and the size limits all apply. Which links are kept is decided here, by plain URL rules: the
same host as the sitemap or feed (``www.`` aside) unless ``external``, http(s) only, each URL once,
in document order.
"""
from __future__ import annotations

import logging
import re
from collections import deque
from collections.abc import Iterable
from urllib.parse import urljoin, urlsplit

from trafilatura.feeds import FeedParameters, determine_feed, find_links
from trafilatura.settings import MAX_FEEDS_CHECKED
from trafilatura.sitemaps import DETECT_SITEMAP_LINK, SitemapObject

from cleaner.compression import gunzip_bounded
from cleaner.errors import FetchError, InputError
from cleaner.fetch.fetcher import Fetcher, FetcherLike, FetchResult
from cleaner.fetch.robots import RobotsAnswer, RobotsRules, robots_url

__all__ = ["discover_urls", "feed_urls", "sitemap_urls"]

log = logging.getLogger(__name__)

#: The sitemaps protocol caps a sitemap at 50 MiB uncompressed; a gzip sitemap inflating past that is
#: refused, so a compressed bomb cannot fill memory.
SITEMAP_MAX_BYTES = 50 * 1024 * 1024
#: Sitemaps read for one start URL at most: an index of a large news site lists a few hundred; this
#: bounds a loop of indexes pointing at each other or a generator making endless pages.
MAX_SITEMAPS = 1000
SITEMAP_INDEX = re.compile(r"<(?:[\w.-]+:)?sitemapindex\b")


def _host(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


class _UrlSet:
    """Kept URLs in order, each once, up to ``limit``."""

    def __init__(self, limit: int | None) -> None:
        self.limit = limit
        self.urls: dict[str, None] = {}

    @property
    def full(self) -> bool:
        return self.limit is not None and len(self.urls) >= self.limit

    def add(self, urls: Iterable[str]) -> None:
        for url in urls:
            if self.full:
                return
            self.urls.setdefault(url, None)


def _links(base: str, links: Iterable[str], *, site: str, external: bool) -> list[str]:
    """``links`` made absolute, http(s) only, on ``site`` unless ``external``, fragments dropped."""
    kept = []
    for link in links:
        url = urljoin(base, link.strip()).split("#")[0]
        if urlsplit(url).scheme in ("http", "https") and (external or _host(url) == site):
            kept.append(url)
    return kept


class _Sitemap(SitemapObject):
    """trafilatura's sitemap reader with our link rules instead of its domain heuristics (which
    drop hosts such as IP addresses or intranet names)."""

    __slots__ = ("site", "keep_external")

    def __init__(self, url: str, content: str, *, site: str, external: bool) -> None:
        super().__init__(url, site, [], external=external)
        self.current_url, self.content, self.site, self.keep_external = url, content, site, external

    def handle_link(self, link: str) -> None:
        for url in _links(self.current_url, (link,), site=self.site, external=self.keep_external):
            if url != self.current_url:
                (self.sitemap_urls if DETECT_SITEMAP_LINK.search(url) else self.urls).append(url)

    def read(self) -> tuple[list[str], list[str]]:
        """(nested sitemaps, pages). Every location in a sitemap index is a sitemap, whatever its name."""
        self.process()
        if SITEMAP_INDEX.search(self.content[:4096]):
            return self.sitemap_urls + self.urls, []
        return self.sitemap_urls, self.urls


def _robots_sitemaps(url: str, fetcher: FetcherLike) -> list[str]:
    """The Sitemap lines of the host's robots.txt (read with the same parser as the rules)."""
    if isinstance(fetcher, Fetcher):  # it has the rules already, or keeps them for the pages to come
        return list(fetcher.robots_rules(url).sitemaps)
    address = robots_url(url)
    try:
        result = fetcher.fetch(address)
    except FetchError as exc:
        log.info("no robots.txt to find sitemaps in: %s", exc)
        return []
    return list(RobotsRules.from_answer(address, RobotsAnswer(result.status, result.body)).sitemaps)


def _start_sitemaps(url: str, fetcher: FetcherLike) -> list[str]:
    """A sitemap URL stands for itself; robots.txt or a site's root for the sitemaps robots.txt names."""
    path = urlsplit(url).path
    if path.endswith("/robots.txt"):
        return _robots_sitemaps(url, fetcher)
    if path in ("", "/"):
        return _robots_sitemaps(url, fetcher) or [urljoin(url, "/sitemap.xml")]
    return [url]


def _sitemap_text(result: FetchResult) -> str:
    """The sitemap as text: a gzip file inflated (within the protocol's limit), then UTF-8, which the
    protocol requires. (A sitemap sent with ``Content-Encoding: gzip`` arrives inflated already.)"""
    body = gunzip_bounded(result.body, limit=SITEMAP_MAX_BYTES, source=f"the sitemap {result.final_url}")
    return body.decode("utf-8", errors="replace")


def sitemap_urls(url: str, *, fetcher: FetcherLike, max_urls: int | None = None, external: bool = False) -> list[str]:
    """The page URLs in the sitemaps of ``url``: a sitemap or sitemap index (XML, text, gzip), a
    robots.txt, or a site's root (its robots.txt ``Sitemap:`` lines, else ``/sitemap.xml``).

    A nested sitemap that cannot be fetched or read is logged and skipped; the first one failing
    raises its ``FetchError`` (or ``InputError`` for broken or oversized gzip).
    """
    found, queue, seen = _UrlSet(max_urls), deque(_start_sitemaps(url, fetcher)), set()
    while queue and not found.full and len(seen) < MAX_SITEMAPS:
        current = queue.popleft()
        if current in seen:
            continue
        seen.add(current)
        try:
            result = fetcher.fetch(current)
            nested, pages = _Sitemap(result.final_url, _sitemap_text(result), site=_host(current),
                                     external=external).read()
        except (FetchError, InputError) as exc:
            if len(seen) == 1:
                raise
            log.warning("skipping sitemap %s: %s", current, exc)
            continue
        queue.extend(nested)
        found.add(pages)
    return list(found.urls)


def _feed_links(result: FetchResult, *, external: bool) -> list[str]:
    site = _host(result.final_url)
    params = FeedParameters(urljoin(result.final_url, "/"), site, result.final_url, external)
    links = _links(result.final_url, find_links(result.text.strip(), params), site=site, external=external)
    # The feed's own address and the site's front page (a channel's <link>) are not posts.
    return [link for link in links if link != result.final_url and urlsplit(link).path not in ("", "/")]


def feed_urls(url: str, *, fetcher: FetcherLike, max_urls: int | None = None, external: bool = False) -> list[str]:
    """The entry URLs of the RSS, Atom or JSON feed at ``url``; when ``url`` is an HTML page, of the
    feeds it links to (``<link rel="alternate">``, as trafilatura finds them). Fetch errors raise."""
    result = fetcher.fetch(url)
    found = _UrlSet(max_urls)
    found.add(_feed_links(result, external=external))
    if not found.urls and result.is_html:
        site = _host(result.final_url)
        params = FeedParameters(urljoin(result.final_url, "/"), site, result.final_url, external)
        for feed in determine_feed(result.text, params)[:MAX_FEEDS_CHECKED]:
            if found.full:
                break
            try:
                found.add(_feed_links(fetcher.fetch(feed), external=external))
            except FetchError as exc:
                log.warning("skipping feed %s: %s", feed, exc)
    return list(found.urls)


def discover_urls(*, sitemaps: Iterable[str] = (), feeds: Iterable[str] = (), fetcher: FetcherLike,
                  max_urls: int | None = None) -> list[str]:
    """The URLs of several sitemaps and feeds together, each once, at most ``max_urls`` in all."""
    found = _UrlSet(max_urls)
    for start in sitemaps:
        found.add(sitemap_urls(start, fetcher=fetcher, max_urls=max_urls))
    for start in feeds:
        found.add(feed_urls(start, fetcher=fetcher, max_urls=max_urls))
    return list(found.urls)
