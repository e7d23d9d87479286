"""Errors the service answers with: a status, a short machine-readable code and a message, as JSON."""
from __future__ import annotations

from collections.abc import Mapping

from cleaner.errors import (
    BlockedAddressError, CleanerError, FetchError, FetchTimeoutError, InputError, InvalidURLError,
)


class Problem(Exception):
    """An error answer: ``{"error": code, "message": message}`` with HTTP ``status``."""

    def __init__(self, status: int, code: str, message: str, *, headers: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = dict(headers or {})

    def body(self) -> dict[str, str]:
        return {"error": self.code, "message": self.message}


def problem_of(error: CleanerError) -> Problem:
    """The answer for a library error: the caller's mistake is 4xx, an upstream timeout 504.

    A page that cannot be fetched (DNS, refused connection, 404 upstream, not HTML ...) is 422: the
    request was understood but the URL in it cannot be processed. It is not a failure of this service.
    """
    if isinstance(error, BlockedAddressError):
        return Problem(403, "blocked_address", str(error))
    if isinstance(error, InvalidURLError):
        return Problem(400, "invalid_url", str(error))
    if isinstance(error, FetchTimeoutError):
        return Problem(504, "fetch_timeout", str(error))
    if isinstance(error, FetchError):
        return Problem(422, "fetch_failed", str(error))
    if isinstance(error, InputError):
        return Problem(400, "invalid_input", str(error))
    return Problem(500, "extraction_failed", str(error))
