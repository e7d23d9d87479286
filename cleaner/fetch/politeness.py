"""Politeness towards each host: a minimum delay between requests and a cap on concurrent requests.

The delay is the larger of the gate's own minimum and the one each request brings (the site's
robots.txt ``Crawl-delay``), measured from the start of the host's previous request, so the first
page after robots.txt already waits what robots.txt asked.

One ``HostGate`` is shared by every thread of a ``Fetcher``; all its state sits behind one lock, so
it is safe to use from a thread pool.
"""
from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field


class GateTimeout(Exception):
    """No slot for the host became free before the caller's deadline."""


@dataclass
class _HostState:
    slots: threading.BoundedSemaphore
    last_start: float = float("-inf")
    lock: threading.Lock = field(default_factory=threading.Lock)


class HostGate:
    """Admits requests to a host no faster than ``min_delay`` apart (or a slower delay a request asks
    for) and at most ``max_concurrent`` at once."""

    def __init__(self, *, min_delay: float, max_concurrent: int,
                 clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep) -> None:
        if max_concurrent < 1:
            raise ValueError("max_concurrent must be at least 1")
        self._min_delay = max(0.0, min_delay)
        self._max_concurrent = max_concurrent
        self._clock = clock
        self._sleep = sleep
        self._hosts: dict[str, _HostState] = {}
        self._lock = threading.Lock()

    def _state(self, host: str) -> _HostState:
        with self._lock:
            state = self._hosts.get(host)
            if state is None:
                state = _HostState(threading.BoundedSemaphore(self._max_concurrent))
                self._hosts[host] = state
            return state

    def _reserve_start(self, state: _HostState, delay: float, deadline: float | None) -> float:
        """Book this request's start on the host and return how long the caller must wait for it.

        A start past ``deadline`` raises ``GateTimeout`` unbooked, so it leaves no gap before the next request.
        """
        with state.lock:
            now = self._clock()
            start = max(now, state.last_start + max(self._min_delay, delay))
            if deadline is not None and start > deadline:
                raise GateTimeout("the host's polite delay runs past the deadline")
            state.last_start = start
            return start - now

    @contextmanager
    def slot(self, host: str, *, deadline: float | None = None, delay: float = 0.0) -> Iterator[None]:
        """Hold one of the host's slots for the duration of a request, after the polite delay.

        ``delay``: the least time since the host's previous request start that this request asks for.
        """
        state = self._state(host)
        timeout = None if deadline is None else max(0.0, deadline - self._clock())
        if not state.slots.acquire(timeout=timeout):
            raise GateTimeout(host)
        try:
            wait = self._reserve_start(state, delay, deadline)
            if wait > 0:
                self._sleep(wait)
            yield
        finally:
            state.slots.release()
