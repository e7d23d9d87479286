"""What ``--resume`` finds after an interruption: keep what the journal vouches for, note what was lost.

A shard still open when the batch died is a hidden ``.part-NNNNN.jsonl.tmp``. Its lines up to the last
journalled offset are whole and durable (the shard is fsync'd before its entries are journalled), so it is
cut there and renamed into place; the lines after were finished but never journalled, and are done again.
Per-document files that no entry names were also finished but not journalled; they are overwritten.
"""
from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from cleaner.batch.journal import Entry
from cleaner.batch.output import EXTENSIONS, remove_temporaries

OPEN_SHARD = re.compile(r"^\.(part-\d{5,}\.jsonl)\.tmp$")
_DOCUMENT_FILE = re.compile(r"-[0-9a-f]{12}\.(" + "|".join(sorted(set(EXTENSIONS.values()) - {"jsonl"})) + r")$")


@dataclass(frozen=True)
class Recovery:
    """The outcome of recovering an output folder. ``kept`` maps each adopted shard to the bytes kept."""

    kept: dict[str, int] = field(default_factory=dict)
    #: documents that were finished but not journalled: this run processes them again
    lost_sources: frozenset[str] = frozenset()
    lost_files: frozenset[str] = frozenset()

    def holds(self, entry: Entry) -> bool:
        """Whether the entry's document is in the output (an adopted shard may be shorter than journalled
        if a disk lied about an fsync; such entries are done again)."""
        kept = self.kept.get(entry.output or "")
        return kept is None or (entry.end or 0) <= kept

    def was_lost(self, entry: Entry) -> bool:
        return entry.source in self.lost_sources or entry.output in self.lost_files


def _sources(lines: bytes) -> set[str]:
    found = set()
    for line in lines.splitlines():
        try:
            found.add(json.loads(line)["source"])
        except (ValueError, KeyError, TypeError):
            continue  # a line cut by the kill: its document is redone all the same
    return found


def adopt_shard(temporary: Path, keep: int) -> tuple[int, set[str]]:
    """Cut an open shard to its first ``keep`` bytes (at most what it holds, to a line end) and rename it
    into place, or delete it when nothing is kept; the bytes kept and the sources of the lines cut off."""
    data = temporary.read_bytes()
    if keep > len(data):  # the disk lost bytes it had said were synced: keep the whole lines it has
        keep = data.rfind(b"\n") + 1
    lost = _sources(data[keep:])
    if keep <= 0:
        temporary.unlink()
        return 0, lost
    with temporary.open("r+b") as handle:
        handle.truncate(keep)
        os.fsync(handle.fileno())
    os.replace(temporary, temporary.with_name(OPEN_SHARD.match(temporary.name).group(1)))
    return keep, lost


def recover(out: Path, entries: Iterable[Entry]) -> Recovery:
    """Adopt the open shards of an interrupted run, list the unjournalled files, drop other temporaries."""
    entries = list(entries)
    ends: dict[str, int] = {}
    for entry in entries:
        if entry.output and entry.end is not None:
            ends[entry.output] = max(ends.get(entry.output, 0), entry.end)
    kept: dict[str, int] = {}
    lost_sources: set[str] = set()
    for temporary in sorted(out.glob(".part-*.jsonl.tmp")):
        match = OPEN_SHARD.match(temporary.name)
        if match is None or (out / match.group(1)).exists():
            continue
        kept[match.group(1)], lost = adopt_shard(temporary, ends.get(match.group(1), 0))
        lost_sources |= lost
    named = {entry.output for entry in entries}
    lost_files = {p.name for p in out.iterdir() if _DOCUMENT_FILE.search(p.name) and p.name not in named}
    remove_temporaries(out)
    return Recovery(kept, frozenset(lost_sources), frozenset(lost_files))
