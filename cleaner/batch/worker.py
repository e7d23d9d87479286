"""The worker pool: N processes, a time limit per document, workers recycled to keep memory flat.

The standard pools cannot stop one task that runs over, so this one is small and explicit: each worker
has its own pipe; the parent hands a task to an idle worker, waits on all pipes and process sentinels
until the nearest deadline, and kills (SIGKILL) a worker whose document is late, then starts a fresh one.
A worker is also replaced after ``max_tasks`` documents, so that memory a library keeps (caches,
fragmentation) is given back.
"""
from __future__ import annotations

import logging
import multiprocessing
import os
import resource
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Generic, TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")
R = TypeVar("R")

#: Documents a worker handles before it is replaced. Restarting costs a fork (a few ms), so 200
#: documents keep that cost under 0.1% while bounding what a leaking library can accumulate.
DEFAULT_MAX_TASKS = 200
#: Seconds given to a worker to leave on its own at shutdown before it is killed.
SHUTDOWN_GRACE = 2.0
#: How often an orphaned worker notices that its parent is gone (killed with SIGKILL, say).
ORPHAN_CHECK_INTERVAL = 1.0
TIMEOUT_REASON = "timeout"


@dataclass(frozen=True)
class Completed(Generic[T, R]):
    """A task and how it ended: ``result`` when the function returned, else ``error`` says why."""

    task: T
    result: R | None = None
    error: str | None = None


def peak_rss_kb() -> int:
    """The high-water resident memory of this process, in KiB (Linux reports KiB, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if peak > 1 << 32 else peak


def exit_when_orphaned(parent: int) -> None:
    """A worker whose parent died (kill -9) would otherwise finish a hanging page with no one to stop it."""
    while True:
        time.sleep(ORPHAN_CHECK_INTERVAL)
        if os.getppid() != parent:
            os._exit(1)


def worker_main(conn: Connection, work: Callable, parent: int) -> None:
    """Loop of a worker process: receive a task, send back (status, value, peak memory)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and stops us
    threading.Thread(target=exit_when_orphaned, args=(parent,), daemon=True).start()
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        try:
            message = ("ok", work(task))
        except BaseException as exc:  # a page that crashes a library is one failure, never the batch
            message = ("error", f"{type(exc).__name__}: {exc}"[:500])
        try:
            conn.send((*message, peak_rss_kb()))
        except Exception as exc:  # the result itself would not pickle
            conn.send(("error", f"result could not be sent: {exc}"[:500], peak_rss_kb()))


class _Worker:
    def __init__(self, context, work: Callable) -> None:
        self.conn, child = context.Pipe()
        self.process = context.Process(target=worker_main, args=(child, work, os.getpid()), daemon=True)
        self.process.start()
        child.close()
        self.task = None
        self.deadline = 0.0
        self.done = 0
        self.peak_kb = 0

    def assign(self, task, timeout: float) -> None:
        self.task = task
        self.deadline = time.monotonic() + timeout
        self.conn.send(task)

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.conn.close()

    def stop(self) -> None:
        try:
            self.conn.send(None)
        except OSError:
            pass
        self.process.join(SHUTDOWN_GRACE)
        self.kill()


class WorkerPool:
    """Runs ``work`` over tasks in ``jobs`` processes; use as a context manager.

    ``work`` must be picklable (a module-level function, or a ``functools.partial`` of one) when the
    platform has no ``fork``.
    """

    def __init__(self, work: Callable[[T], R], *, jobs: int, timeout: float,
                 max_tasks: int = DEFAULT_MAX_TASKS) -> None:
        if jobs < 1:
            raise ValueError("jobs must be at least 1")
        methods = multiprocessing.get_all_start_methods()
        self._context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        self._work = work
        self._jobs = jobs
        self._timeout = timeout
        self._max_tasks = max_tasks
        self._workers: list[_Worker] = []
        #: peak memory of workers already replaced, so the high-water mark survives recycling
        self.retired_peak_kb = 0

    def __enter__(self) -> "WorkerPool[T, R]":
        self._workers = [_Worker(self._context, self._work) for _ in range(self._jobs)]
        return self

    def __exit__(self, *exc: object) -> None:
        for worker in self._workers:
            worker.stop() if exc[0] is None else worker.kill()
        self._workers = []

    @property
    def peak_worker_kb(self) -> int:
        """The highest peak memory of any one worker so far (live or replaced)."""
        return max([self.retired_peak_kb, *(w.peak_kb for w in self._workers)])

    def _replace(self, worker: _Worker, *, graceful: bool) -> None:
        worker.stop() if graceful else worker.kill()
        self.retired_peak_kb = max(self.retired_peak_kb, worker.peak_kb)
        self._workers[self._workers.index(worker)] = _Worker(self._context, self._work)

    def _collect(self, worker: _Worker) -> Completed:
        task = worker.task
        worker.task = None
        try:
            status, value, peak_kb = worker.conn.recv()
        except (EOFError, OSError):
            code = worker.process.exitcode
            worker.process.join(SHUTDOWN_GRACE)
            self._replace(worker, graceful=False)
            return Completed(task, error=f"worker crashed (exit code {worker.process.exitcode or code})")
        worker.peak_kb = max(worker.peak_kb, peak_kb)
        worker.done += 1
        if worker.done >= self._max_tasks:
            self._replace(worker, graceful=True)
        return Completed(task, result=value) if status == "ok" else Completed(task, error=value)

    def _expire(self, worker: _Worker) -> Completed:
        task = worker.task
        worker.task = None
        self._replace(worker, graceful=False)
        return Completed(task, error=TIMEOUT_REASON)

    def run(self, tasks: Iterable[T]) -> Iterator[Completed[T, R]]:
        """Completed tasks, in the order they finish. Tasks are drawn lazily, one per idle worker."""
        pending = iter(tasks)
        exhausted = False
        while True:
            for worker in self._workers:
                if worker.task is None and not exhausted:
                    task = next(pending, None)
                    if task is None:
                        exhausted = True
                    else:
                        worker.assign(task, self._timeout)
            busy = [w for w in self._workers if w.task is not None]
            if not busy:
                return
            now = time.monotonic()
            nearest = min(w.deadline for w in busy)
            ready = set(wait([w.conn for w in busy] + [w.process.sentinel for w in busy],
                             timeout=max(0.0, nearest - now)))
            for worker in busy:
                if worker.conn in ready or worker.process.sentinel in ready:
                    yield self._collect(worker)
                elif time.monotonic() >= worker.deadline:
                    yield self._expire(worker)
