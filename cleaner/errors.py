"""The one exception tree of ``cleaner``.

::

    CleanerError                 base of everything cleaner raises on purpose
    ├── InputError               input the library cannot work with (unreadable file, bad options)
    ├── ExtractionError          a page that made a stage fail in a way we could not recover from
    ├── TemplateError            a templates file that cannot be read or written
    ├── BatchError               a batch that cannot start (bad output folder, nothing to do)
    └── FetchError               fetching a URL failed; carries ``url``
        ├── InvalidURLError      not an http(s) URL, or malformed
        ├── DNSError             the host name does not resolve
        ├── ConnectError         the connection failed or was reset, after retries
        ├── FetchTimeoutError    connect, read or overall deadline exceeded
        ├── TooLargeError        the body (after decompression) exceeds the size limit
        ├── NotHTMLError         the response is not HTML or XHTML (PDF, image, JSON ...)
        ├── HTTPStatusError      a 4xx/5xx status after retries; carries ``status``
        ├── TooManyRedirectsError more redirects than allowed, or a redirect loop
        ├── RobotsBlockedError   robots.txt disallows the URL
        └── BlockedAddressError  the host is a loopback, private, ... address the settings forbid

Wrong argument *types* raise the built-in ``TypeError`` instead, as Python callers expect.
A page that simply has no article is not an error: ``extract`` returns a ``Document`` whose
``status`` says why it is empty.
"""
from __future__ import annotations


class CleanerError(Exception):
    """Base class of every error ``cleaner`` raises on purpose."""


class InputError(CleanerError):
    """The input cannot be read or used (missing file, unreadable bytes, bad option value)."""


class ExtractionError(CleanerError):
    """A stage of extraction failed on this page in a way that could not be recovered."""


class TemplateError(CleanerError):
    """A templates file cannot be read, parsed or written."""


class BatchError(CleanerError):
    """A batch cannot start or continue (bad output folder, conflicting resume state)."""


class FetchError(CleanerError):
    """Fetching a URL failed. ``url`` is the URL that was asked for."""

    def __init__(self, message: str, *, url: str) -> None:
        super().__init__(f"{message} ({url})")
        self.url = url


class InvalidURLError(FetchError):
    """The URL is malformed or its scheme is not http or https."""


class DNSError(FetchError):
    """The host name could not be resolved."""


class ConnectError(FetchError):
    """The connection failed or was reset, and retries did not help."""


class FetchTimeoutError(FetchError):
    """The connect timeout, read timeout or overall deadline was exceeded."""


class TooLargeError(FetchError):
    """The decompressed body is larger than the configured maximum."""


class NotHTMLError(FetchError):
    """The response is not HTML or XHTML. ``content_type`` says what it was."""

    def __init__(self, message: str, *, url: str, content_type: str = "") -> None:
        super().__init__(message, url=url)
        self.content_type = content_type


class HTTPStatusError(FetchError):
    """The server answered with an error status (after retries). ``status`` is the code."""

    def __init__(self, message: str, *, url: str, status: int) -> None:
        super().__init__(message, url=url)
        self.status = status


class TooManyRedirectsError(FetchError):
    """More redirects than allowed, or a redirect loop."""


class RobotsBlockedError(FetchError):
    """robots.txt disallows fetching this URL for our user agent."""


class BlockedAddressError(FetchError):
    """The host resolves to an address that ``FetchSettings.block_private_addresses`` forbids (loopback,
    private, link-local, multicast, reserved). ``address`` is the address refused."""

    def __init__(self, message: str, *, url: str, address: str = "") -> None:
        super().__init__(message, url=url)
        self.address = address
