"""robots.txt rules (RFC 9309, parsed by Protego), fetched once per host and kept for the life of a ``Fetcher``.

Protego is the parser Scrapy uses: ``*`` and ``$`` in paths, the longest match winning between
``Allow`` and ``Disallow``, user-agent groups matched by product token, and the ``Crawl-delay``,
``Request-rate`` and ``Sitemap`` lines that the standard library's parser ignores or gets wrong.

What an unreadable robots.txt means follows RFC 9309: a 4xx answer (no robots.txt) allows
everything; a 5xx answer disallows everything, since the site may be in trouble. A robots.txt that
cannot be reached at all allows the fetch, so the page fetch itself reports the real network error.
"""
from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from protego import Protego

#: RFC 9309 asks crawlers to parse at least 500 KiB of a robots.txt; more than that is ignored.
ROBOTS_MAX_BYTES = 512 * 1024


@dataclass(frozen=True)
class RobotsAnswer:
    """What fetching robots.txt gave: the HTTP status and the body (None when unreachable)."""

    status: int
    body: bytes | None


#: Fetches a robots.txt URL. Raising ``FetchError`` counts as unreachable.
RobotsLoader = Callable[[str], RobotsAnswer]


def robots_url(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/robots.txt"


def parse_robots(body: bytes) -> Protego:
    return Protego.parse(body[:ROBOTS_MAX_BYTES].decode("utf-8", errors="replace"))


@dataclass(frozen=True, eq=False)
class RobotsRules:
    """One host's robots.txt, or, with no ``parser``, what its absence means (``allow_all``)."""

    url: str
    parser: Protego | None = None
    allow_all: bool = True

    @classmethod
    def from_answer(cls, url: str, answer: RobotsAnswer) -> "RobotsRules":
        if answer.body is None or 400 <= answer.status < 500:
            return cls(url)
        if answer.status >= 500:
            return cls(url, allow_all=False)
        return cls(url, parse_robots(answer.body))

    def allowed(self, url: str, agent: str) -> bool:
        if urlsplit(url).path == "/robots.txt":
            return True  # RFC 9309 2.2.2: the robots.txt URL itself is always allowed
        return self.allow_all if self.parser is None else self.parser.can_fetch(url, agent)

    def delay(self, agent: str) -> float:
        """Seconds the site asks between two requests from ``agent`` (0 when it asks nothing).

        ``Request-rate: n/s`` is read as one request every s/n seconds; the slower of it and
        ``Crawl-delay`` wins.
        """
        if self.parser is None:
            return 0.0
        delays = [float(self.parser.crawl_delay(agent) or 0.0)]
        rate = self.parser.request_rate(agent)
        if rate is not None and rate.requests > 0:
            delays.append(rate.seconds / rate.requests)
        return max(delays)

    @property
    def sitemaps(self) -> tuple[str, ...]:
        """The ``Sitemap:`` lines, as absolute URLs."""
        if self.parser is None:
            return ()
        return tuple(dict.fromkeys(urljoin(self.url, line.strip()) for line in self.parser.sitemaps if line.strip()))


class RobotsCache:
    """Each host's ``RobotsRules``, loading its robots.txt once."""

    def __init__(self, loader: RobotsLoader) -> None:
        self._loader = loader
        self._rules: dict[str, RobotsRules] = {}
        self._lock = threading.Lock()
        self._host_locks: dict[str, threading.Lock] = {}

    def _host_lock(self, key: str) -> threading.Lock:
        with self._lock:
            return self._host_locks.setdefault(key, threading.Lock())

    def rules(self, url: str) -> RobotsRules:
        key = robots_url(url)
        # One lock per host, so two threads do not both download the same robots.txt.
        with self._host_lock(key):
            rules = self._rules.get(key)
            if rules is None:
                rules = RobotsRules.from_answer(key, self._loader(key))
                self._rules[key] = rules
            return rules
