"""Stop a call that cannot check a deadline itself (trafilatura's extraction) when its time is up, without signals.

``call_within(function, seconds)`` runs ``function`` in the calling thread while a watchdog thread waits. If the
call is still running after ``seconds``, the watchdog raises an exception inside the calling thread with
CPython's ``PyThreadState_SetAsyncExc``, and ``call_within`` turns it into ``TimeLimitReached``. This works in
any thread, unlike ``signal.alarm``. The exception arrives between two Python bytecodes, so one long C call
(an lxml parse or XPath search) ends before it; trafilatura's loops are Python, and they stop within
milliseconds.

The watchdog repeats the exception every ``REPEAT_SECONDS`` until the call has ended, in case the called code
catches it once (none of trafilatura's code does: it catches ``Exception``, and this one is a
``BaseException``). When the call ends, the watchdog is told under a lock that it must not fire any more, and an
exception it set too late to matter is cleared before ``call_within`` returns. No exception can escape into the
caller's code after that.

The known limit of such exceptions: code stopped between taking a lock and entering the ``try`` that releases it
leaves the lock taken. trafilatura's extraction takes no lock of its own; ``logging`` takes its handlers' locks
while it writes a record, so an application that logs trafilatura's debug messages takes that small risk when
a call is stopped.

Where CPython's API is not available, the call runs to its end. The time budget of trafilatura
(``cleaner.html.extractors.trafilatura_adapter.trafilatura_budget``) still keeps it from being started when it
is not expected to finish.
"""
from __future__ import annotations

import ctypes
import threading
from collections.abc import Callable
from typing import TypeVar

from cleaner.deadline import TimeLimitReached

T = TypeVar("T")

#: Seconds between two exceptions raised into a call that is still running after its time.
REPEAT_SECONDS = 0.05


class _Interrupted(BaseException):
    """Raised into the calling thread by its watchdog. A ``BaseException``: ``except Exception`` lets it pass."""


def _async_exception_setter() -> Callable[[int, type[BaseException] | None], None] | None:
    """A function that makes a thread raise an exception (or, given ``None``, forgets one not raised yet)."""
    function = getattr(getattr(ctypes, "pythonapi", None), "PyThreadState_SetAsyncExc", None)
    if function is None:
        return None

    def set_exception(thread: int, exception: type[BaseException] | None) -> None:
        # NULL (None, untyped) clears; a py_object of None would set None as the exception.
        function(ctypes.c_ulong(thread), None if exception is None else ctypes.py_object(exception))

    return set_exception


class _Watch:
    """The state one call shares with its watchdog."""

    __slots__ = ("lock", "running", "fired", "finished")

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.running = True
        self.fired = False
        self.finished = threading.Event()


def call_within(function: Callable[[], T], seconds: float) -> T:
    """``function()``, or ``TimeLimitReached`` when it is still running after ``seconds``."""
    set_exception = _async_exception_setter()
    if set_exception is None or seconds == float("inf"):
        return function()
    if seconds <= 0:
        raise TimeLimitReached("no time left for the call")
    target = threading.get_ident()
    watch = _Watch()

    def watchdog() -> None:
        wait = seconds
        while not watch.finished.wait(wait):
            with watch.lock:
                if not watch.running:
                    return
                set_exception(target, _Interrupted)
                watch.fired = True
            wait = REPEAT_SECONDS

    try:
        try:  # the watchdog starts inside: with a very short time it can fire before start() returns
            threading.Thread(target=watchdog, name="cleaner-watchdog", daemon=True).start()
            return function()
        finally:
            _stop(watch, target, set_exception)
    except _Interrupted:
        raise TimeLimitReached(f"time limit reached in a call of {seconds:.2f} s") from None


def _stop(watch: _Watch, target: int, set_exception: Callable[[int, type[BaseException] | None], None]) -> None:
    """Tell the watchdog to stop and clear an exception it set that has not been raised yet. The exception can
    arrive while this runs: then this starts again (the watchdog fires at most once per ``REPEAT_SECONDS``)."""
    while True:
        try:
            with watch.lock:
                watch.running = False
            watch.finished.set()
            if watch.fired:
                set_exception(target, None)
            return
        except _Interrupted:
            continue
