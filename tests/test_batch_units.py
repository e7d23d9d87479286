"""Unit tests of the batch pieces: journal, output names and shards, input discovery, progress, pool."""
from __future__ import annotations

import gzip
import io
import json
import os
import time
from functools import partial

import pytest

from cleaner.batch.inputs import discover
from cleaner.batch.journal import Entry, Journal, encode, read_entries
from cleaner.batch.output import ShardWriter, output_name
from cleaner.batch.progress import Progress
from cleaner.batch.records import Outcome, OutputFormat
from cleaner.batch.units import Unit, UnitKind, slices, total_documents
from cleaner.batch.worker import TIMEOUT_REASON, WorkerPool
from cleaner.errors import BatchError, InputError


# -- journal --------------------------------------------------------------------------------------

def test_journal_round_trip_and_torn_last_line(tmp_path):
    path = tmp_path / "journal"
    entries = [Entry("a.html", Outcome.OK, "part-00000.jsonl"), Entry("b.html", Outcome.FAILED, None, None, "timeout")]
    with Journal(path) as journal:
        for entry in entries:
            journal.append(entry)
    torn = encode(Entry("c.html", Outcome.OK, "part-00000.jsonl"))
    with path.open("a") as handle:
        handle.write(torn[: len(torn) // 2])  # the process died in the middle of a write
    assert list(read_entries(path)) == entries
    with Journal(path) as journal:  # reopening cuts the torn tail before appending
        journal.append(Entry("d.html", Outcome.EMPTY, "part-00001.jsonl"))
    assert [e.source for e in read_entries(path)] == ["a.html", "b.html", "d.html"]


def test_journal_ignores_a_line_whose_checksum_does_not_match(tmp_path):
    path = tmp_path / "journal"
    good = encode(Entry("a.html", Outcome.OK, "x"))
    path.write_text(good + good.replace("a.html", "z.html") + "not a journal line\n")
    assert [e.source for e in read_entries(path)] == ["a.html"]


# -- output ---------------------------------------------------------------------------------------

def test_output_names_keep_two_sources_apart_and_stay_readable():
    one = output_name("/data/a/index.html", OutputFormat.MD)
    two = output_name("/data/b/index.html", OutputFormat.MD)
    assert one != two and one.startswith("a_index-") and one.endswith(".md")
    assert output_name("/data/a/index.html", OutputFormat.MD) == one  # stable across runs
    warc = output_name("c.warc.gz#<urn:uuid:1>", OutputFormat.TXT, "https://ex.org/news/big-story?x=1")
    assert warc.startswith("big-story-") and "/" not in warc
    assert output_name("https://ex.org/", OutputFormat.HTML).startswith("ex.org-")
    assert output_name("/x/../..", OutputFormat.TXT).startswith("page-")


def test_shards_are_bounded_and_appear_only_when_committed(tmp_path):
    writer = ShardWriter(tmp_path, first_index=3, max_bytes=100)
    names = []
    for n in range(5):
        names.append(writer.write(f"s{n}", '{"n": %d, "pad": "%s"}' % (n, "x" * 40)))
        assert (tmp_path / f".{names[-1]}.tmp").stat().st_size == writer.position  # handed to the OS at once
        writer.rotate_if_full()  # what GroupCommit does once the lines are journalled
    assert names[0] == "part-00003.jsonl" and names[-1] != names[0]
    assert not (tmp_path / names[-1]).exists(), "the open shard is still a temporary file"
    writer.close()
    shards = sorted(tmp_path.glob("part-*.jsonl"))
    assert sum(len(s.read_text().splitlines()) for s in shards) == 5
    assert all(s.stat().st_size <= 100 + 60 for s in shards)
    assert not list(tmp_path.glob(".*.tmp"))


# -- inputs ---------------------------------------------------------------------------------------

def test_discovery_of_folders_globs_gzip_url_lists_and_stdin(tmp_path):
    (tmp_path / "site" / "deep").mkdir(parents=True)
    (tmp_path / "site" / "a.html").write_text("<p>a</p>")
    (tmp_path / "site" / "deep" / "b.htm").write_text("<p>b</p>")
    (tmp_path / "site" / "c.html.gz").write_bytes(gzip.compress(b"<p>c</p>"))
    (tmp_path / "site" / "notes.css").write_text("p {}")
    (tmp_path / "site" / ".hidden.html").write_text("<p>h</p>")
    (tmp_path / "urls.txt").write_text("http://example.org/1\n# comment\nhttps://example.org/2\n")
    units = discover([str(tmp_path / "site"), str(tmp_path / "urls.txt")], glob="*.htm*")
    files = [u for u in units if u.kind is UnitKind.FILES]
    assert [os.path.basename(p) for p in files[0].items] == ["a.html", "c.html.gz", "b.htm"]  # sorted by path
    units = discover([str(tmp_path / "site")])
    assert sorted(os.path.basename(p) for p in units[0].items) == ["a.html", "b.htm", "c.html.gz", "notes.css"]
    (url_unit,) = [u for u in discover([str(tmp_path / "urls.txt")])]
    assert url_unit == Unit(UnitKind.URLS, ("http://example.org/1", "https://example.org/2"))
    from_stdin = discover(["-"], stdin=io.StringIO(f"{tmp_path / 'site' / 'a.html'}\nhttp://example.org/3\n"))
    assert [u.kind for u in from_stdin] == [UnitKind.FILES, UnitKind.URLS]
    with pytest.raises(InputError, match="no such file"):
        discover([str(tmp_path / "nope")])
    with pytest.raises(BatchError):
        discover([str(tmp_path / "site")], glob="*.pdf")


def test_units_slice_files_and_know_their_size():
    units = list(slices(UnitKind.FILES, (f"{n}.html" for n in range(1201)), size=500))
    assert [u.size for u in units] == [500, 500, 201] and len({u.id for u in units}) == 3
    assert total_documents(units) == 1201
    assert total_documents([*units, Unit(UnitKind.WARC, ("x.warc.gz",))]) is None


# -- progress -------------------------------------------------------------------------------------

def test_progress_counts_and_draws_done_failed_rate_and_time_left():
    stream = io.StringIO()
    loud = Progress(stream, enabled=True)
    loud.start(3)
    for outcome in (Outcome.OK, Outcome.FAILED, Outcome.OK):
        loud.update(outcome)
    loud.close()
    drawn = stream.getvalue()
    assert (loud.done, loud.failed) == (3, 1)
    assert "3/3 done, 1 failed" in drawn and "pages/s" in drawn and "<00:00" in drawn and drawn.endswith("\n")


def test_progress_without_a_total_and_quiet_mode():
    stream = io.StringIO()
    unknown = Progress(stream, enabled=True)
    unknown.start(None)
    unknown.update(Outcome.OK)
    unknown.close()
    assert "1 done, 0 failed" in stream.getvalue()
    silent = io.StringIO()
    quiet = Progress(silent, enabled=False)
    quiet.start(10)
    quiet.update(Outcome.FAILED)
    quiet.close()
    assert silent.getvalue() == "" and (quiet.done, quiet.failed) == (1, 1)


# -- worker pool ----------------------------------------------------------------------------------

def behave(task: str) -> str:
    if task == "hang":
        time.sleep(600)
    if task == "crash":
        os._exit(3)
    if task == "raise":
        raise ValueError("bad page")
    return f"{task}:{os.getpid()}"


def test_pool_survives_timeouts_crashes_and_exceptions():
    tasks = ["a", "hang", "b", "crash", "c", "raise", "d"]
    with WorkerPool(behave, jobs=2, timeout=1.0) as pool:
        done = {c.task: c for c in pool.run(tasks)}
    assert set(done) == set(tasks)
    assert done["hang"].error == TIMEOUT_REASON
    assert "crashed" in done["crash"].error and "ValueError: bad page" in done["raise"].error
    assert all(done[t].result.startswith(t + ":") for t in "abcd")


def test_workers_are_recycled_after_max_tasks():
    with WorkerPool(behave, jobs=1, timeout=5.0, max_tasks=3) as pool:
        pids = {c.result.split(":")[1] for c in pool.run([str(n) for n in range(9)])}
        assert pool.peak_worker_kb > 0
    assert len(pids) == 3


def test_output_names_tell_pages_of_the_same_file_name_apart():
    """``make demo``: every fixture is ``<slug>/source.html``; the folder says which page is which."""
    names = [output_name(f"fixtures/pages/{slug}/source.html", OutputFormat.MD) for slug in ("blog-post", "docs-page")]
    assert names[0].startswith("blog-post_source-") and names[1].startswith("docs-page_source-")
    assert output_name("page.html", OutputFormat.MD).startswith("page-")


def test_an_open_shard_is_kept_up_to_its_last_journalled_line(tmp_path):
    from cleaner.batch.recovery import recover

    writer = ShardWriter(tmp_path, first_index=0)
    entries = []
    for n in range(5):
        name = writer.write(f"s{n}", json.dumps({"source": f"s{n}"}))
        entries.append(Entry(f"s{n}", Outcome.OK, name, end=writer.position))
    writer.sync()
    del writer  # killed: the shard is still a temporary file, and only three entries reached the journal
    recovery = recover(tmp_path, entries[:3])
    lines = (tmp_path / "part-00000.jsonl").read_text().splitlines()
    assert [json.loads(line)["source"] for line in lines] == ["s0", "s1", "s2"]
    assert recovery.lost_sources == {"s3", "s4"} and all(recovery.holds(e) for e in entries[:3])
    assert not list(tmp_path.glob(".*.tmp"))


def test_group_commit_journals_after_the_output_and_renames_a_full_shard_last(tmp_path):
    from cleaner.batch.commit import GroupCommit

    writer = ShardWriter(tmp_path, max_bytes=10)
    with Journal(tmp_path / "journal") as journal, GroupCommit(writer, journal, max_documents=3) as group:
        for n in range(2):
            group.add(Entry(f"s{n}", Outcome.OK, writer.write(f"s{n}", '{"n": 1}'), end=writer.position))
        assert list(read_entries(tmp_path / "journal")) == [] and not (tmp_path / "part-00000.jsonl").exists()
        group.add(Entry("s2", Outcome.OK, writer.write("s2", '{"n": 1}'), end=writer.position))
        assert len(list(read_entries(tmp_path / "journal"))) == 3 and (tmp_path / "part-00000.jsonl").exists()
        group.add(Entry("s3", Outcome.OK, writer.write("s3", '{"n": 1}'), end=writer.position))
    assert [e.source for e in read_entries(tmp_path / "journal")] == ["s0", "s1", "s2", "s3"]
