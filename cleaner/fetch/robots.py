"""robots.txt rules, fetched once per host and cached for the life of a ``Fetcher``.

What an unreadable robots.txt means follows RFC 9309: a 4xx answer (no robots.txt) allows
everything; a 5xx answer disallows everything, since the site may be in trouble. A robots.txt that
cannot be reached at all allows the fetch, so the page fetch itself reports the real network error.
"""
from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

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


def _parser_for(answer: RobotsAnswer) -> RobotFileParser:
    parser = RobotFileParser()
    if answer.body is None or 400 <= answer.status < 500:
        parser.allow_all = True
    elif answer.status >= 500:
        parser.disallow_all = True
    else:
        text = answer.body[:ROBOTS_MAX_BYTES].decode("utf-8", errors="replace")
        parser.parse(text.splitlines())
    return parser


class RobotsCache:
    """Answers "may this user agent fetch this URL?", loading each host's robots.txt once."""

    def __init__(self, loader: RobotsLoader, *, agent: str) -> None:
        self._loader = loader
        self._agent = agent
        self._parsers: dict[str, RobotFileParser] = {}
        self._lock = threading.Lock()
        self._host_locks: dict[str, threading.Lock] = {}

    def _host_lock(self, key: str) -> threading.Lock:
        with self._lock:
            return self._host_locks.setdefault(key, threading.Lock())

    def _parser(self, url: str) -> RobotFileParser:
        key = robots_url(url)
        # One lock per host, so two threads do not both download the same robots.txt.
        with self._host_lock(key):
            parser = self._parsers.get(key)
            if parser is None:
                parser = _parser_for(self._loader(key))
                self._parsers[key] = parser
            return parser

    def allowed(self, url: str) -> bool:
        return self._parser(url).can_fetch(self._agent, url)
