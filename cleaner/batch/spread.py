"""``run_units``: a batch as independent units, each writing its own shards and done-marker.

This is how a batch runs when it is spread: over a Dask cluster (``cleaner.batch.dask_engine``), or as one
job of N in a Slurm or Kubernetes array (``shard=(index, count)``, run here by ``LocalUnits``). Any
number of runs may write into the same output location at once, since no two units share a file.

``--resume`` means what it means locally: units whose marker exists are kept, the others are done
again (a unit cut short is redone whole, its partial shards deleted first), so every input appears
exactly once.
"""
from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Protocol

from cleaner.batch.fetching import FetchFunction, prefetch
from cleaner.batch.journal import JOURNAL_NAME
from cleaner.batch.learning import count_unit, learn_from_counts
from cleaner.batch.plan import shard as shard_of, spread_units
from cleaner.batch.runner import (FAILURES_NAME, BatchConfig, Reporter, default_fetch, failures_text, kill_grace,
                                  library_options)
from cleaner.batch.store import Store, open_store
from cleaner.batch.summary import BatchSummary, count
from cleaner.batch.unitwork import (UNITS_FOLDER, UnitJob, UnitReport, finished_unit_ids, read_report,
                                    run_unit)
from cleaner.batch.records import Outcome
from cleaner.batch.units import Unit, total_documents
from cleaner.batch.work import ExtractFunction, WorkSettings, default_extract, process_document
from cleaner.batch.worker import WorkerPool, peak_rss_kb
from cleaner.errors import BatchError
from cleaner.options import Options

if TYPE_CHECKING:
    from cleaner.template_learning import TemplateCounts

log = logging.getLogger(__name__)


class UnitExecutor(Protocol):
    """Runs units somewhere: on this machine, or on a cluster."""

    def run(self, units: Sequence[Unit], job: UnitJob) -> Iterator[UnitReport]:
        """The reports of ``units``, in the order they finish."""

    def count(self, units: Sequence[Unit], options: Options) -> list[TemplateCounts]:
        """The template counts of each unit (the learning pass), in the order of ``units``."""


@dataclass(frozen=True)
class LocalUnits:
    """Units one after another on this machine, the documents of each over a pool of ``jobs`` processes."""

    jobs: int = 1
    timeout: float = 30.0
    fetch: Callable[[], FetchFunction] = default_fetch

    def run(self, units: Sequence[Unit], job: UnitJob) -> Iterator[UnitReport]:
        # The library stops itself at the time limit (``library_options``); a worker is killed only later.
        pool = WorkerPool(partial(process_document, settings=job.settings), jobs=self.jobs,
                          timeout=self.timeout + kill_grace(self.timeout))
        with pool:
            for unit in units:
                yield run_unit(unit, job, lambda tasks: pool.run(prefetch(tasks, self.fetch)))

    def count(self, units: Sequence[Unit], options: Options) -> list[TemplateCounts]:
        return [count_unit(unit, options=options) for unit in units]


def failures_name(shard: tuple[int, int] | None) -> str:
    """Each array job lists its own failures, so that jobs writing into one folder never clash."""
    return FAILURES_NAME if shard is None else f"failures-{shard[0]:05d}-of-{shard[1]:05d}.jsonl"


def finished_reports(store: Store, units: Sequence[Unit], *, resume: bool, shard: bool) -> dict[str, UnitReport]:
    """The reports of the units an earlier run finished; an earlier batch without ``resume`` is an error.

    An array job only looks at its own units: the other jobs write their markers into the same folder.
    """
    mine = {unit.id for unit in units}
    finished = finished_unit_ids(store)
    earlier = (finished & mine if shard else finished) or store.names("", JOURNAL_NAME)
    if earlier and not resume:
        raise BatchError(f"{store.location} holds an earlier batch; add --resume to finish it, or choose another folder")
    if not resume:
        return {}
    if not shard:  # with other jobs at work, their temporary files are not ours to remove
        store.remove_temporaries("")
        store.remove_temporaries(UNITS_FOLDER)
    reports = (read_report(store, unit_id) for unit_id in sorted(finished & mine))
    return {report.unit_id: report for report in reports if report is not None}


def pending_size(units: Iterable[Unit], done: dict[str, UnitReport]) -> int | None:
    return total_documents(unit for unit in units if unit.id not in done)


def run_units(units: Sequence[Unit], config: BatchConfig, executor: UnitExecutor, *,
              extract: ExtractFunction = default_extract, reporter: Reporter | None = None,
              shard: tuple[int, int] | None = None, learn_templates: bool = False) -> BatchSummary:
    """Clean ``units`` (as ``discover`` gives them) unit by unit into ``config.out``, a folder or fsspec URL.

    ``shard=(index, count)`` takes one array job's share of the units; ``learn_templates`` first learns
    the sites' templates from every unit (of all shards, so that N jobs clean as one run would).
    """
    started = time.monotonic()
    store = open_store(config.out)
    store.prepare()
    every_unit = spread_units(units)
    mine = every_unit if shard is None else shard_of(every_unit, *shard)
    done = finished_reports(store, mine, resume=config.resume, shard=shard is not None)
    templates = config.templates
    if learn_templates:
        templates = learn_from_counts(executor.count(every_unit, config.options))
    # The batch's --timeout as Options.time_limit, so that every engine (a Dask worker too, which has no
    # pool to kill a runaway page) stops a page at the time limit.
    settings = WorkSettings(fmt=config.fmt, options=library_options(config), templates=templates, extract=extract)
    job = UnitJob(out=store.location, settings=settings, shard_bytes=config.shard_bytes)
    if reporter is not None:
        reporter.start(pending_size(mine, done))
    processed = 0
    for report in executor.run([unit for unit in mine if unit.id not in done], job):
        done[report.unit_id] = report
        processed += len(report.entries)
        for entry in report.entries if reporter is not None else ():
            reporter.update(entry.outcome)
    if reporter is not None:
        reporter.close()
    return summarize(store, [e for report in done.values() for e in report.entries], processed=processed,
                     seconds=time.monotonic() - started, failures=failures_name(shard))


def summarize(store: Store, entries: list, *, processed: int, seconds: float, failures: str) -> BatchSummary:
    text = failures_text(entries)
    if text is not None:
        store.write(failures, text.encode("utf-8"))
    return BatchSummary(ok=count(entries, Outcome.OK), empty=count(entries, Outcome.EMPTY),
                        failed=count(entries, Outcome.FAILED), processed=processed, seconds=seconds,
                        failures_path=None if text is None else f"{store.location.rstrip('/')}/{failures}",
                        out=store.location, parent_peak_kb=peak_rss_kb())
