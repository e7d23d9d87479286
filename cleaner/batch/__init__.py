"""Batch cleaning: many inputs (files, folders, gzip, URL lists, WARC), a pool of workers with a time
limit per document, a crash-safe journal for ``--resume``, and bounded jsonl shards or one file per page.

    from cleaner.batch.inputs import discover
    from cleaner.batch.runner import BatchConfig, run_batch

    units = discover(["site-dump/", "crawl.warc.gz"], glob="*.html")
    summary = run_batch(units, BatchConfig(out=Path("out"), jobs=2))
"""
