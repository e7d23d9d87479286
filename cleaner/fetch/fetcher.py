"""Fetching pages the way a careful crawler does, on ``requests``.

``fetch(url)`` returns a ``FetchResult`` (``cleaner.html.from_url`` fetches and extracts). A ``Fetcher``
holds the session, the settings and the per-host state (politeness, robots.txt, cache) for many calls,
from many threads. Anything with a ``fetch(url, *, html_only=False) -> FetchResult`` method
can stand in for it (tests inject fakes).

One URL goes: URL check -> for each hop: robots.txt -> cache (fresh: done) -> [host slot, waiting
the site's Crawl-delay -> request, conditional when the cache holds a stale copy -> body] with
retries -> cache (304: the stored body) -> redirects followed by hand -> result. Every failure is a
``FetchError`` subclass carrying the URL.
"""
from __future__ import annotations

import logging
import random
import socket
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import closing
from dataclasses import dataclass, replace
from typing import Any, Protocol
from urllib.parse import urljoin, urlsplit

import requests
import urllib3.exceptions
from requests.adapters import HTTPAdapter

from cleaner.arguments import check_options
from cleaner.decode import decode_bytes
from cleaner.errors import (
    BlockedAddressError, ConnectError, DNSError, FetchError, FetchTimeoutError, HTTPStatusError, InputError,
    InvalidURLError, NotHTMLError, RobotsBlockedError, TooLargeError, TooManyRedirectsError,
)
from cleaner.fetch.settings import (
    Exchange, FetchResult, FetchSettings, charset_of, is_html_type, is_textual_type,
)
from cleaner.fetch.cache import HttpCache
from cleaner.fetch.guard import AddressPolicy, AddressRefused, GuardedAdapter
from cleaner.options import Options
from cleaner.fetch.politeness import GateTimeout, HostGate
from cleaner.fetch.retry import backoff_seconds, is_retryable_status, retry_after_seconds
from cleaner.fetch.robots import ROBOTS_MAX_BYTES, RobotsAnswer, RobotsCache, RobotsRules

__all__ = ["FetchResult", "FetchSettings", "Fetcher", "FetcherLike", "fetch"]

log = logging.getLogger(__name__)

#: Bytes read from the socket per step. Small, so the size limit and the deadline are checked often
#: and a gzip bomb inflates at most this much (urllib3 >= 2.6 bounds decompression per read).
CHUNK_BYTES = 64 * 1024
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
NOT_MODIFIED = 304
#: robots.txt is small; a slow one should not eat the page's whole deadline.
ROBOTS_DEADLINE = 15.0
#: Connections kept per host in the session's pool; above the usual per-host concurrency.
POOL_SIZE = 16

_INVALID_URL_ERRORS = (requests.exceptions.InvalidURL, requests.exceptions.MissingSchema,
                       requests.exceptions.InvalidSchema, requests.exceptions.InvalidHeader)


class FetcherLike(Protocol):
    def fetch(self, url: str, *, html_only: bool = False) -> FetchResult: ...


@dataclass(frozen=True)
class _Limits:
    """What bounds one request: the URL's deadline, the body's size, its type, the host's delay."""

    deadline: float
    max_bytes: int
    html_only: bool = False
    host_delay: float = 0.0


def check_url(url: str) -> None:
    """Raise ``InvalidURLError`` unless ``url`` is an absolute http(s) URL with a host."""
    if not isinstance(url, str):
        raise TypeError(f"url must be a str, not {type(url).__name__}")
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        raise InvalidURLError("malformed URL", url=url) from None
    if parts.scheme.lower() not in ("http", "https"):
        raise InvalidURLError(f"only http and https URLs can be fetched, not {parts.scheme or 'a relative URL'!r}", url=url)
    if not host:
        raise InvalidURLError("URL has no host", url=url)


def _causes(exc: BaseException) -> Iterator[BaseException]:
    """The exception and what it wraps: requests -> urllib3 MaxRetryError.reason -> socket error."""
    seen: set[int] = set()
    current: Any = exc
    while isinstance(current, BaseException) and id(current) not in seen:
        seen.add(id(current))
        yield current
        reason = getattr(current, "reason", None)
        wrapped = current.args[0] if current.args and isinstance(current.args[0], BaseException) else None
        current = reason if isinstance(reason, BaseException) else wrapped or current.__cause__ or current.__context__


