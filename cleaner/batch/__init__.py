"""Batch cleaning: many inputs (files, folders, gzip, URL lists, WARC), a pool of workers with a time
limit per document, a crash-safe journal for ``--resume``, and bounded jsonl shards or one file per page.

    units = discover(["site-dump/", "crawl.warc.gz"], glob="*.html")
    summary = run_batch(units, BatchConfig(out=Path("out"), jobs=2))
"""
from __future__ import annotations

from cleaner.batch.inputs import discover
from cleaner.batch.records import DocumentResult, DocumentTask, Outcome, OutputFormat
from cleaner.batch.runner import DEFAULT_TIMEOUT, BatchConfig, run_batch
from cleaner.batch.summary import BatchSummary
from cleaner.batch.units import Unit, UnitKind

__all__ = ["BatchConfig", "BatchSummary", "DEFAULT_TIMEOUT", "DocumentResult", "DocumentTask", "Outcome",
           "OutputFormat", "Unit", "UnitKind", "discover", "run_batch"]
