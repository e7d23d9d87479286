"""Done-when: ``--engine dask`` on a real scheduler and two workers (started here, on 127.0.0.1) gives the
local batch's records; a worker killed mid-run costs nothing; templates are learned across the cluster;
without Dask, ``--engine dask`` says which extra to install and exits 2."""
from __future__ import annotations

import dataclasses
import os
import signal
import subprocess
import sys

import pytest

pytest.importorskip("dask.distributed")

from spread_helpers import REPO, RUN_TIMEOUT, by_source, dask_cluster, jsonl_records, wait_for, write_warcs  # noqa: E402
from cleaner.batch.inputs import discover
from cleaner.batch.runner import BatchConfig, run_batch
from cleaner.batch.inputs import iter_tasks  # noqa: E402
from cleaner.batch.learning import learn_from_counts, learn_from_units  # noqa: E402
from cleaner.batch.plan import spread_units  # noqa: E402
from cleaner.batch.unitwork import UNITS_FOLDER  # noqa: E402
from cleaner.cli.main import main  # noqa: E402
from cleaner.batch.dask_engine import DaskUnits  # noqa: E402
from cleaner.options import Options  # noqa: E402
from cleaner.types import Metadata  # noqa: E402
from fetch_server import server  # noqa: E402,F401 - the fixture


@pytest.fixture(scope="module")
def cluster():
    with dask_cluster(workers=2) as running:
        yield running


@pytest.fixture(scope="module")
def warcs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("warcs")
    write_warcs(folder, files=8, pages=5)
    return folder


@pytest.fixture(scope="module")
def local_records(warcs, tmp_path_factory):
    out = tmp_path_factory.mktemp("local") / "out"
    run_batch(discover([str(warcs)]), BatchConfig(out=out, jobs=2))
    return by_source(jsonl_records(out))


def dask_batch(cluster, warcs, out, *extra: str) -> int:
    return main(["batch", str(warcs), "-o", str(out), "--engine", "dask", "--scheduler", cluster.address, "-q",
                 *extra])


def test_eight_warc_files_on_two_workers_equal_the_local_batch(cluster, warcs, local_records, tmp_path, capsys):
    assert dask_batch(cluster, warcs, tmp_path / "out") == 0
    out = capsys.readouterr().out
    assert out.startswith("40 documents: 40 ok, 0 empty, 0 failed") and "40 processed" in out
    assert len(local_records) == 40 and all(r["status"] == "ok" for r in local_records.values())
    assert by_source(jsonl_records(tmp_path / "out")) == local_records
    assert len(list((tmp_path / "out" / UNITS_FOLDER).iterdir())) == 8
    assert dask_batch(cluster, warcs, tmp_path / "out", "--resume") == 0
    assert "0 processed" in capsys.readouterr().out
    assert by_source(jsonl_records(tmp_path / "out")) == local_records


