"""WARC inputs, record reading and a local Dask cluster for the tests of spread batches (Dask, array jobs).

``dask_cluster`` starts a real ``dask scheduler`` and ``dask worker`` processes on 127.0.0.1 (free ports,
no dashboard, one thread each, no nanny so that killing a worker kills it) and stops them afterwards.
"""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

REPO = Path(__file__).resolve().parent.parent
WORDS = ("river", "garden", "stone", "market", "winter", "letter", "harbour", "lantern", "orchard", "bridge",
         "council", "budget", "school", "library", "station", "festival", "weather", "farmers", "museum")
#: Seconds given to the cluster to start, and to a test's batch to finish, before the test fails.
START_TIMEOUT = 60
RUN_TIMEOUT = 300


def site_page(site: int, number: int) -> str:
    """A news page of site ``site``: the site's own menu and footer around an article of its own."""
    import random

    rng = random.Random(site * 10_000 + number)
    paragraphs = "".join("<p>" + " ".join(rng.choice(WORDS) for _ in range(40)) + f", said report {number}.</p>"
                         for _ in range(5))
    return (f"<!DOCTYPE html><html><head><title>Report {number} - Site {site}</title></head><body>"
            f"<nav><ul><li><a href='/'>Home</a></li><li><a href='/news'>News</a></li>"
            f"<li><a href='/about'>About site {site}</a></li></ul></nav>"
            f"<article><h1>Report {number} of site {site}</h1>{paragraphs}</article>"
            f"<div class='promo'>Subscribe to the site {site} weekly letter for more stories like this.</div>"
            f"<footer>Copyright 2026 Site {site} Media. All rights reserved.</footer></body></html>")


def write_warc(path: Path, site: int, numbers: range) -> None:
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for number in numbers:
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            record = writer.create_warc_record(f"http://site{site}.example/news/{number}", "response",
                                               payload=BytesIO(site_page(site, number).encode()), http_headers=headers)
            writer.write_record(record)


def write_warcs(folder: Path, files: int = 8, pages: int = 5) -> list[Path]:
    """``files`` WARC.gz files of ``pages`` pages each, over three sites."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(files):
        path = folder / f"crawl-{number:02d}.warc.gz"
        write_warc(path, number % 3, range(number * pages, (number + 1) * pages))
        paths.append(path)
    return paths


def jsonl_records(out: Path) -> list[dict]:
    return [json.loads(line) for shard in sorted(out.glob("part-*.jsonl"))
            for line in shard.read_text(encoding="utf-8").splitlines()]


def by_source(records: list[dict]) -> dict[str, dict]:
    found = {record["source"]: record for record in records}
    assert len(found) == len(records), "a record appears twice"
    return found


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Cluster:
    address: str
    scheduler: subprocess.Popen
    workers: list[subprocess.Popen] = field(default_factory=list)


def spawn(*arguments: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), str(REPO / "tests")])}
    return subprocess.Popen([sys.executable, "-m", "dask", *arguments], env=env, cwd=REPO,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def dask_cluster(workers: int = 2):
    from dask.distributed import Client

    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    cluster = Cluster(address, spawn("scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"))
    try:
        for _ in range(workers):
            cluster.workers.append(spawn("worker", address, "--host", "127.0.0.1", "--nthreads", "1",
                                         "--no-dashboard", "--no-nanny", "--death-timeout", "60"))
        with Client(address, timeout=START_TIMEOUT) as client:
            client.wait_for_workers(workers, timeout=START_TIMEOUT)
        yield cluster
    finally:
        for process in [*cluster.workers, cluster.scheduler]:
            stop(process)


def wait_for(condition, timeout: float = RUN_TIMEOUT, interval: float = 0.05) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(interval)
    return False
