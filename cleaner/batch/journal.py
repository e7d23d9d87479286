"""The journal: a durable, append-only record of every finished document of a batch.

Each line is ``<crc32 as 8 hex digits> <json>``; lines are appended a few at a time and fsync'd (see
``cleaner.batch.commit``). After a crash (``kill -9`` included) the last line may be torn: its checksum
does not match, so it is ignored on reading, and cut off before new lines are appended.

An entry names the output file that holds the document; for a jsonl shard it also gives ``end``, the
byte offset just past the document's line, so that a shard still open when the batch died can be kept
up to its last journalled line on ``--resume`` instead of being redone whole.
"""
from __future__ import annotations

import json
import logging
import os
import zlib
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from cleaner.batch.records import Outcome

log = logging.getLogger(__name__)

JOURNAL_NAME = ".cleaner-journal"


@dataclass(frozen=True)
class Entry:
    """One finished document: its source, how it ended, and the output file that holds it (if any)."""

    source: str
    outcome: Outcome
    output: str | None = None  # file name under the output folder (a shard or a per-document file)
    url: str | None = None
    error: str | None = None
    end: int | None = None  # in a shard: the byte offset just past this document's line


def encode(entry: Entry) -> str:
    body = json.dumps({**asdict(entry), "outcome": entry.outcome.value})  # ASCII: odd file names survive
    return f"{zlib.crc32(body.encode('utf-8')):08x} {body}\n"


def decode(line: str) -> Entry | None:
    """The entry of a line, or None when the line is torn or corrupt."""
    checksum, _, body = line.rstrip("\n").partition(" ")
    try:
        if int(checksum, 16) != zlib.crc32(body.encode("utf-8")):
            return None
        data = json.loads(body)
        return Entry(**{**data, "outcome": Outcome(data["outcome"])})
    except (ValueError, TypeError, KeyError):
        return None


def read_entries(path: Path) -> Iterator[Entry]:
    """The valid entries of a journal, in order; torn or corrupt lines are skipped (and logged)."""
    if not path.exists():
        return
    with path.open(encoding="utf-8", errors="replace", newline="\n") as handle:
        for number, line in enumerate(handle, 1):
            entry = decode(line) if line.endswith("\n") else None
            if entry is None:
                log.warning("journal %s: line %d is torn or corrupt; ignored", path, number)
                continue
            yield entry


def cut_torn_tail(path: Path) -> None:
    """Drop a last line without its newline, so that appended lines start on a line of their own."""
    if not path.exists():
        return
    data = path.read_bytes()
    if data and not data.endswith(b"\n"):
        with path.open("r+b") as handle:
            handle.truncate(data.rfind(b"\n") + 1)
            os.fsync(handle.fileno())


class Journal:
    """Appends entries durably. Use as a context manager."""

    def __init__(self, path: Path) -> None:
        self.path = path
        cut_torn_tail(path)
        self._handle = path.open("a", encoding="utf-8", newline="\n")

    def append(self, entry: Entry) -> None:
        self.append_many([entry])

    def append_many(self, entries: list[Entry]) -> None:
        """Append the entries with one write and one fsync: durable when this returns."""
        if not entries:
            return
        self._handle.write("".join(map(encode, entries)))
        self._handle.flush()
        os.fsync(self._handle.fileno())

    def close(self) -> None:
        self._handle.close()

    def __enter__(self) -> "Journal":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
