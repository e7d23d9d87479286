"""cleaner in your own Dask pipelines (the ``dask`` extra).

    import dask.bag as db
    import cleaner.dask

    pages = db.from_sequence([(url, html), ...], npartitions=64)    # or bytes, or {"url":, "html":} dicts
    templates = cleaner.dask.learn_bag_templates(pages)               # optional, lazy
    records = cleaner.dask.clean_bag(pages, templates=templates)      # lazy: a bag of dicts
    records.map(json.dumps).to_textfiles("s3://bucket/out/*.jsonl")
    records.to_dataframe().to_parquet(...)                            # or with pyarrow yourself

Each record has the fields of a ``cleaner batch`` JSONL record (source, url, status, title, text,
metadata, removed, and error when the page failed). A page that fails is a record with status
``failed``, never an exception that stops the computation; a page of the wrong type is a ``TypeError``.

The batch engine behind ``cleaner batch --engine dask`` is ``cleaner.batch.dask_engine``.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import partial, reduce
from typing import TYPE_CHECKING, Any

from cleaner.options import DEFAULT_OPTIONS, Options

if TYPE_CHECKING:
    import dask.bag

__all__ = ["clean_bag", "clean_page", "learn_bag_templates"]

Page = bytes | str | tuple[str | None, bytes | str] | Mapping[str, Any]


def page_parts(page: Page) -> tuple[str | None, str | None, bytes | str]:
    """``(source, url, content)`` of a page given as HTML, ``(url, html)`` or a mapping with ``html``."""
    if isinstance(page, (bytes, str)):
        return None, None, page
    if isinstance(page, tuple) and len(page) == 2 and isinstance(page[1], (bytes, str)):
        return page[0], page[0], page[1]
    if isinstance(page, Mapping) and isinstance(page.get("html", page.get("content")), (bytes, str)):
        url = page.get("url")
        return page.get("source", url), url, page.get("html", page.get("content"))
    raise TypeError(f"a page is HTML (bytes or str), (url, html) or a mapping with 'html'; not {type(page).__name__}")


def clean_page(page: Page, *, options: Options = DEFAULT_OPTIONS, templates: object | None = None) -> dict[str, Any]:
    """The batch record of one page: the extracted document, or a failure record saying why."""
    from cleaner.batch.output import document_record, failure_record
    from cleaner.batch.work import outcome_of
    from cleaner.html.pipeline import extract

    source, url, content = page_parts(page)
    try:
        document = extract(content, url=url, options=options, templates=templates)
        outcome_of(document)  # an input that is not a page at all is a failure, as in a batch
    except Exception as exc:  # one page that breaks a library must not stop the pipeline
        return failure_record(source, url, f"{type(exc).__name__}: {exc}")
    return document_record(source, url, document)


def _clean_partition(pages: Iterable[Page], options: Options, templates: object | None) -> list[dict[str, Any]]:
    return [clean_page(page, options=options, templates=templates) for page in pages]


def clean_bag(bag: dask.bag.Bag, *, options: Options | None = None, templates: object | None = None) -> dask.bag.Bag:
    """A ``dask.bag.Bag`` of pages in, a bag of records (dicts) out, lazily.

    ``templates`` may be ``Templates``, or the lazy result of ``learn_bag_templates``.
    """
    return bag.map_partitions(_clean_partition, options=options or DEFAULT_OPTIONS, templates=templates)


def _count_partition(pages: Iterable[Page], options: Options):
    from cleaner.template_learning import count_templates

    parts = (page_parts(page) for page in pages)
    return count_templates(((url, content) for _, url, content in parts if url), options=options)


def _merge_counts(counts: Iterable):
    from cleaner.template_learning import TemplateCounts

    return reduce(TemplateCounts.merge, counts, TemplateCounts()).templates()


def learn_bag_templates(bag: dask.bag.Bag, *, options: Options | None = None) -> dask.bag.Item:
    """The sites' templates learned from the pages of ``bag`` that have a URL: a lazy ``dask.bag.Item``
    (``.compute()`` gives ``Templates``; ``clean_bag(templates=...)`` takes it as it is).

    A page is counted once within its partition; the same page in two partitions counts twice.
    """
    return bag.reduction(partial(_count_partition, options=options or DEFAULT_OPTIONS), _merge_counts)
