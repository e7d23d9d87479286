"""``run_batch``: units in, output files and a journal out; the orchestrator of the batch package."""
from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from cleaner.atomic import write_atomic
from cleaner.errors import BatchError
from cleaner.options import DEFAULT_OPTIONS, Options
from cleaner.batch.fetching import FetchFunction, prefetch
from cleaner.batch.inputs import iter_tasks
from cleaner.batch.commit import GroupCommit
from cleaner.batch.journal import JOURNAL_NAME, Entry, Journal, read_entries
from cleaner.batch.output import DEFAULT_SHARD_BYTES, FileWriter, ShardWriter, Writer, failure_record, shard_index
from cleaner.batch.recovery import Recovery, recover
from cleaner.batch.records import DocumentTask, Outcome, OutputFormat
from cleaner.batch.summary import BatchSummary, count
from cleaner.batch.units import Unit, total_documents
from cleaner.batch.work import ExtractFunction, WorkSettings, default_extract, process_document
from cleaner.batch.worker import DEFAULT_MAX_TASKS, Completed, WorkerPool, peak_rss_kb

if TYPE_CHECKING:
    from cleaner.fetch.settings import FetchSettings

log = logging.getLogger(__name__)

#: Per-document time limit, in seconds. Real pages take tens of milliseconds; 30 s only stops
#: pathological ones (regex blow-ups, gigantic tables) without cutting slow legitimate pages.
DEFAULT_TIMEOUT = 30.0
FAILURES_NAME = "failures.jsonl"
#: The library stops itself at the time limit (``Options.time_limit``); a worker is killed only this long
#: after it, for what cannot check the clock (one long lxml parse, a trafilatura call): a fifth of the
#: limit, at least a second, so that a library that stops in time is never killed.
KILL_GRACE_SHARE, MIN_KILL_GRACE = 0.2, 1.0


def kill_grace(timeout: float) -> float:
    return max(MIN_KILL_GRACE, KILL_GRACE_SHARE * timeout)


def library_options(config: BatchConfig) -> Options:
    """The options with the batch's per-document time limit, unless they set one of their own."""
    if config.options.time_limit is not None:
        return config.options
    return replace(config.options, time_limit=config.timeout)


@dataclass(frozen=True)
class BatchConfig:
    out: Path  # run_units (Dask, array jobs) also takes an fsspec URL (str)
    fmt: OutputFormat = OutputFormat.JSONL
    jobs: int = field(default_factory=lambda: os.cpu_count() or 1)
    timeout: float = DEFAULT_TIMEOUT
    resume: bool = False
    options: Options = DEFAULT_OPTIONS
    templates: object | None = None
    max_tasks_per_worker: int = DEFAULT_MAX_TASKS
    shard_bytes: int = DEFAULT_SHARD_BYTES


class Reporter(Protocol):
    def start(self, total: int | None) -> None: ...
    def update(self, outcome: Outcome) -> None: ...
    def close(self) -> None: ...


def finished_entries(out: Path, *, resume: bool) -> tuple[dict[str, Entry], Recovery]:
    """The documents an earlier run finished, by source, and what recovering its output found; a journal
    without ``resume`` is an error.

    The shard the earlier run had open is kept up to its last journalled line (``recover``); a document
    counts as finished when the journal has it and its output holds it.
    """
    journal = out / JOURNAL_NAME
    if journal.exists() and not resume:
        raise BatchError(f"{out} holds an earlier batch; add --resume to finish it, or choose another folder")
    if not resume:
        return {}, Recovery()
    entries = list(read_entries(journal))
    recovery = recover(out, entries)
    return {e.source: e for e in entries
            if e.output is None or ((out / e.output).exists() and recovery.holds(e))}, recovery


def next_shard(out: Path) -> int:
    """A shard number never used before, by the journal or on disk, so old entries never point at new shards."""
    names = [e.output for e in read_entries(out / JOURNAL_NAME)] + [p.name for p in out.glob("part-*")]
    return 1 + max((i for i in map(shard_index, names) if i is not None), default=-1)


def open_writer(config: BatchConfig) -> Writer:
    if config.fmt is OutputFormat.JSONL:
        return ShardWriter(config.out, first_index=next_shard(config.out), max_bytes=config.shard_bytes)
    if config.fmt is OutputFormat.PARQUET:
        from cleaner.batch.parquet import ParquetShardWriter, require_pyarrow

        require_pyarrow()
        return ParquetShardWriter(config.out, first_index=next_shard(config.out), max_bytes=config.shard_bytes)
    return FileWriter(config.out, config.fmt)


