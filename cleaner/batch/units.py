"""Units of work: a whole input file, or a slice of files, handed out as one piece.

A unit holds only paths or URLs (never bytes), so it pickles small and can be scheduled on another
machine later (Dask): ``run_batch([unit], config)`` there writes that unit's files under its own folder.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import Enum

#: Files per unit when a folder or a list of loose files is sliced. Large enough that scheduling cost is
#: negligible (a unit is minutes of work), small enough that a dozen units keep a dozen machines busy.
FILES_PER_UNIT = 500


class UnitKind(str, Enum):
    FILES = "files"  # HTML files, plain or gzipped
    WARC = "warc"    # one WARC or WARC.gz file
    URLS = "urls"    # URLs to fetch (from a URL list file, the command line or stdin)


@dataclass(frozen=True)
class Unit:
    kind: UnitKind
    items: tuple[str, ...]

    @property
    def id(self) -> str:
        """A stable name for the unit, the same on every run over the same inputs."""
        digest = hashlib.sha1("\n".join((self.kind.value, *self.items)).encode("utf-8", "surrogateescape"))
        return digest.hexdigest()[:12]

    @property
    def size(self) -> int | None:
        """Documents in the unit, or None when only reading it tells (a WARC file)."""
        return None if self.kind is UnitKind.WARC else len(self.items)


def slices(kind: UnitKind, items: Iterable[str], size: int = FILES_PER_UNIT) -> Iterator[Unit]:
    """Units of at most ``size`` items each, in order."""
    chunk: list[str] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield Unit(kind, tuple(chunk))
            chunk = []
    if chunk:
        yield Unit(kind, tuple(chunk))


def total_documents(units: Iterable[Unit]) -> int | None:
    """The number of documents, when every unit knows its size."""
    sizes = [unit.size for unit in units]
    return None if any(size is None for size in sizes) else sum(s for s in sizes if s is not None)