def _request_error(exc: requests.RequestException, url: str) -> FetchError:
    """The ``FetchError`` for a failure of ``requests`` before any body was read."""
    if isinstance(exc, _INVALID_URL_ERRORS):
        return InvalidURLError(f"invalid URL: {exc}", url=url)
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return FetchTimeoutError("connect timeout", url=url)
    if isinstance(exc, requests.exceptions.Timeout):
        return FetchTimeoutError("read timeout waiting for the response", url=url)
    if any(isinstance(c, (socket.gaierror, urllib3.exceptions.NameResolutionError)) for c in _causes(exc)):
        return DNSError("host name does not resolve", url=url)
    if isinstance(exc, requests.exceptions.SSLError):
        return ConnectError("TLS handshake failed", url=url)
    if isinstance(exc, requests.exceptions.ConnectionError):
        return ConnectError("connection failed", url=url)
    return FetchError(f"request failed: {type(exc).__name__}", url=url)


def _make_result(url: str, final: Exchange, elapsed: float) -> FetchResult:
    content_type = final.headers.get("content-type", "").split(";")[0].strip().lower()
    encoding, method = None, "binary"
    if is_textual_type(content_type):
        decoded = decode_bytes(final.body, http_charset=charset_of(final.headers.get("content-type", "")))
        encoding, method = decoded.encoding, decoded.method
    return FetchResult(url=url, final_url=final.url, status=final.status, headers=final.headers,
                       body=final.body, encoding=encoding, encoding_method=method, elapsed=elapsed,
                       from_cache=final.from_cache, revalidated=final.revalidated)


