"""Share of pages whose found metadata matches Readability's expected-metadata.json, per field.

Only pages where the expected field exists count. Values are compared after collapsing whitespace, case and
punctuation; dates by their calendar day (YYYY-MM-DD), languages by their primary subtag ("en-GB" matches "en").
Used for Readability's expected-metadata.json and for wcxb-dev's title, author and publish_date. A field
the system filled on none of those pages is shown as "n/a (not extracted)": it does not extract it at all.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, fields
from typing import Iterable

from datasets import MetadataFields

FIELDS = tuple(f.name for f in fields(MetadataFields))
DAY_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
PUNCTUATION_RE = re.compile(r"[^\w\s]")


def normalise(field: str, value: str | None) -> str:
    text = " ".join((value or "").split()).casefold()
    if field == "date":
        day = DAY_RE.search(text)
        return day.group(0) if day else text
    if field == "language":
        return re.split(r"[-_]", text)[0]
    return " ".join(PUNCTUATION_RE.sub(" ", text).split())


@dataclass(frozen=True)
class FieldMatch:
    field: str
    matched: int
    expected: int
    #: pages (of the expected ones) where the system gave any value for the field
    filled: int = 0

    @property
    def share(self) -> float:
        return self.matched / self.expected if self.expected else 0.0


def match_fields(pairs: Iterable[tuple[MetadataFields, MetadataFields | None]]) -> tuple[FieldMatch, ...]:
    """Per field: pages where expected and found agree, out of pages where the expected value exists."""
    matched = dict.fromkeys(FIELDS, 0)
    expected = dict.fromkeys(FIELDS, 0)
    filled = dict.fromkeys(FIELDS, 0)
    for want, got in pairs:
        for name in FIELDS:
            target = normalise(name, getattr(want, name))
            if not target:
                continue
            expected[name] += 1
            value = normalise(name, getattr(got, name)) if got is not None else ""
            filled[name] += bool(value)
            matched[name] += value == target
    return tuple(FieldMatch(name, matched[name], expected[name], filled[name]) for name in FIELDS)


def format_matches(system: str, matches: Iterable[FieldMatch]) -> str:
    cells = "  ".join(f"{m.field} n/a (not extracted)" if m.expected and not m.filled else
                      f"{m.field} {m.share:.0%} ({m.matched}/{m.expected})" for m in matches)
    return f"  {system:<24} {cells}"
