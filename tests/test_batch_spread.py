"""Spread batches without a cluster: array-job shards, per-unit shards and markers, resume, Parquet, fsspec."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from batch_pages import stand_in_extract, write_broken, write_pages
from spread_helpers import by_source, jsonl_records, write_warcs
from cleaner.batch.inputs import discover
from cleaner.batch.records import OutputFormat
from cleaner.batch.runner import BatchConfig, run_batch
from cleaner.batch.plan import shard, spread_units
from cleaner.batch.spread import LocalUnits, run_units
from cleaner.batch.store import open_store
from cleaner.batch.unitwork import UnitJob, marker_name, read_report, run_unit, in_process
from cleaner.batch.units import Unit, UnitKind
from cleaner.batch.work import WorkSettings
from cleaner.cli.main import build_parser
from cleaner.cli.batch import execute
from cleaner.errors import BatchError, InputError


def mixed_inputs(folder: Path) -> list[str]:
    """250 HTML files (three units when spread), 20 broken ones, and 8 WARC files."""
    write_pages(folder / "pages", 250)
    for name in write_broken(folder / "pages" / "broken"):
        if name.startswith(("slow", "deep")):  # timeouts and crashes are the pool's tests, not these
            (folder / "pages" / "broken" / name).unlink()
    write_warcs(folder / "warcs")
    return [str(folder / "pages"), str(folder / "warcs")]


def cli(argv: list[str], capsys) -> tuple[int, str, str]:
    code = execute(build_parser().parse_args(["batch", *argv]), extract=stand_in_extract)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_units_are_cut_alike_and_the_shards_take_each_unit_once(tmp_path):
    inputs = mixed_inputs(tmp_path)
    units = spread_units(discover(inputs) + discover(inputs[:1]))  # an input given twice is still one input
    assert [u.kind for u in units].count(UnitKind.FILES) == 3 and [u.kind for u in units].count(UnitKind.WARC) == 8
    assert [u.id for u in units] == [u.id for u in spread_units(discover(inputs))]
    parts = [shard(units, index, 3) for index in range(3)]
    assert sorted(u.id for part in parts for u in part) == sorted(u.id for u in units)
    assert {len(part) for part in parts} == {4, 3}
    with pytest.raises(ValueError):
        shard(units, 3, 3)


def test_three_array_jobs_into_one_folder_equal_one_local_run(tmp_path, capsys):
    inputs = mixed_inputs(tmp_path)
    code, _, _ = cli([*inputs, "-o", str(tmp_path / "local"), "-j", "2", "-q"], capsys)
    assert code == 1  # the broken inputs
    local = by_source(jsonl_records(tmp_path / "local"))
    failed = 0
    for index in range(3):
        code, out, _ = cli([*inputs, "-o", str(tmp_path / "jobs"), "-j", "2", "-q",
                            "--shard-index", str(index), "--num-shards", "3"], capsys)
        failed += int(out.strip().splitlines()[-1].split()[0]) if code else 0
    assert by_source(jsonl_records(tmp_path / "jobs")) == local
    assert failed == sum(1 for r in local.values() if r["status"] == "failed") == 10
    listed = [json.loads(line)["source"] for path in (tmp_path / "jobs").glob("failures-*-of-00003.jsonl")
              for line in path.read_text().splitlines()]
    assert sorted(listed) == sorted(s for s, r in local.items() if r["status"] == "failed")


def test_a_rerun_unit_replaces_what_a_dead_attempt_wrote(tmp_path):
    write_warcs(tmp_path / "in", files=1, pages=6)
    (unit,) = spread_units(discover([str(tmp_path / "in")]))
    store = open_store(tmp_path / "out")
    store.prepare()
    store.write(f"part-{unit.id}-00000.jsonl", b'{"source": "half of a dead attempt"}\n')
    store.write(f"part-{unit.id}-00001.jsonl", b'{"source": "more of it"}\n')
    store.write(f".part-{unit.id}-00002.jsonl.1234.tmp", b"torn")
    settings = WorkSettings(extract=stand_in_extract)
    job = UnitJob(out=str(tmp_path / "out"), settings=settings, shard_bytes=1 << 20)
    report = run_unit(unit, job, lambda tasks: in_process(tasks, settings))
    records = jsonl_records(tmp_path / "out")
    assert len(records) == 6 and len(by_source(records)) == 6
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [".cleaner-units", f"part-{unit.id}-00000.jsonl"]
    assert read_report(store, unit.id) == report and len(report.entries) == 6


def test_bounded_shards_of_one_unit(tmp_path):
    write_pages(tmp_path / "in", 60)
    summary = run_units(discover([str(tmp_path / "in")]), BatchConfig(out=tmp_path / "out", shard_bytes=4000),
                        LocalUnits(jobs=2), extract=stand_in_extract)
    shards = list((tmp_path / "out").glob("part-*.jsonl"))
    assert summary.ok == 60 and len(shards) > 5
    assert all(path.stat().st_size < 4000 + 2000 for path in shards)
    assert len(by_source(jsonl_records(tmp_path / "out"))) == 60


def test_resume_keeps_finished_units_and_redoes_the_rest(tmp_path, capsys):
    write_pages(tmp_path / "in", 250)
    argv = [str(tmp_path / "in"), "-o", str(tmp_path / "out"), "-q", "--shard-index", "0", "--num-shards", "1"]
    assert cli(argv, capsys)[0] == 0
    units = spread_units(discover([str(tmp_path / "in")]))
    kept, lost = units[0], units[1]
    (tmp_path / "out" / marker_name(lost.id)).unlink()  # as if that unit's worker died before its marker
    (tmp_path / "out" / f"part-{lost.id}-00000.jsonl").write_text('{"source": "partial"}\n')
    before = (tmp_path / "out" / f"part-{kept.id}-00000.jsonl").stat().st_mtime_ns
    code, out, err = cli(argv, capsys)
    assert code == 2 and "add --resume" in err
    code, out, _ = cli([*argv, "--resume"], capsys)
    assert code == 0 and "100 processed" in out and out.startswith("250 documents: 250 ok")
    assert (tmp_path / "out" / f"part-{kept.id}-00000.jsonl").stat().st_mtime_ns == before
    assert len(by_source(jsonl_records(tmp_path / "out"))) == 250


def test_an_array_job_ignores_the_markers_of_the_others(tmp_path, capsys):
    write_pages(tmp_path / "in", 250)
    argv = [str(tmp_path / "in"), "-o", str(tmp_path / "out"), "-q", "--num-shards", "2"]
    assert cli([*argv, "--shard-index", "0"], capsys)[0] == 0
    code, out, _ = cli([*argv, "--shard-index", "1"], capsys)  # the other job, into the same folder
    assert code == 0 and out.startswith("100 documents")
    assert len(by_source(jsonl_records(tmp_path / "out"))) == 250


@pytest.mark.parametrize("argv,message", [
    (["--shard-index", "1"], "go together"),
    (["--shard-index", "3", "--num-shards", "3"], "0..2"),
    (["--scheduler", "tcp://127.0.0.1:1"], "--engine dask"),
    (["-o", "memory://out"], "needs --engine dask or --shard-index"),
])
def test_engine_usage_errors_are_one_line_and_exit_2(tmp_path, capsys, argv, message):
    write_pages(tmp_path / "in", 2)
    if "-o" not in argv:
        argv = [*argv, "-o", str(tmp_path / "out")]
    code, out, err = cli([str(tmp_path / "in"), *argv], capsys)
    assert code == 2 and message in err and len(err.strip().splitlines()) == 1


def test_fsspec_urls_for_inputs_and_output(tmp_path):
    """A file:// input folder and a memory:// output, through the same units."""
    fsspec = pytest.importorskip("fsspec")
    write_warcs(tmp_path / "in", files=2, pages=3)
    write_pages(tmp_path / "in" / "pages", 4)
    units = discover([(tmp_path / "in").as_uri()])
    assert all(item.startswith("file://") for unit in units for item in unit.items)
    summary = run_units(units, BatchConfig(out="memory://spread-test/out"), LocalUnits(jobs=1), extract=stand_in_extract)
    assert (summary.ok, summary.failed, str(summary.out)) == (10, 0, "memory://spread-test/out")
    fs = fsspec.filesystem("memory")
    lines = [json.loads(line) for path in fs.glob("/spread-test/out/part-*.jsonl")
             for line in fs.cat_file(path).decode().splitlines()]
    assert len(by_source(lines)) == 10 and all(r["source"].startswith("file://") for r in lines)
    assert len(fs.ls("/spread-test/out/.cleaner-units")) == len(spread_units(units))
    with pytest.raises(BatchError, match="earlier batch"):
        run_units(units, BatchConfig(out="memory://spread-test/out"), LocalUnits(jobs=1), extract=stand_in_extract)
    fs.rm("/spread-test", recursive=True)


