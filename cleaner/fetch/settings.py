"""The typed values of fetching: ``FetchSettings`` in, ``Exchange`` per request, ``FetchResult`` out."""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from cleaner.decode import decode_bytes
from cleaner.types import Decoded
from cleaner.version import __version__

#: Content types that go on to extraction. Anything else is "not HTML".
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
MB = 1024 * 1024
#: The URL schemes the fetcher speaks.
FETCHED_SCHEMES = ("http", "https")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")


def url_scheme(text: str) -> str | None:
    """The scheme of ``text`` when it is written as a URL (``ftp://...``), lower-cased; else None."""
    match = _SCHEME.match(text)
    return match.group(1).lower() if match else None


def default_user_agent() -> str:
    return f"cleaner/{__version__} (+https://github.com/cleaner)"


@dataclass(frozen=True)
class FetchSettings:
    """How a ``Fetcher`` behaves. Times are seconds; the defaults suit one polite crawler."""

    #: time to open the TCP/TLS connection
    connect_timeout: float = 10.0
    #: longest silence while waiting for the server's next bytes
    read_timeout: float = 30.0
    #: everything for one URL (robots.txt, retries, redirects, body) must finish within this
    deadline: float = 90.0
    #: largest body accepted, counted after decompression (stops gzip bombs)
    max_bytes: int = 20 * MB
    #: extra attempts after a connection error, a reset, a timeout, a 429 or a 5xx
    retries: int = 3
    #: first backoff wait; doubles on each retry, with jitter of up to half of it
    backoff: float = 0.5
    #: longest single wait between attempts; a Retry-After beyond this is not waited for
    max_retry_wait: float = 30.0
    max_redirects: int = 10
    user_agent: str = field(default_factory=default_user_agent)
    #: minimum time between the starts of two requests to one host; one second is the usual
    #: courtesy of crawlers that do not know better
    min_host_delay: float = 1.0
    #: requests allowed in flight to one host at the same time
    max_per_host: int = 2
    #: check robots.txt before each URL (``cleaner fetch`` and ``cleaner batch`` turn it on by default);
    #: a ``Crawl-delay`` or ``Request-rate`` there slows the host down below ``min_host_delay``
    respect_robots: bool = False
    #: the longest ``Crawl-delay`` honoured; a site asking for more gets this. Ten seconds keeps the
    #: batch's eight fetch threads, all queued on one host, inside the 90 s ``deadline`` (7 x 10 s of
    #: waiting); raise ``deadline`` with it
    max_crawl_delay: float = 10.0
    #: an HTTP cache (RFC 9111: Cache-Control, ETag and Last-Modified revalidation) in this folder,
    #: safe to share between the processes of a batch
    cache_dir: Path | None = None
    #: refuse hosts that resolve to loopback, private, link-local, multicast or reserved addresses, on
    #: every hop and against the address actually connected to (see ``fetch/guard.py``). Off for the
    #: library, which fetches what its user asks; ``cleaner serve`` turns it on, as it fetches for others.
    block_private_addresses: bool = False
    #: networks (CIDR, such as ``10.1.0.0/16``) still allowed when ``block_private_addresses`` is on
    allowed_networks: tuple[str, ...] = ()
    #: a cached page older than this (by its Date header) is revalidated with the server even when its
    #: headers call it fresh; a day suits re-running a batch daily. None: the server's word only
    cache_max_age: float | None = 24 * 3600.0


@dataclass(frozen=True)
class Exchange:
    """One request and its answer, redirects not followed. ``body`` is empty unless it was read.

    ``from_cache``: the answer came from the HTTP cache; ``revalidated``: after the server said, with a
    304, that the cached copy is still good.
    """

    url: str
    status: int
    headers: Mapping[str, str] = field(hash=False)
    body: bytes = b""
    from_cache: bool = False
    revalidated: bool = False


@dataclass(frozen=True)
class FetchResult:
    """A fetched response: what was asked, where it ended, and the body with its decided encoding.

    ``encoding``/``encoding_method`` are decided for textual bodies (HTTP charset, then BOM, then
    ``<meta>``, then detection); they are None/"binary" for others such as PDF or images.
    """

    url: str
    final_url: str
    status: int
    headers: Mapping[str, str] = field(hash=False)
    body: bytes
    encoding: str | None
    encoding_method: str
    elapsed: float
    from_cache: bool = False
    #: the cached body was reused after the server confirmed it (304 Not Modified)
    revalidated: bool = False

    @property
    def content_type(self) -> str:
        """The media type, lower case, without parameters ("" when the server sent none)."""
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def http_charset(self) -> str | None:
        return charset_of(self.headers.get("content-type", ""))

    @property
    def is_html(self) -> bool:
        return is_html_type(self.content_type)

    @property
    def decoded(self) -> Decoded:
        return decode_bytes(self.body, http_charset=self.http_charset)

    @property
    def text(self) -> str:
        return self.decoded.text


def charset_of(content_type: str) -> str | None:
    for param in content_type.split(";")[1:]:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


def is_html_type(content_type: str) -> bool:
    # No content type at all: let extraction judge the bytes rather than refuse the page.
    return content_type in HTML_TYPES or content_type == ""


def is_textual_type(content_type: str) -> bool:
    return is_html_type(content_type) or content_type.startswith("text/") or content_type.endswith(("+xml", "/xml", "/json"))
