"""When to retry a request and how long to wait: status classes, ``Retry-After``, backoff with jitter."""
from __future__ import annotations

import random
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

#: 501 and 505 say the server will never do it; retrying would only repeat the answer.
PERMANENT_5XX = frozenset({501, 505})


def is_retryable_status(status: int) -> bool:
    """429 (too many requests) and server errors that may pass."""
    return status == 429 or (500 <= status < 600 and status not in PERMANENT_5XX)


def retry_after_seconds(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds asked for by a ``Retry-After`` header (a number or an HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - (now or datetime.now(timezone.utc))).total_seconds())


def backoff_seconds(attempt: int, *, base: float, cap: float, rng: random.Random) -> float:
    """Exponential backoff (``base``, doubled per attempt, at most ``cap``) less up to half of it.

    The jitter keeps many clients that failed together from all retrying at the same moment.
    """
    full = min(cap, base * 2 ** attempt)
    return full * (1.0 - 0.5 * rng.random())