def record(completed: Completed, writer: Writer, fmt: OutputFormat) -> Entry:
    """Write one finished document and return its journal entry (journalled by the caller after this)."""
    if completed.error is None:
        result = completed.result
        output = writer.write(result.source, result.payload, result.url)
        return Entry(result.source, result.outcome, output, result.url, end=writer.position)
    task: DocumentTask = completed.task
    if not fmt.sharded:
        return Entry(task.source, Outcome.FAILED, None, task.url, completed.error)
    output = writer.write(task.source, json.dumps(failure_record(task.source, task.url, completed.error),
                                                  ensure_ascii=False))
    return Entry(task.source, Outcome.FAILED, output, task.url, completed.error, end=writer.position)


def pending_tasks(units: Sequence[Unit], done: dict[str, Entry]) -> Iterator[DocumentTask]:
    """Tasks not finished yet, each source once even when inputs repeat it."""
    seen = set(done)
    for unit in units:
        for task in iter_tasks(unit):
            if task.source not in seen:
                seen.add(task.source)
                yield task


def fetcher_factory(settings: FetchSettings | None = None) -> Callable[[], FetchFunction]:
    """A factory of the batch's fetch function: one polite ``Fetcher``, robots.txt honoured by default."""
    def make() -> FetchFunction:
        from cleaner.fetch.fetcher import Fetcher  # late: only batches with URLs need the network stack
        from cleaner.fetch.settings import FetchSettings

        return partial(Fetcher(settings or FetchSettings(respect_robots=True)).fetch, html_only=True)
    return make


default_fetch = fetcher_factory()


def failures_text(entries: list[Entry]) -> str | None:
    """The lines of ``failures.jsonl``, or None when nothing failed."""
    failures = [e for e in entries if e.outcome is Outcome.FAILED]
    if not failures:
        return None
    lines = (json.dumps({"source": e.source, "url": e.url, "error": e.error}) for e in failures)  # ASCII: any name
    return "\n".join(lines) + "\n"


def write_failures(out: Path, entries: list[Entry]) -> Path | None:
    text = failures_text(entries)
    if text is None:
        return None
    write_atomic(out / FAILURES_NAME, text)
    return out / FAILURES_NAME


def make_output_folder(out: Path) -> None:
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BatchError(f"cannot create output folder {out}: {exc.strerror or exc}") from None
    if not out.is_dir():
        raise BatchError(f"output {out} is not a folder")


def run_batch(units: Sequence[Unit], config: BatchConfig, *, extract: ExtractFunction = default_extract,
              fetch: Callable[[], FetchFunction] = default_fetch, reporter: Reporter | None = None) -> BatchSummary:
    """Clean every document of ``units`` into ``config.out``; resumable, and failures never stop it."""
    started = time.monotonic()
    make_output_folder(config.out)
    done, recovery = finished_entries(config.out, resume=config.resume)
    total = total_documents(units)
    if reporter is not None:
        reporter.start(None if total is None else max(0, total - len(done)))
    settings = WorkSettings(fmt=config.fmt, options=library_options(config), templates=config.templates,
                            extract=extract)
    writer = open_writer(config)
    processed = redone = 0
    pool = WorkerPool(partial(process_document, settings=settings), jobs=config.jobs,
                      timeout=config.timeout + kill_grace(config.timeout), max_tasks=config.max_tasks_per_worker)
    with Journal(config.out / JOURNAL_NAME) as journal, pool:
        with GroupCommit(writer, journal) as group:  # on the way out, even by an exception, it commits
            for completed in pool.run(prefetch(pending_tasks(units, done), fetch)):
                entry = record(completed, writer, config.fmt)
                group.add(entry)
                done[entry.source] = entry
                processed += 1
                redone += recovery.was_lost(entry)
                if reporter is not None:
                    reporter.update(entry.outcome)
        writer.close()  # only on success; after a crash the open shard is kept up to its journalled lines
        worker_peak = pool.peak_worker_kb
    if reporter is not None:
        reporter.close()
    entries = list(done.values())
    return BatchSummary(ok=count(entries, Outcome.OK), empty=count(entries, Outcome.EMPTY),
                        failed=count(entries, Outcome.FAILED), processed=processed,
                        redone=redone if config.resume else None,
                        seconds=time.monotonic() - started, failures_path=write_failures(config.out, entries),
                        out=config.out, parent_peak_kb=peak_rss_kb(), worker_peak_kb=worker_peak)
