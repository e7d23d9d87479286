"""Done-when: a batch killed with SIGKILL at a random moment, then resumed, holds every input exactly once."""
from __future__ import annotations

import json
import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from batch_pages import EXTRACTED_LOG, write_broken, write_pages
from cleaner.batch.journal import JOURNAL_NAME
from cleaner.batch.output import output_name
from cleaner.batch.records import OutputFormat

REPO = Path(__file__).resolve().parent.parent
DRIVER = Path(__file__).resolve().parent / "batch_pages.py"
PAGES = 300


def start_batch(folder: Path, out: Path, fmt: str, *extra: str, shard_mb: str = "0.02",
                log: Path | None = None) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(REPO), **({EXTRACTED_LOG: str(log)} if log else {})}
    return subprocess.Popen([sys.executable, str(DRIVER), "batch", str(folder), "-o", str(out), "-f", fmt,
                             "-j", "2", "--timeout", "2", "-q", "--shard-mb", shard_mb, *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=REPO)


def kill_at_random(process: subprocess.Popen, journal: Path, rng: random.Random) -> None:
    """SIGKILL at a random moment after the first document is journalled (so the kill lands mid-run)."""
    deadline = time.monotonic() + 60
    while not (journal.exists() and journal.stat().st_size) and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(rng.uniform(0.0, 1.0))
    process.send_signal(signal.SIGKILL)
    assert process.wait() == -signal.SIGKILL, "the batch ended before it was killed"


def outputs(out: Path, fmt: str, inputs: set[str]) -> list[str]:
    """The source of every document in the output; parsing every file and line on the way.

    Per-document files are mapped back to their source by name (each name holds a hash of its source).
    """
    if fmt == "jsonl":
        return [json.loads(line)["source"] for shard in out.glob("part-*.jsonl")
                for line in shard.read_text(encoding="utf-8").splitlines()]
    by_name = {output_name(source, OutputFormat(fmt)): source for source in inputs}
    files = list(out.glob(f"*.{fmt}"))
    assert all(json.loads(path.read_text(encoding="utf-8"))["status"] for path in files)
    failures = [json.loads(line)["source"] for line in (out / "failures.jsonl").read_text().splitlines()]
    return [by_name[path.name] for path in files] + failures


@pytest.mark.parametrize("fmt,seed", [("jsonl", 1), ("jsonl", 2), ("json", 3)])
def test_sigkill_then_resume_gives_every_input_once(tmp_path, fmt, seed):
    rng = random.Random(seed)
    inputs = {str(p) for p in write_pages(tmp_path / "in", PAGES)}
    broken = tmp_path / "in" / "broken"
    for name in write_broken(broken):
        if name.startswith("slow"):  # timeouts are tested elsewhere; here they would only add seconds
            (broken / name).unlink()
        else:
            inputs.add(str(broken / name))
    out = tmp_path / "out"
    first = start_batch(tmp_path / "in", out, fmt)
    kill_at_random(first, out / JOURNAL_NAME, rng)
    assert 0 < len((out / JOURNAL_NAME).read_bytes().splitlines()) < len(inputs)
    resumed = start_batch(tmp_path / "in", out, fmt, "--resume")
    stdout, stderr = resumed.communicate(timeout=120)
    assert resumed.returncode == 1, stderr.decode()
    assert stdout.decode().strip().splitlines()[-1] == "14 failed"
    found = outputs(out, fmt, inputs)
    assert len(found) == len(set(found)), "a document appears twice"
    assert set(found) == inputs
    assert not list(out.glob(".*.tmp"))


def processes_mentioning(text: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and text.encode() in (entry / "cmdline").read_bytes():
                found.append(int(entry.name))
        except OSError:
            continue
    return found


@pytest.mark.skipif(not Path("/proc/self/cmdline").exists(), reason="needs /proc")
def test_workers_leave_when_the_batch_is_killed(tmp_path):
    """A worker stuck on a hanging page must not outlive a batch killed with SIGKILL."""
    broken = tmp_path / "in"
    for name in write_broken(broken):
        if not name.startswith("slow"):
            (broken / name).unlink()
    batch = start_batch(broken, tmp_path / "out", "jsonl")
    deadline = time.monotonic() + 30
    while len(processes_mentioning(str(tmp_path))) < 3 and time.monotonic() < deadline:
        time.sleep(0.05)  # the parent and its two workers, both on a hanging page
    time.sleep(0.5)
    batch.send_signal(signal.SIGKILL)
    batch.wait()
    deadline = time.monotonic() + 10
    while processes_mentioning(str(tmp_path)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert processes_mentioning(str(tmp_path)) == []


def test_non_utf8_file_names_still_give_parseable_output(tmp_path):
    from batch_pages import article_page, stand_in_extract
    from cleaner.batch.inputs import discover
    from cleaner.batch.runner import BatchConfig, run_batch

    folder = tmp_path / "in"
    folder.mkdir()
    name = os.fsdecode(b"caf\xe9-latin1.html")  # not UTF-8: decoded with surrogate escapes
    (folder / name).write_text(article_page(1))
    summary = run_batch(discover([str(folder)]), BatchConfig(out=tmp_path / "out", jobs=1), extract=stand_in_extract)
    assert summary.ok == 1
    (record,) = [json.loads(line) for line in (tmp_path / "out" / "part-00000.jsonl").read_text().splitlines()]
    assert record["source"].endswith("-latin1.html")


def journalled(journal: Path) -> int:
    return journal.read_bytes().count(b"\n") if journal.exists() else 0


@pytest.mark.parametrize("fmt", ["jsonl", "md"])
def test_resume_after_sigkill_redoes_at_most_a_tenth(tmp_path, fmt):
    """Killed when about half the pages are journalled, in one big open shard (64 MB, never full here): the
    resumed run processes at most 10% of the pages a second time, and says how many it processed again."""
    pages = 400
    inputs = {str(p) for p in write_pages(tmp_path / "in", pages)}
    out, first_log, second_log = tmp_path / "out", tmp_path / "first.log", tmp_path / "second.log"
    first = start_batch(tmp_path / "in", out, fmt, shard_mb="64", log=first_log)
    deadline = time.monotonic() + 60
    while journalled(out / JOURNAL_NAME) < pages // 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    first.send_signal(signal.SIGKILL)
    assert first.wait() == -signal.SIGKILL, "the batch ended before it was killed"
    resumed = start_batch(tmp_path / "in", out, fmt, "--resume", shard_mb="64", log=second_log)
    stdout, stderr = resumed.communicate(timeout=120)
    assert resumed.returncode == 0, stderr.decode()
    extracted_twice = set(first_log.read_text().splitlines()) & set(second_log.read_text().splitlines())
    assert len(extracted_twice) <= pages // 10, f"{len(extracted_twice)} of {pages} pages processed again"
    summary = stdout.decode()
    match = re.search(r"(\d+) of them processed again", summary)
    assert match, summary
    assert int(match.group(1)) <= len(extracted_twice)
    found = outputs(out, fmt, inputs) if fmt == "jsonl" else [p.name for p in out.glob("*.md")]
    assert len(found) == len(set(found)) and len(found) == pages