class Fetcher:
    """Fetches URLs with one ``requests.Session``, settings, and per-host politeness, robots and cache.

    Thread-safe: one ``Fetcher`` may serve a whole thread pool. ``sleep``, ``clock`` and ``rng`` are
    seams for tests.
    """

    def __init__(self, settings: FetchSettings | None = None, *, session: requests.Session | None = None,
                 sleep: Callable[[float], None] = time.sleep, clock: Callable[[], float] = time.monotonic,
                 rng: random.Random | None = None) -> None:
        self.settings = settings or FetchSettings()
        if session is not None and self.settings.block_private_addresses:
            raise InputError("block_private_addresses needs the Fetcher's own session (the guard lives in it)")
        self._owns_session = session is None
        self._session = session or self._new_session()
        self._sleep = sleep
        self._clock = clock
        self._rng = rng or random.Random()
        self._gate = HostGate(min_delay=self.settings.min_host_delay, max_concurrent=self.settings.max_per_host,
                              clock=clock, sleep=sleep)
        self._robots = RobotsCache(self._load_robots)
        self._cache = None
        if self.settings.cache_dir is not None:
            self._cache = HttpCache(self.settings.cache_dir, request_headers=self._session.headers,
                                    max_age=self.settings.cache_max_age)

    def _new_session(self) -> requests.Session:
        session = requests.Session()  # trust_env: proxies come from the environment, as requests does
        adapter = HTTPAdapter(max_retries=0, pool_maxsize=POOL_SIZE)  # retries are ours, see _exchange
        if self.settings.block_private_addresses:
            policy = AddressPolicy.allowing(self.settings.allowed_networks)
            adapter = GuardedAdapter(policy, max_retries=0, pool_maxsize=POOL_SIZE)
            session.trust_env = False  # through a proxy, the guard would see the proxy, not the host
        session.mount("http://", adapter)
        session.mount("https://", adapter)
        session.headers["User-Agent"] = self.settings.user_agent
        return session

    def close(self) -> None:
        if self._owns_session:
            self._session.close()
        if self._cache is not None:
            self._cache.close()

    def __enter__(self) -> "Fetcher":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- one URL, start to end ------------------------------------------------------------------

    def fetch(self, url: str, *, html_only: bool = False) -> FetchResult:
        """Fetch ``url``. With ``html_only``, a non-HTML answer raises ``NotHTMLError`` before its body is read."""
        check_url(url)
        started = self._clock()
        limits = _Limits(started + self.settings.deadline, self.settings.max_bytes, html_only)
        final = self._follow(url, limits, robots=self.settings.respect_robots)
        return _make_result(url, final, self._clock() - started)

    def robots_rules(self, url: str) -> RobotsRules:
        """The robots.txt rules of ``url``'s host (fetched once per ``Fetcher``), Sitemap lines included."""
        check_url(url)
        return self._robots.rules(url)

    def _follow(self, url: str, limits: _Limits, *, robots: bool) -> Exchange:
        """Follow redirects by hand, so loops and non-http(s) targets are caught and each hop is checked."""
        seen, current = {url}, url
        for _ in range(self.settings.max_redirects + 1):
            hop = limits
            if robots:
                rules = self._robots.rules(current)
                if not rules.allowed(current, self.settings.user_agent):
                    raise RobotsBlockedError("robots.txt disallows this URL", url=current)
                hop = replace(limits, host_delay=min(rules.delay(self.settings.user_agent), self.settings.max_crawl_delay))
            exchange = self._cached_exchange(current, hop)
            if exchange.status not in REDIRECT_STATUSES:
                if exchange.status >= 400:
                    raise HTTPStatusError(f"HTTP status {exchange.status}", url=current, status=exchange.status)
                return exchange
            current = _redirect_target(url, exchange, seen)
            seen.add(current)
        raise TooManyRedirectsError(f"more than {self.settings.max_redirects} redirects", url=url)

    def _cached_exchange(self, url: str, limits: _Limits) -> Exchange:
        """One hop through the HTTP cache: a fresh copy, or a request made conditional on a stale one."""
        if self._cache is None:
            return self._exchange(url, limits)
        lookup = self._cache.lookup(url)
        if lookup.fresh is not None:
            _check_html(url, lookup.fresh.headers, limits.html_only)
            return lookup.fresh
        answer = self._cache.complete(url, lookup, self._exchange(url, limits, lookup.conditional))
        if answer is None:  # a 304 for a copy that is gone: ask again, without conditions
            answer = self._cache.complete(url, self._cache.lookup(url), self._exchange(url, limits))
        if answer is None or answer.status == NOT_MODIFIED:
            raise HTTPStatusError("HTTP status 304 for a page the cache does not hold", url=url, status=NOT_MODIFIED)
        if answer.revalidated:
            _check_html(url, answer.headers, limits.html_only)
        return answer

    # -- one request, retried -------------------------------------------------------------------

    def _exchange(self, url: str, limits: _Limits, headers: Mapping[str, str] | None = None) -> Exchange:
        """One request (no redirects followed), retried on resets, timeouts, 429 and 5xx."""
        for attempt in range(self.settings.retries + 1):
            retry_after = None
            try:
                exchange = self._attempt(url, limits, headers)
            except (ConnectError, FetchTimeoutError) as exc:
                error: FetchError = exc
            else:
                if not is_retryable_status(exchange.status):
                    return exchange
                error = HTTPStatusError(f"HTTP status {exchange.status}", url=url, status=exchange.status)
                retry_after = retry_after_seconds(exchange.headers.get("retry-after"))
            if attempt == self.settings.retries:
                raise error
            self._sleep(self._wait_before_retry(attempt, retry_after, limits.deadline, error))
            log.info("retrying %s after %s", url, error)
        raise AssertionError("unreachable")  # the loop returns or raises

    def _wait_before_retry(self, attempt: int, retry_after: float | None, deadline: float, error: FetchError) -> float:
        """Seconds to wait before the next attempt; raises ``error`` when waiting is not worth it."""
        settings = self.settings
        if retry_after is not None:
            if retry_after > settings.max_retry_wait:
                raise error  # the server asks for longer than we are willing to wait
            wait = retry_after
        else:
            wait = backoff_seconds(attempt, base=settings.backoff, cap=settings.max_retry_wait, rng=self._rng)
        if self._clock() + wait >= deadline:
            raise error
        return wait

    def _attempt(self, url: str, limits: _Limits, headers: Mapping[str, str] | None) -> Exchange:
        host = urlsplit(url).netloc.lower()
        try:
            with self._gate.slot(host, deadline=limits.deadline, delay=limits.host_delay):
                return self._request(url, limits, headers)
        except GateTimeout:
            raise FetchTimeoutError("deadline passed waiting for a free slot for this host", url=url) from None

    def _request(self, url: str, limits: _Limits, headers: Mapping[str, str] | None) -> Exchange:
        try:
            response = self._session.get(url, stream=True, allow_redirects=False, headers=headers,
                                         timeout=self._timeouts(url, limits.deadline))
        except requests.RequestException as exc:
            raise _request_error(exc, url) from exc
        except AddressRefused as exc:
            raise BlockedAddressError(str(exc), url=url, address=exc.address) from None
        with closing(response):
            exchange = Exchange(url, response.status_code, response.headers)
            status = response.status_code
            if status in REDIRECT_STATUSES or status == NOT_MODIFIED or status >= 400:
                return exchange  # redirects, errors and 304s carry no body worth downloading
            _check_html(url, response.headers, limits.html_only)
            body = self._read_body(response, url, limits.deadline, limits.max_bytes)
            return Exchange(url, status, response.headers, body)

    def _timeouts(self, url: str, deadline: float) -> tuple[float, float]:
        remaining = deadline - self._clock()
        if remaining <= 0:
            raise FetchTimeoutError(f"overall deadline of {self.settings.deadline:g}s exceeded", url=url)
        return min(self.settings.connect_timeout, remaining), min(self.settings.read_timeout, remaining)

    def _read_body(self, response: requests.Response, url: str, deadline: float, max_bytes: int) -> bytes:
        """The body, decompressed while streaming; stops as soon as it passes ``max_bytes`` or the deadline."""
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and "content-encoding" not in response.headers and int(declared) > max_bytes:
            raise TooLargeError(f"body of {declared} bytes is over the limit of {max_bytes}", url=url)
        parts, total = [], 0
        try:
            # read1, not stream(): stream() waits for a full chunk, so a server trickling a byte a
            # second would hold us far past the deadline; read1 returns whatever has arrived.
            while chunk := response.raw.read1(CHUNK_BYTES, decode_content=True):
                total += len(chunk)
                if total > max_bytes:
                    raise TooLargeError(f"body is over the limit of {max_bytes} bytes (after decompression)", url=url)
                if self._clock() > deadline:
                    raise FetchTimeoutError(f"overall deadline of {self.settings.deadline:g}s exceeded reading the body", url=url)
                parts.append(chunk)
        except urllib3.exceptions.ReadTimeoutError:
            raise FetchTimeoutError("read timeout in the middle of the body", url=url) from None
        except urllib3.exceptions.DecodeError:
            raise FetchError("the body cannot be decompressed", url=url) from None
        except (urllib3.exceptions.HTTPError, OSError) as exc:
            raise ConnectError(f"connection broken in the middle of the body ({type(exc).__name__})", url=url) from exc
        return b"".join(parts)

    # -- robots.txt -------------------------------------------------------------------------------

    def _load_robots(self, url: str) -> RobotsAnswer:
        limits = _Limits(self._clock() + min(ROBOTS_DEADLINE, self.settings.deadline), ROBOTS_MAX_BYTES)
        try:
            exchange = self._follow(url, limits, robots=False)
        except HTTPStatusError as exc:
            return RobotsAnswer(exc.status, b"")
        except FetchError as exc:
            log.info("robots.txt unreachable, fetching anyway: %s", exc)
            return RobotsAnswer(0, None)
        return RobotsAnswer(exchange.status, exchange.body)


