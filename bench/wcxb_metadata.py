"""Matching of found metadata against wcxb-dev's title, author and publish_date, per field.

Values are compared with whitespace, case and punctuation aside (the ``\\w+`` words, casefolded, in order);
dates by their calendar day. A page counts for a field when its truth has a value for it; ``share_all``
also counts the pages without one, where finding nothing is the right answer.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Mapping

#: field name in cleaner's Metadata (and in trafilatura's Document, where it is the same) -> key in the truth
FIELDS = {"title": "title", "author": "author", "date": "publish_date"}
_WORD = re.compile(r"\w+")
_DAY = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def _day(value: str) -> str:
    found = _DAY.search(value)
    if found:
        year, month, day = found.groups()
        return f"{year}-{int(month):02d}-{int(day):02d}"
    try:
        from dateutil import parser

        return parser.parse(value, fuzzy=True).date().isoformat()
    except (ValueError, OverflowError, TypeError):
        return ""


def normalise(field: str, value: object) -> str:
    """The comparable form of a value: its day for dates, else its words casefolded ("" for nothing)."""
    if not isinstance(value, str) or not value.strip():
        return ""
    if field == "date":
        return _day(value)
    return " ".join(_WORD.findall(value.casefold()))


def same(field: str, expected: object, found: object) -> bool:
    return normalise(field, expected) == normalise(field, found)


@dataclass(frozen=True)
class FieldTally:
    field: str
    matched: int  # pages whose truth has a value and the found value matches it
    expected: int  # pages whose truth has a value
    matched_all: int  # over all pages: a match, or no truth and nothing found
    pages: int

    @property
    def share(self) -> float:
        return self.matched / self.expected if self.expected else 0.0

    @property
    def share_all(self) -> float:
        return self.matched_all / self.pages if self.pages else 0.0


def tally(pairs: Iterable[tuple[Mapping[str, object], Mapping[str, object]]]) -> tuple[FieldTally, ...]:
    """Per field, over (truth entry, found values) pairs; found values are keyed by cleaner's field names."""
    counts = {name: [0, 0, 0, 0] for name in FIELDS}
    for truth, found in pairs:
        for name, key in FIELDS.items():
            want, got = normalise(name, truth.get(key)), normalise(name, found.get(name))
            counts[name][3] += 1
            counts[name][2] += want == got
            if want:
                counts[name][1] += 1
                counts[name][0] += want == got
    return tuple(FieldTally(name, *values) for name, values in counts.items())


def format_tally(system: str, tallies: Iterable[FieldTally]) -> str:
    cells = "  ".join(f"{t.field} {t.share:6.1%} ({t.matched}/{t.expected}, all pages {t.share_all:.1%})"
                      for t in tallies)
    return f"  {system:<14} {cells}"