def test_parquet_on_dask_reads_back_as_the_local_records(cluster, warcs, local_records, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    assert dask_batch(cluster, warcs, (tmp_path / "out").as_uri(), "-f", "parquet") == 0
    rows = [row for path in (tmp_path / "out").glob("part-*.parquet") for row in pq.read_table(path).to_pylist()]
    empty_metadata = {field.name: None for field in dataclasses.fields(Metadata)}
    assert by_source(rows) == {s: {"error": None, **r, "metadata": {**empty_metadata, **r["metadata"]}}
                               for s, r in local_records.items()}


def test_templates_are_learned_across_the_cluster(cluster, warcs, tmp_path):
    from dask.distributed import Client

    units = spread_units(discover([str(warcs)]))
    with Client(cluster.address) as client:
        counted = learn_from_counts(DaskUnits(client).count(units, Options()))
    local = learn_from_units(units, options=Options())
    assert counted is not None and counted.to_json() == local.to_json()
    assert {len(site.blocks) for site in counted.sites.values()} != {0}
    run_batch(discover([str(warcs)]), BatchConfig(out=tmp_path / "local", jobs=2, templates=local))
    assert dask_batch(cluster, warcs, tmp_path / "dask", "--learn-templates") == 0
    cleaned = by_source(jsonl_records(tmp_path / "dask"))
    assert cleaned == by_source(jsonl_records(tmp_path / "local"))
    assert all(any(r["reason"].startswith("template:") for r in record["removed"]) for record in cleaned.values())


def test_a_worker_killed_mid_run_costs_no_record(tmp_path):
    """Units slow enough (40 real pages each) that one finishes while the others still run; then kill -9."""
    warcs = tmp_path / "in"
    paths = write_warcs(warcs, files=8, pages=40)
    expected = {task.source for path in paths for task in iter_tasks(discover([str(path)])[0])}
    out = tmp_path / "out"
    with dask_cluster(workers=2) as cluster:
        batch = subprocess.Popen([sys.executable, "-m", "cleaner", "batch", str(warcs), "-o", str(out), "-q",
                                  "--engine", "dask", "--scheduler", cluster.address],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=REPO,
                                 env={**os.environ, "PYTHONPATH": str(REPO)})
        markers = out / UNITS_FOLDER
        assert wait_for(lambda: markers.exists() and any(markers.iterdir())), "no unit finished"
        cluster.workers[0].send_signal(signal.SIGKILL)
        cluster.workers[0].wait()
        finished_at_kill = len(list(markers.iterdir()))
        stdout, stderr = batch.communicate(timeout=RUN_TIMEOUT)
    assert batch.returncode == 0, stderr.decode()[-2000:]
    assert finished_at_kill < 8, "the kill came after the run had finished"
    assert stdout.decode().startswith("320 documents: 320 ok")
    records = jsonl_records(out)
    assert len(records) == len(expected) == 320
    assert set(by_source(records)) == expected
    assert not list(out.glob(".*.tmp"))


def test_without_dask_the_engine_names_the_extra(tmp_path, monkeypatch, capsys):
    write_warcs(tmp_path / "in", files=1, pages=1)
    monkeypatch.setitem(sys.modules, "dask", None)  # import dask... now raises ImportError
    monkeypatch.setitem(sys.modules, "dask.distributed", None)
    code = main(["batch", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--engine", "dask", "-q"])
    assert code == 2
    assert capsys.readouterr().err.strip().splitlines() == [
        "cleaner: error: --engine dask needs Dask: pip install 'cleaner[dask]'"]
    assert not (tmp_path / "out").exists()


def test_an_unreachable_scheduler_is_one_line(tmp_path, capsys):
    from spread_helpers import free_port

    import dask

    write_warcs(tmp_path / "in", files=1, pages=1)
    with dask.config.set({"distributed.comm.timeouts.connect": "2s"}):
        code = main(["batch", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--engine", "dask", "-q",
                     "--scheduler", f"tcp://127.0.0.1:{free_port()}"])
    err = capsys.readouterr().err
    assert code == 2 and err.startswith("cleaner: error: cannot reach the Dask scheduler") and err.count("\n") == 1


class Recorder:
    """A reporter that keeps what the batch told it (the progress bar's interface)."""

    def __init__(self) -> None:
        self.total, self.outcomes, self.closed = "not started", [], False

    def start(self, total):
        self.total = total

    def update(self, outcome):
        self.outcomes.append(outcome)

    def close(self):
        self.closed = True


def test_url_lists_are_fetched_by_the_workers_and_progress_is_reported(cluster, server, tmp_path):  # noqa: F811
    from dask.distributed import Client

    from batch_pages import article_page
    from cleaner.batch.records import Outcome
    from cleaner.batch.runner import fetcher_factory
    from cleaner.batch.spread import run_units
    from cleaner.fetch.settings import FetchSettings
    from fetch_server import page

    server.route("/robots.txt", page("User-agent: *\nDisallow: /private/\n", content_type="text/plain"))
    good = [server.route(f"/a{n}", page(article_page(n))) for n in range(3)]
    blocked = server.route("/private/x", page(article_page(9)))
    (tmp_path / "urls.txt").write_text("\n".join([*good, blocked]) + "\n")
    recorder = Recorder()
    fetch = fetcher_factory(FetchSettings(respect_robots=True, min_host_delay=0.0, retries=0))
    with Client(cluster.address) as client:
        summary = run_units(discover([str(tmp_path / "urls.txt")]), BatchConfig(out=tmp_path / "out"),
                            DaskUnits(client, fetch=fetch), reporter=recorder)
    assert (summary.ok, summary.failed) == (3, 1) and server.hits["/private/x"] == 0
    assert recorder.total == 4 and sorted(recorder.outcomes) == sorted([Outcome.OK] * 3 + [Outcome.FAILED])
    assert recorder.closed
    assert "RobotsBlocked" in by_source(jsonl_records(tmp_path / "out"))[blocked]["error"]
