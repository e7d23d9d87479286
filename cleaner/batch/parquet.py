"""``--format parquet``: the JSONL records as Parquet shards (pyarrow, the ``parquet`` extra).

Same fields as a JSONL record, with one schema for every shard so that a folder of shards reads as one
table (Spark, DuckDB, pandas, Polars, Hugging Face datasets): ``metadata`` is a struct of the
``Metadata`` fields, ``removed`` a list of structs, ``error`` null unless the document failed.
Workers render each document as its JSON record (as for JSONL); a shard turns the buffered records
into one table when it is committed, so memory is bounded by the shard size.
"""
from __future__ import annotations

import dataclasses
import io
import json
import logging
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from cleaner.errors import BatchError
from cleaner.types import Metadata

log = logging.getLogger(__name__)

EXTRA_HINT = "--format parquet needs pyarrow: pip install 'cleaner[parquet]'"
#: Keys of a record's ``removed`` items (see ``output.document_record``).
REMOVED_FIELDS = ("label", "reason", "text")
TOP_LEVEL_STRINGS = ("source", "url", "status", "title", "text")


def require_pyarrow() -> None:
    """Fail early, in one line, when the extra is not installed (before any document is read)."""
    try:
        import pyarrow  # noqa: F401
        import pyarrow.parquet  # noqa: F401
    except ImportError:
        raise BatchError(EXTRA_HINT) from None


def _arrow_type(annotation: str):
    import pyarrow as pa

    if "tuple" in annotation or "list" in annotation:
        return pa.list_(pa.string())
    for name, kind in (("bool", pa.bool_()), ("int", pa.int64()), ("float", pa.float64())):
        if annotation.split("|")[0].strip() == name:
            return kind
    return pa.string()


@lru_cache(maxsize=1)
def record_schema():
    """The schema of every shard (built once; pyarrow is imported only here)."""
    import pyarrow as pa

    metadata = pa.struct([(f.name, _arrow_type(str(f.type))) for f in dataclasses.fields(Metadata)])
    removed = pa.list_(pa.struct([(name, pa.string()) for name in REMOVED_FIELDS]))
    return pa.schema([*((name, pa.string()) for name in TOP_LEVEL_STRINGS), ("metadata", metadata),
                      ("removed", removed), ("error", pa.string())])


def _row(record: dict[str, Any], metadata_fields: tuple[str, ...]) -> dict[str, Any]:
    unknown = set(record) - {*TOP_LEVEL_STRINGS, "metadata", "removed", "error"}
    if unknown:
        log.warning("parquet: record fields %s have no column; left out", sorted(unknown))
    metadata = record.get("metadata") or {}
    return {**{name: record.get(name) for name in TOP_LEVEL_STRINGS},
            "metadata": {name: metadata.get(name) for name in metadata_fields},
            "removed": [{name: item.get(name) for name in REMOVED_FIELDS} for item in record.get("removed") or ()],
            "error": record.get("error")}


def encode_records(lines: list[str]) -> bytes:
    """A Parquet file of JSON record lines, as bytes."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = record_schema()
    metadata_fields = tuple(schema.field("metadata").type.field(i).name
                            for i in range(schema.field("metadata").type.num_fields))
    table = pa.Table.from_pylist([_row(json.loads(line), metadata_fields) for line in lines], schema=schema)
    sink = io.BytesIO()
    pq.write_table(table, sink)
    return sink.getvalue()


class ParquetShardWriter:
    """``part-NNNNN.parquet`` shards for the local batch: a shard is written whole (temporary file, then
    rename) when it is full or at ``close``, and only then are its records journalled."""

    def __init__(self, out: Path, *, first_index: int = 0, max_bytes: int) -> None:
        self.out = out
        self.max_bytes = max_bytes
        self._index = first_index
        self._lines: list[str] = []
        self._size = 0

    def _final(self) -> Path:
        return self.out / f"part-{self._index:05d}.parquet"

    #: A Parquet file cannot be appended to: its records become durable only when the whole shard is
    #: written, so ``GroupCommit`` journals their entries then (``--resume`` redoes at most one shard).
    durable_per_document = False

    @property
    def full(self) -> bool:
        return self._size >= self.max_bytes

    @property
    def position(self) -> None:
        return None  # no durable offset inside a shard

    def sync(self) -> None:
        """Write the buffered records as one shard; ``GroupCommit`` calls it when the shard is full or at the end."""
        self.commit()

    def rotate_if_full(self) -> None:
        """Nothing to rotate: ``sync`` already wrote the shard whole."""

    def write(self, source: str, payload: str, url: str | None = None) -> str:
        self._lines.append(payload)
        self._size += len(payload)
        return self._final().name

    def commit(self) -> None:
        if not self._lines:
            return
        temporary = self.out / f".{self._final().name}.tmp"
        with temporary.open("wb") as handle:
            handle.write(encode_records(self._lines))
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, self._final())
        self._lines, self._size = [], 0
        self._index += 1

    def close(self) -> None:
        self.commit()