def test_a_missing_remote_input_is_an_input_error_as_a_missing_file(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        discover([(tmp_path / "nowhere").as_uri()])


def test_units_of_urls_are_sliced_too():
    units = spread_units([Unit(UnitKind.URLS, tuple(f"http://h.example/{n}" for n in range(250)))])
    assert [len(u.items) for u in units] == [100, 100, 50]


def test_one_file_per_document_through_units_equals_the_local_batch(tmp_path, capsys):
    write_pages(tmp_path / "in", 120)
    (tmp_path / "in" / "binary.html").write_bytes(b"\x00\x01 not a page")
    assert cli([str(tmp_path / "in"), "-o", str(tmp_path / "local"), "-f", "md", "-q"], capsys)[0] == 1
    for index in range(2):
        cli([str(tmp_path / "in"), "-o", str(tmp_path / "jobs"), "-f", "md", "-q",
             "--shard-index", str(index), "--num-shards", "2"], capsys)
    local = {p.name: p.read_text() for p in (tmp_path / "local").glob("*.md")}
    assert len(local) == 120
    assert {p.name: p.read_text() for p in (tmp_path / "jobs").glob("*.md")} == local
    failures = [json.loads(line) for p in (tmp_path / "jobs").glob("failures-*.jsonl") for line in p.read_text().splitlines()]
    assert [f["source"] for f in failures] == [str(tmp_path / "in" / "binary.html")]
