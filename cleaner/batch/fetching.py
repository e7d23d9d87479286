"""Fetching the URLs of a batch in the parent, through one polite fetcher, ahead of the workers.

One fetcher for the whole batch keeps the per-host delay and robots.txt rules global: if each worker
process fetched on its own, N workers would hit one host N times as often. Threads overlap the
waiting; a small window bounds how many bodies sit in memory.
"""
from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace

from cleaner.errors import CleanerError
from cleaner.batch.records import DocumentTask

log = logging.getLogger(__name__)

#: Fetches in flight. The fetcher's own per-host gate spaces requests to one host; eight threads
#: keep a list that spans many hosts moving without holding many bodies in memory.
FETCH_THREADS = 8

#: ``fetch(url) -> FetchResult`` (cleaner.fetch.settings.FetchResult: final_url, body, http_charset)
FetchFunction = Callable[[str], object]


def fetched(task: DocumentTask, fetch: FetchFunction) -> DocumentTask:
    """The task with its body in hand, or with ``error`` set when fetching failed."""
    try:
        response = fetch(task.url or task.source)
    except CleanerError as exc:
        return replace(task, fetch=False, error=f"fetch failed: {type(exc).__name__}: {exc}")
    except Exception as exc:  # a fetcher bug must not stop the batch either
        log.exception("unexpected error fetching %s", task.url)
        return replace(task, fetch=False, error=f"fetch failed: {type(exc).__name__}: {exc}")
    return replace(task, fetch=False, url=getattr(response, "final_url", None) or task.url,
                   data=response.body, encoding=getattr(response, "http_charset", None))


def prefetch(tasks: Iterable[DocumentTask], fetch: Callable[[], FetchFunction],
             threads: int = FETCH_THREADS) -> Iterator[DocumentTask]:
    """Tasks in order, with URL tasks fetched by a thread pool a few tasks ahead.

    ``fetch`` is a factory, called on the first URL only, so that a batch of files never builds a fetcher.
    """
    window: deque[Future | DocumentTask] = deque()
    executor: ThreadPoolExecutor | None = None
    fetch_one: FetchFunction | None = None
    try:
        for task in tasks:
            if task.fetch:
                if executor is None:
                    executor, fetch_one = ThreadPoolExecutor(threads), fetch()
                window.append(executor.submit(fetched, task, fetch_one))
            else:
                window.append(task)
            while len(window) > threads * 2 or (window and (not isinstance(window[0], Future) or window[0].done())):
                head = window.popleft()
                yield head.result() if isinstance(head, Future) else head
        while window:
            head = window.popleft()
            yield head.result() if isinstance(head, Future) else head
    finally:
        if executor is not None:
            executor.shutdown(wait=False, cancel_futures=True)
