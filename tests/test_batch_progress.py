"""The batch progress bar: drawn when stderr is a terminal (a pseudo-terminal here), absent otherwise."""
from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from batch_pages import write_pages

DRIVER = Path(__file__).with_name("batch_pages.py")
#: Seconds the whole CLI run may take; 30 pages of the stand-in extractor take about two.
RUN_LIMIT = 120


def run_batch_cli(pages: Path, out: Path, stderr: int) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(DRIVER), "batch", str(pages), "-o", str(out), "-j", "1"],
                            stdout=subprocess.PIPE, stderr=stderr, stdin=subprocess.DEVNULL)


def read_until_exit(master: int, process: subprocess.Popen) -> str:
    """Everything the child wrote on the terminal, read while it runs (a full pty would block it)."""
    chunks, deadline = [], time.monotonic() + RUN_LIMIT
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.1)
        if ready:
            try:
                data = os.read(master, 65536)
            except OSError:  # EIO: the child closed its end
                data = b""
            if data:
                chunks.append(data)
                continue
        if process.poll() is not None and not ready:
            break
    return b"".join(chunks).decode("utf-8", errors="replace")


@pytest.mark.skipif(not hasattr(pty, "openpty"), reason="needs pseudo-terminals")
def test_the_bar_shows_on_a_terminal(tmp_path):
    write_pages(tmp_path / "pages", 30)
    master, slave = pty.openpty()
    # A new pty is 0 columns wide, where tqdm draws nothing; a terminal window is 80 or more.
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    try:
        process = run_batch_cli(tmp_path / "pages", tmp_path / "out", stderr=slave)
        os.close(slave)
        shown = read_until_exit(master, process)
    finally:
        os.close(master)
    assert process.wait(timeout=10) == 0, shown
    assert "30/30 done, 0 failed" in shown and "100%" in shown and "pages/s" in shown
    assert "30 documents" in process.stdout.read().decode()  # the summary stays on stdout


def test_no_bar_when_stderr_is_a_file(tmp_path):
    write_pages(tmp_path / "pages", 30)
    log = tmp_path / "stderr.txt"
    with log.open("wb") as handle:
        process = run_batch_cli(tmp_path / "pages", tmp_path / "out", stderr=handle.fileno())
        stdout, _ = process.communicate(timeout=RUN_LIMIT)
    assert process.returncode == 0
    assert "30 documents" in stdout.decode()
    assert "done" not in log.read_text() and "\r" not in log.read_text()
