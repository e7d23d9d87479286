"""``--engine dask``: the units of a batch as Dask tasks, each writing its own shards and done-marker.

A unit is one task. A worker runs it in its own process, document after document (the worker
processes are the parallelism), writes the unit's shards and then its marker, and hands back only the
unit's report, so nothing large travels back to the client. When a worker dies, the scheduler gives
its unit to another worker, and the new attempt deletes what the dead one had written of it first.
"""
from __future__ import annotations

import logging
import os
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial

from cleaner.batch.fetching import FetchFunction, prefetch
from cleaner.batch.learning import count_unit
from cleaner.batch.runner import default_fetch
from cleaner.batch.unitwork import UnitJob, UnitReport, in_process, run_unit
from cleaner.batch.units import Unit
from cleaner.errors import BatchError
from cleaner.options import Options

log = logging.getLogger(__name__)

EXTRA_HINT = "--engine dask needs Dask: pip install 'cleaner[dask]'"


def require_dask() -> None:
    """Fail early, in one line, when the extra is not installed."""
    try:
        import dask.distributed  # noqa: F401
    except ImportError:
        raise BatchError(EXTRA_HINT) from None


def run_unit_on_worker(unit: Unit, job: UnitJob, fetch: Callable[[], FetchFunction]) -> UnitReport:
    """The Dask task of one unit (URLs are fetched by the worker, through one polite fetcher per unit)."""
    return run_unit(unit, job, lambda tasks: in_process(prefetch(tasks, fetch), job.settings))


@dataclass(frozen=True)
class DaskUnits:
    """Runs units on the cluster of ``client``."""

    client: object  # distributed.Client
    fetch: Callable[[], FetchFunction] = default_fetch

    def _keys(self, name: str, units: Sequence[Unit]) -> list[str]:
        run = uuid.uuid4().hex[:8]  # a new run never gets an earlier run's results from the cluster
        return [f"cleaner-{name}-{unit.id}-{run}" for unit in units]

    def run(self, units: Sequence[Unit], job: UnitJob) -> Iterator[UnitReport]:
        from dask.distributed import as_completed

        if not units:
            return
        shared = self.client.scatter(job, broadcast=True, hash=False)  # templates sent once to each worker
        futures = self.client.map(run_unit_on_worker, list(units), job=shared, fetch=self.fetch,
                                  key=self._keys("unit", units))
        names = {future.key: unit.id for future, unit in zip(futures, units)}
        failed = []
        for future in as_completed(futures):
            try:
                yield future.result()
            except Exception as exc:  # a unit that could not be written (its workers died, a full disk)
                log.error("unit %s failed: %s: %s", names[future.key], type(exc).__name__, exc)
                failed.append(names[future.key])
        if failed:
            raise BatchError(f"{len(failed)} units could not be finished (first: {failed[0]}); "
                             "run the same command with --resume to finish them")

    def count(self, units: Sequence[Unit], options: Options) -> list:
        if not units:
            return []
        futures = self.client.map(partial(count_unit, options=options), list(units), key=self._keys("learn", units))
        return self.client.gather(futures)


@contextmanager
def dask_units(scheduler: str | None, *, workers: int | None = None,
               fetch: Callable[[], FetchFunction] = default_fetch) -> Iterator[DaskUnits]:
    """Units run on the scheduler at ``scheduler`` (``tcp://host:8786``), or, without one, on a local
    cluster of ``workers`` single-threaded processes (default: one per core)."""
    require_dask()
    from dask.distributed import Client, LocalCluster

    if scheduler:
        try:
            client = Client(scheduler)  # waits distributed.comm.timeouts.connect (Dask's setting, 30 s)
        except (OSError, TimeoutError) as exc:
            raise BatchError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
        with client:
            yield DaskUnits(client, fetch)
        return
    cluster = LocalCluster(n_workers=workers or os.cpu_count() or 1, threads_per_worker=1, processes=True,
                           scheduler_kwargs={"dashboard": False})
    with cluster, Client(cluster) as client:
        yield DaskUnits(client, fetch)
