"""A one-line progress bar on a stream (stderr): done, failed, rate, and time left when the total is known."""
from __future__ import annotations

import time
from collections.abc import Callable
from typing import TextIO

from cleaner.batch.records import Outcome

#: Redraws per second at most: enough to look live, few enough to cost nothing at 1,000 pages/s.
REDRAW_INTERVAL = 0.2
BAR_WIDTH = 24


def format_duration(seconds: float) -> str:
    seconds = int(seconds)
    if seconds >= 3600:
        return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"
    return f"{seconds // 60}m{seconds % 60:02d}s" if seconds >= 60 else f"{seconds}s"


def progress_line(done: int, failed: int, total: int | None, elapsed: float) -> str:
    rate = done / elapsed if elapsed > 0 else 0.0
    counts = f"{done}/{total}" if total else f"{done}"
    line = f"{counts} done, {failed} failed, {rate:.1f} pages/s"
    if total:
        filled = min(BAR_WIDTH, BAR_WIDTH * done // max(total, 1))
        bar = "[" + "#" * filled + "." * (BAR_WIDTH - filled) + "] "
        left = (total - done) / rate if rate > 0 else None
        line = bar + line + (f", {format_duration(left)} left" if left is not None else "")
    return line


class Progress:
    """``start(total)``, then ``update`` per finished document, then ``close``; draws nothing when disabled."""

    def __init__(self, stream: TextIO, *, enabled: bool, clock: Callable[[], float] = time.monotonic) -> None:
        self._stream = stream
        self._total: int | None = None
        self._enabled = enabled
        self._clock = clock
        self._start = clock()
        self._last_draw = float("-inf")
        self._width = 0
        self.done = 0
        self.failed = 0

    def start(self, total: int | None) -> None:
        """``total``: documents still to do in this run, or None when unknown."""
        self._total = total
        self._start = self._clock()

    def update(self, outcome: Outcome) -> None:
        self.done += 1
        self.failed += outcome is Outcome.FAILED
        now = self._clock()
        if now - self._last_draw >= REDRAW_INTERVAL:
            self._draw(now)

    def _draw(self, now: float) -> None:
        if not self._enabled:
            return
        self._last_draw = now
        line = progress_line(self.done, self.failed, self._total, now - self._start)
        self._stream.write("\r" + line.ljust(self._width))
        self._stream.flush()
        self._width = len(line)

    def close(self) -> None:
        if self._enabled and self.done:
            self._draw(self._clock())
            self._stream.write("\n")
            self._stream.flush()
