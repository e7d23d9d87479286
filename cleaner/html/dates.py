"""Publication dates: the date printed under the headline, and every date written as ``YYYY-MM-DD``.

The benchmark's human-reviewed dates are the dates a reader sees on the page: a date printed in a short
block just after the headline ("March 3, 2025", "3 March 2025", "2025-03-03"). The markup's date may be a
template's, a modification's, or a time zone away; ``metadata._date`` weighs the two.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from cleaner.html.segment import Segment

MONTH_NAMES = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?"
               r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
_MONTHS = {name: number for number, name in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_MONTH = rf"(?P<month>{MONTH_NAMES})\.?"
_PRINTED_DATES = (
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.I),  # March 3, 2025
    re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b", re.I),  # 3 March 2025
    re.compile(rf"\b{_YEAR}-(?P<month>[01]\d)-(?P<day>[0-3]\d)(?!\d)"),  # 2025-03-03, 2025-03-03T10:00
)
#: A block longer than this (words) is prose that may mention any date, not a dateline.
MAX_DATELINE_WORDS = 25
#: How many blocks after the headline are searched for the printed date (bylines sit right under it).
DATELINE_BLOCKS = 30


def _as_iso(match: re.Match[str]) -> str | None:
    month = match.group("month")
    number = int(month) if month.isdigit() else _MONTHS.get(month[:3].lower(), 0)
    try:
        return date(int(match.group("year")), number, int(match.group("day"))).isoformat()
    except ValueError:  # "February 30"
        return None


def find_printed_date(text: str) -> str | None:
    """The first date written out in ``text`` (English month names or ISO), as ``YYYY-MM-DD``."""
    found = [m for m in (pattern.search(text) for pattern in _PRINTED_DATES) if m]
    for match in sorted(found, key=lambda m: m.start()):
        if iso := _as_iso(match):
            return iso
    return None


def printed_date(segments: Sequence[Segment], *, after_headline: bool = True) -> str | None:
    """The first date printed in a short block: within DATELINE_BLOCKS blocks from the <h1> (from the top
    when there is none), or anywhere on the page with ``after_headline`` False."""
    start = next((i for i, s in enumerate(segments) if s.heading_level == 1), 0) if after_headline else 0
    window = segments[start:start + DATELINE_BLOCKS] if after_headline else segments
    for segment in window:
        if segment.words <= MAX_DATELINE_WORDS and not segment.hidden and (found := find_printed_date(segment.text)):
            return found
    return None


_ISO_START = re.compile(r"^(?:19|20)\d\d-[01]\d-[0-3]\d")


def iso_date(value: str | None) -> str | None:
    """A date in ISO 8601: an ISO value as it is (with its time, if any), a written-out date as
    ``YYYY-MM-DD``; a value that cannot be read stays as it is."""
    if not value or _ISO_START.match(value):
        return value
    return find_printed_date(value) or value


def day_of(value: str | None) -> str | None:
    """The ``YYYY-MM-DD`` day of a date (the day as written, in the page's own time zone), None if unread."""
    return find_printed_date(value) if value else None
