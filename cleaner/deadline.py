"""A time budget for one call, checked inside the loops of extraction; no signals, no module state.

A ``Deadline`` is made per call (``Deadline.start(options.time_limit)``) and passed down. ``check()`` raises
``TimeLimitReached`` once the budget is spent; the pipelines catch it and return a Document with status
``TIME_LIMIT`` and the text decided so far. It works in any thread, since nothing is interrupted from
outside: the work notices itself. What cannot check (one lxml parse, one trafilatura call) is bounded from
outside: it is skipped when the budget left is less than it is expected to take (``can_afford``), and a
trafilatura call that runs over anyway is stopped by a watchdog (``cleaner.interrupt``).
"""
from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")


class TimeLimitReached(Exception):
    """The budget of a call is spent. Internal: the pipelines turn it into ``Status.TIME_LIMIT``."""


class Deadline:
    """The moment a call must stop by; ``None`` seconds means no limit (every check passes)."""

    __slots__ = ("seconds", "_end")

    def __init__(self, seconds: float | None, *, now: float | None = None) -> None:
        self.seconds = seconds
        self._end = None if seconds is None else (time.monotonic() if now is None else now) + max(0.0, seconds)

    @classmethod
    def start(cls, seconds: float | None) -> Deadline:
        return cls(seconds)

    def expired(self) -> bool:
        return self._end is not None and time.monotonic() >= self._end

    def check(self) -> None:
        """Raise ``TimeLimitReached`` when the budget is spent (a few tens of nanoseconds without a limit)."""
        if self._end is not None and time.monotonic() >= self._end:
            raise TimeLimitReached(f"time limit of {self.seconds} s reached")

    def remaining(self) -> float:
        return float("inf") if self._end is None else max(0.0, self._end - time.monotonic())

    def can_afford(self, seconds: float) -> bool:
        """Whether a step expected to take ``seconds``, which cannot check the deadline itself, fits."""
        return self.remaining() >= seconds

    def watch(self, items: Iterable[T]) -> Iterator[T]:
        """``items``, checking the deadline before each (for comprehensions, which cannot hold a statement)."""
        if self._end is None:
            yield from items
            return
        for item in items:
            self.check()
            yield item


#: The deadline of calls without a time limit; it holds no state that changes.
NO_DEADLINE = Deadline(None)
