"""One unit of a spread batch (Dask, array jobs): its documents into its own shards, then its done-marker.

A unit writes only files named after it (``part-<unit id>-NNNNN.jsonl``), each atomically, and last its
marker ``.cleaner-units/<unit id>.json``, which lists its entries and files. A unit without a marker did
not finish: it is run again from the start, and the first thing it does is delete the shards of the
attempt that died, so no record is ever written twice. Per-document files (txt, md ...) are named after
their source, so a rerun overwrites them.
"""
from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass

from cleaner.batch.inputs import iter_tasks
from cleaner.batch.journal import Entry
from cleaner.batch.output import EXTENSIONS, output_name
from cleaner.batch.records import DocumentTask, Outcome, OutputFormat
from cleaner.batch.runner import record
from cleaner.batch.store import Store, open_store
from cleaner.batch.units import Unit
from cleaner.batch.work import WorkSettings, process_document
from cleaner.batch.worker import Completed

log = logging.getLogger(__name__)

UNITS_FOLDER = ".cleaner-units"
#: Characters of an error message kept, as the worker pool keeps them.
ERROR_CHARS = 500

#: Tasks in, completed tasks out (in any order): a worker pool, or extraction in this process.
Completions = Callable[[Iterable[DocumentTask]], Iterable[Completed]]


@dataclass(frozen=True)
class UnitJob:
    """What every unit of a run shares: where to write, in which format, and how to extract."""

    out: str  # a folder or an fsspec URL that every worker reaches
    settings: WorkSettings
    shard_bytes: int


@dataclass(frozen=True)
class UnitReport:
    """A finished unit: one entry per document, and the files it wrote."""

    unit_id: str
    entries: tuple[Entry, ...]
    outputs: tuple[str, ...]


def marker_name(unit_id: str) -> str:
    return f"{UNITS_FOLDER}/{unit_id}.json"


def encode_report(report: UnitReport) -> bytes:
    entries = [{**asdict(e), "outcome": e.outcome.value} for e in report.entries]
    return json.dumps({"unit": report.unit_id, "entries": entries, "outputs": list(report.outputs)}).encode()


def read_report(store: Store, unit_id: str) -> UnitReport | None:
    """The report in a unit's marker; None when there is none, or it cannot be read (the unit is redone)."""
    data = store.read(marker_name(unit_id))
    if data is None:
        return None
    try:
        body = json.loads(data)
        entries = tuple(Entry(**{**e, "outcome": Outcome(e["outcome"])}) for e in body["entries"])
        return UnitReport(body["unit"], entries, tuple(body["outputs"]))
    except (ValueError, TypeError, KeyError) as exc:
        log.warning("marker of unit %s is unreadable (%s); the unit is done again", unit_id, exc)
        return None


def finished_unit_ids(store: Store) -> set[str]:
    return {name.rsplit("/", 1)[-1].removesuffix(".json") for name in store.names(UNITS_FOLDER, "*.json")}


class UnitWriter:
    """The files of one unit: bounded shards ``part-<unit>-NNNNN.<ext>``, or one file per document."""

    def __init__(self, store: Store, unit_id: str, fmt: OutputFormat, max_bytes: int) -> None:
        self.store, self.unit_id, self.fmt, self.max_bytes = store, unit_id, fmt, max_bytes
        self.outputs: list[str] = []
        self._lines: list[str] = []
        self._size = 0

    @property
    def position(self) -> None:
        return None  # a unit is durable as a whole, by its done-marker: no offset inside a shard

    def _shard_name(self) -> str:
        return f"part-{self.unit_id}-{len(self.outputs):05d}.{EXTENSIONS[self.fmt]}"

    def write(self, source: str, payload: str, url: str | None = None) -> str:
        if not self.fmt.sharded:
            name = output_name(source, self.fmt, url)
            self.store.write(name, payload.encode("utf-8", "backslashreplace"))
            self.outputs.append(name)
            return name
        if self._lines and self._size >= self.max_bytes:
            self._flush()
        self._lines.append(payload)
        self._size += len(payload)
        return self._shard_name()

    def _flush(self) -> None:
        if self.fmt is OutputFormat.PARQUET:
            from cleaner.batch.parquet import encode_records

            data = encode_records(self._lines)
        else:
            data = "".join(line + "\n" for line in self._lines).encode("utf-8", "backslashreplace")
        self.store.write(self._shard_name(), data)
        self.outputs.append(self._shard_name())
        self._lines, self._size = [], 0

    def close(self) -> None:
        if self._lines:
            self._flush()


def clear_unit(store: Store, unit_id: str) -> None:
    """Shards and temporary files left by an attempt at this unit that did not finish."""
    for name in store.names("", f"part-{unit_id}-*") + store.names("", f".part-{unit_id}-*.tmp"):
        store.remove(name)


def distinct(tasks: Iterable[DocumentTask]) -> Iterator[DocumentTask]:
    seen: set[str] = set()
    for task in tasks:
        if task.source not in seen:
            seen.add(task.source)
            yield task


def run_unit(unit: Unit, job: UnitJob, completions: Completions) -> UnitReport:
    """Clean one unit into its files, then write its marker; returns what the marker holds."""
    store = open_store(job.out)
    clear_unit(store, unit.id)
    writer = UnitWriter(store, unit.id, job.settings.fmt, job.shard_bytes)
    entries = tuple(record(completed, writer, job.settings.fmt) for completed in completions(distinct(iter_tasks(unit))))
    writer.close()
    report = UnitReport(unit.id, entries, tuple(dict.fromkeys(writer.outputs)))
    store.write(marker_name(unit.id), encode_report(report))
    return report


def in_process(tasks: Iterable[DocumentTask], settings: WorkSettings) -> Iterator[Completed]:
    """Extraction in this process, one document after another; an exception is that document's failure.

    This is how a Dask worker runs a unit: the worker process is the unit of parallelism there.
    """
    for task in tasks:
        try:
            yield Completed(task, result=process_document(task, settings))
        except Exception as exc:  # a page that crashes a library is one failure, never the unit
            yield Completed(task, error=f"{type(exc).__name__}: {exc}"[:ERROR_CHARS])
