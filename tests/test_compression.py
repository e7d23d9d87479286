"""Bounded gunzip shared by the CLI and the batch runner."""
from __future__ import annotations

import gzip

import pytest

from cleaner import InputError
from cleaner.compression import gunzip_bounded


def test_plain_bytes_pass_through_and_gzip_is_inflated() -> None:
    assert gunzip_bounded(b"<p>plain</p>", limit=100) == b"<p>plain</p>"
    assert gunzip_bounded(gzip.compress(b"<p>zipped</p>"), limit=100) == b"<p>zipped</p>"


def test_a_gzip_bomb_stops_at_the_limit() -> None:
    bomb = gzip.compress(b"\0" * 5_000_000)
    with pytest.raises(InputError, match="inflates to more than"):
        gunzip_bounded(bomb, limit=1024 * 1024, source="bomb.gz")


@pytest.mark.parametrize("cut", [12, 40])
def test_truncated_or_broken_gzip_is_an_input_error(cut: int) -> None:
    data = gzip.compress(b"<p>" + b"some text " * 2000)
    with pytest.raises(InputError, match="broken gzip in page.gz"):
        gunzip_bounded(data[:cut] if cut > 12 else data[:10] + b"\xff" * 20, limit=10**6, source="page.gz")
