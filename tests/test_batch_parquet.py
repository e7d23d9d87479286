"""Done-when: Parquet output reads back with pyarrow into the same records as the JSONL output of the same
input; shards are bounded; without pyarrow, ``--format parquet`` says which extra to install and exits 2."""
from __future__ import annotations

import dataclasses
import sys

import pytest

from batch_pages import write_broken
from spread_helpers import by_source, jsonl_records, write_warcs
from cleaner.batch.inputs import discover
from cleaner.batch.records import OutputFormat
from cleaner.batch.runner import BatchConfig, run_batch
from cleaner.batch.spread import LocalUnits, run_units
from cleaner.cli.main import main
from cleaner.types import Metadata

pq = pytest.importorskip("pyarrow.parquet")


def parquet_records(folder) -> list[dict]:
    return [row for path in sorted(folder.glob("part-*.parquet")) for row in pq.read_table(path).to_pylist()]


def as_jsonl(record: dict) -> dict:
    """The two differences a table imposes: a JSONL record has no ``error`` key when the document
    succeeded (the column is null), and a failed document's ``metadata`` is ``{}`` (a struct of nulls)."""
    metadata = {field.name: None for field in dataclasses.fields(Metadata)}
    return {"error": None, **record, "metadata": {**metadata, **record["metadata"]}}


@pytest.fixture
def inputs(tmp_path):
    write_warcs(tmp_path / "in", files=3, pages=4)
    broken = tmp_path / "in" / "broken"
    for name in write_broken(broken):
        if name.startswith(("slow", "deep")):
            (broken / name).unlink()
    return discover([str(tmp_path / "in")])


def test_parquet_reads_back_as_the_jsonl_records(tmp_path, inputs):
    """The real extractor, so metadata and removed blocks are filled in."""
    run_batch(inputs, BatchConfig(out=tmp_path / "jsonl", jobs=2))
    summary = run_batch(inputs, BatchConfig(out=tmp_path / "parquet", fmt=OutputFormat.PARQUET, jobs=2,
                                            shard_bytes=20_000))
    jsonl = by_source(jsonl_records(tmp_path / "jsonl"))
    parquet = by_source(parquet_records(tmp_path / "parquet"))
    assert summary.total == len(jsonl) == 26 and summary.failed == 10 and summary.empty == 4
    assert any(record["removed"] for record in jsonl.values())
    assert parquet == {source: as_jsonl(record) for source, record in jsonl.items()}
    assert any(row["metadata"]["page_type"] for row in parquet.values()), "the page kind round-trips"
    shards = list((tmp_path / "parquet").glob("part-*.parquet"))
    assert len(shards) > 1, "shards are bounded in size"
    schemas = {pq.read_schema(path) for path in shards}
    assert len(schemas) == 1, "every shard has the same schema"
    assert str(schemas.pop().field("removed").type) == "list<element: struct<label: string, reason: string, text: string>>"


def test_parquet_resume_after_an_interrupted_run(tmp_path, inputs):
    config = BatchConfig(out=tmp_path / "out", fmt=OutputFormat.PARQUET, jobs=1, shard_bytes=5_000)
    run_batch(inputs, config)
    first = sorted(p.name for p in (tmp_path / "out").glob("part-*.parquet"))
    (tmp_path / "out" / first[-1]).unlink()  # the last shard never made it to disk
    summary = run_batch(inputs, BatchConfig(**{**config.__dict__, "resume": True}))
    assert 0 < summary.processed < 26
    assert len(by_source(parquet_records(tmp_path / "out"))) == 26


def test_parquet_through_units(tmp_path, inputs):
    run_batch(inputs, BatchConfig(out=tmp_path / "jsonl", jobs=2))
    run_units(inputs, BatchConfig(out=tmp_path / "units", fmt=OutputFormat.PARQUET), LocalUnits(jobs=2))
    expected = {s: as_jsonl(r) for s, r in by_source(jsonl_records(tmp_path / "jsonl")).items()}
    assert by_source(parquet_records(tmp_path / "units")) == expected


def test_without_pyarrow_parquet_names_the_extra(tmp_path, inputs, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # import pyarrow now raises ImportError
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    code = main(["batch", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "-f", "parquet", "-q"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.strip().splitlines() == ["cleaner: error: --format parquet needs pyarrow: pip install 'cleaner[parquet]'"]
    assert not (tmp_path / "out").exists()
