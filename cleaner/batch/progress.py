"""The batch's progress bar, drawn by tqdm on a stream (stderr): done, failed, rate, and time left.

``Progress`` is the ``Reporter`` that ``run_batch`` (and any other engine) calls: ``start(total)``,
``update(outcome)`` per finished document, ``close()``. Disabled, it only counts.
"""
from __future__ import annotations

from typing import TextIO

from tqdm import tqdm

from cleaner.batch.records import Outcome

#: Seconds between redraws at most: enough to look live, few enough to cost nothing at 1,000 pages/s.
REDRAW_INTERVAL = 0.2
#: Count, bar, rate and time left; the failures ride in the postfix (tqdm puts ", " before it). Without a
#: total there is no bar and no time left.
BAR_FORMAT = "{l_bar}{bar}| {n_fmt}/{total_fmt} done{postfix} [{elapsed}<{remaining}, {rate_fmt}]"
NO_TOTAL_FORMAT = "{n_fmt} done{postfix} [{elapsed}, {rate_fmt}]"


class Progress:
    """``start(total)``, then ``update`` per finished document, then ``close``; draws nothing when disabled."""

    def __init__(self, stream: TextIO, *, enabled: bool) -> None:
        self._stream = stream
        self._enabled = enabled
        self._bar: tqdm | None = None
        self.done = 0
        self.failed = 0

    def start(self, total: int | None) -> None:
        """``total``: documents still to do in this run, or None when unknown."""
        if self._bar is not None:
            self._bar.close()
        self._bar = tqdm(total=total, file=self._stream, disable=not self._enabled, unit=" pages",
                         mininterval=REDRAW_INTERVAL, dynamic_ncols=True, leave=True,
                         bar_format=BAR_FORMAT if total else NO_TOTAL_FORMAT, postfix="0 failed")

    def update(self, outcome: Outcome) -> None:
        self.done += 1
        self.failed += outcome is Outcome.FAILED
        if self._bar is None:
            self.start(None)
        assert self._bar is not None
        if outcome is Outcome.FAILED:
            self._bar.set_postfix_str(f"{self.failed} failed", refresh=False)
        self._bar.update(1)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None
