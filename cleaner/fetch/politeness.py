"""Politeness towards each host: a minimum delay between requests and a cap on concurrent requests.

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
    next_start: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)


class HostGate:
    """Admits requests to a host no faster than ``min_delay`` apart and at most ``max_concurrent`` at once."""

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

    def _reserve_start(self, state: _HostState) -> float:
        """Book the next start time for this host and return how long the caller must wait for it."""
        with state.lock:
            now = self._clock()
            start = max(now, state.next_start)
            state.next_start = start + self._min_delay
            return start - now

    @contextmanager
    def slot(self, host: str, *, deadline: float | None = None) -> Iterator[None]:
        """Hold one of the host's slots for the duration of a request, after the polite delay."""
        state = self._state(host)
        timeout = None if deadline is None else max(0.0, deadline - self._clock())
        if not state.slots.acquire(timeout=timeout):
            raise GateTimeout(host)
        try:
            wait = self._reserve_start(state)
            if deadline is not None and self._clock() + wait > deadline:
                raise GateTimeout(host)
            if wait > 0:
                self._sleep(wait)
            yield
        finally:
            state.slots.release()
