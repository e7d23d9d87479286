"""The service's limits: request size (413), concurrency (503) and time per request (504)."""
from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

from starlette.requests import ClientDisconnect, Request

from cleaner.server.problems import Problem

T = TypeVar("T")

#: Seconds a client is told to wait after a 503.
RETRY_AFTER_SECONDS = 1


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refused with 413 as soon as it passes ``limit`` bytes (declared or streamed)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise too_large(limit)
    parts, total = [], 0
    try:
        async for chunk in request.stream():
            total += len(chunk)
            if total > limit:
                raise too_large(limit)
            parts.append(chunk)
    except ClientDisconnect:  # nobody is left to answer; say so in the log in one line, not a traceback
        raise Problem(400, "client_disconnected", "the client went away before sending the whole body") from None
    return b"".join(parts)


def too_large(limit: int) -> Problem:
    return Problem(413, "too_large", f"the request body is over the limit of {limit} bytes")


class WorkLimiter:
    """Runs the blocking work of requests on ``max_active`` threads, with at most ``max_waiting`` queued.

    A request over capacity is refused at once (503) rather than queued without bound. A request that
    runs past ``time_limit`` is answered 504; if it had not started, it is dropped from the queue.
    """

    def __init__(self, *, max_active: int, max_waiting: int, time_limit: float) -> None:
        self._executor = ThreadPoolExecutor(max_workers=max_active, thread_name_prefix="cleaner-serve")
        self._capacity = max_active + max_waiting
        self._time_limit = time_limit
        self._in_flight = 0
        self._lock = threading.Lock()  # done-callbacks release from the worker threads

    @property
    def in_flight(self) -> int:
        return self._in_flight

    async def run(self, work: Callable[..., T], *args: object) -> T:
        with self._lock:
            if self._in_flight >= self._capacity:
                raise Problem(503, "busy", "too many requests in progress; try again shortly",
                              headers={"Retry-After": str(RETRY_AFTER_SECONDS)})
            self._in_flight += 1
        try:
            future = self._executor.submit(work, *args)
        except RuntimeError:  # shutting down
            self._release(None)
            raise Problem(503, "busy", "the service is shutting down") from None
        future.add_done_callback(self._release)
        try:
            return await asyncio.wait_for(asyncio.wrap_future(future), self._time_limit)
        except asyncio.TimeoutError:
            # The service passes what is left of the time limit into Options.time_limit, so extraction stops
            # itself; what cannot check the clock (a fetch, one lxml parse, a trafilatura call) finishes in
            # its thread and keeps its slot until then (so runaway pages cannot pile up beyond max_active),
            # while the client gets its 504 now.
            future.cancel()
            raise Problem(504, "time_limit", f"the request took longer than {self._time_limit:g} s") from None

    def _release(self, _future: Future | None) -> None:
        with self._lock:
            self._in_flight -= 1

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)
