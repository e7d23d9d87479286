"""cleaner.interrupt: a call that cannot check a deadline is stopped from outside, in any thread, and nothing
of the watchdog reaches the caller's code after the call has returned."""
from __future__ import annotations

import threading
import time

import pytest

from cleaner.deadline import TimeLimitReached
from cleaner.interrupt import call_within


def spin(seconds: float = 60.0) -> int:
    """Python code that never checks a deadline."""
    end, turns = time.monotonic() + seconds, 0
    while time.monotonic() < end:
        turns += 1
    return turns


def test_a_call_still_running_is_stopped() -> None:
    started = time.monotonic()
    with pytest.raises(TimeLimitReached):
        call_within(spin, 0.2)
    assert time.monotonic() - started < 5  # stopped, not run to its 60 s


def test_a_call_that_ends_in_time_returns_its_result() -> None:
    assert call_within(lambda: 42, 5.0) == 42


def test_the_calls_own_exceptions_pass_unchanged() -> None:
    def fail() -> None:
        raise KeyError("own")

    with pytest.raises(KeyError, match="own"):
        call_within(fail, 5.0)


def test_no_time_left_does_not_call() -> None:
    calls = []
    with pytest.raises(TimeLimitReached):
        call_within(lambda: calls.append(1), 0.0)
    assert not calls


def test_a_call_in_another_thread_is_stopped() -> None:
    found: list[object] = []

    def run() -> None:
        try:
            call_within(spin, 0.2)
        except TimeLimitReached as exc:
            found.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=30)
    assert not thread.is_alive() and len(found) == 1


def test_a_stopped_exception_is_caught_once_and_the_call_is_stopped_again() -> None:
    # Code that swallows the first exception is stopped by the next one.
    def stubborn() -> int:
        try:
            spin()
        except BaseException:  # noqa: BLE001 - what the watchdog must outlast
            pass
        return spin()

    with pytest.raises(TimeLimitReached):
        call_within(stubborn, 0.1)


def test_nothing_lands_after_calls_that_end_at_their_limit() -> None:
    # Calls lasting as long as their limit: some are stopped, some end; the code after each call must never
    # see the watchdog's exception (it is cleared, or caught before the call returns).
    ended = stopped = 0
    for _ in range(300):
        try:
            ended += call_within(lambda: spin(0.001) >= 0, 0.001)
            spin(0.0005)
        except TimeLimitReached:
            stopped += 1
    assert ended + stopped == 300
    spin(0.2)  # a late exception would land here