def _check_html(url: str, headers: Any, html_only: bool) -> None:
    content_type = headers.get("content-type", "").split(";")[0].strip().lower()
    if html_only and not is_html_type(content_type):
        raise NotHTMLError(f"not HTML but {content_type}", url=url, content_type=content_type)


def _redirect_target(original: str, exchange: Exchange, seen: set[str]) -> str:
    location = exchange.headers.get("location")
    if not location:
        raise HTTPStatusError(f"redirect {exchange.status} without a Location", url=exchange.url, status=exchange.status)
    target = urljoin(exchange.url, location.strip())
    if urlsplit(target).scheme.lower() not in ("http", "https"):
        raise InvalidURLError(f"redirected to a non-http(s) URL: {target}", url=original)
    if target in seen:
        raise TooManyRedirectsError(f"redirect loop back to {target}", url=original)
    return target


def _settings_of(options: Options | None) -> FetchSettings:
    return (options.fetch if options is not None else None) or FetchSettings()


def fetch(url: str, *, options: Options | None = None, settings: FetchSettings | None = None,
          fetcher: FetcherLike | None = None, html_only: bool = False) -> FetchResult:
    """Fetch one URL. Pass a ``fetcher`` to share sessions, politeness and caches across calls."""
    check_options(options)
    if fetcher is not None:
        return fetcher.fetch(url, html_only=html_only)
    with Fetcher(settings or _settings_of(options)) as own:
        return own.fetch(url, html_only=html_only)
