"""The units of a spread batch (Dask, array jobs) and which of them one array job takes.

Units are cut the same way on every run and every machine, so that a unit's id (and so its shards and
done-marker) is the same whether a run is resumed, moved to another cluster, or split into N jobs.
"""
from __future__ import annotations

from collections.abc import Sequence

from cleaner.batch.units import Unit, UnitKind, slices

#: Files (or URLs) per unit when a batch is spread: a hundred pages are a few seconds of work, so a
#: hundred units keep a hundred workers busy, while scheduling a unit costs milliseconds. A unit is
#: also what a resumed run redoes when it was cut short.
SPREAD_FILES_PER_UNIT = 100


def spread_units(units: Sequence[Unit], size: int = SPREAD_FILES_PER_UNIT) -> list[Unit]:
    """The inputs as units of at most ``size`` files or URLs (one per WARC file), each input once, in the
    order of ``discover``: files, WARC files, URLs."""
    def items(kind: UnitKind) -> list[str]:
        return list(dict.fromkeys(item for unit in units if unit.kind is kind for item in unit.items))

    return [*slices(UnitKind.FILES, items(UnitKind.FILES), size),
            *(Unit(UnitKind.WARC, (path,)) for path in items(UnitKind.WARC)),
            *slices(UnitKind.URLS, items(UnitKind.URLS), size)]


def shard(units: Sequence[Unit], index: int, count: int) -> list[Unit]:
    """The units array job ``index`` of ``count`` takes: every ``count``-th, so the jobs get alike shares
    and together take every unit exactly once."""
    if count < 1 or not 0 <= index < count:
        raise ValueError(f"shard index {index} is not in 0..{count - 1}")
    return list(units[index::count])
