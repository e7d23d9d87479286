"""The work done for one document inside a worker: load its bytes, extract, render the output."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from cleaner.compression import gunzip_bounded
from cleaner.errors import InputError
from cleaner.options import DEFAULT_OPTIONS, Options
from cleaner.types import Document, Status, empty_document
from cleaner.batch.output import render_payload
from cleaner.batch.paths import read_input
from cleaner.batch.records import DocumentResult, DocumentTask, Outcome, OutputFormat
from cleaner.batch.worker import TIMEOUT_REASON

#: ``extract(data, url=..., options=..., templates=..., encoding=...) -> Document``
ExtractFunction = Callable[..., Document]


def default_extract(data: bytes, **kwargs) -> Document:
    from cleaner.html.pipeline import extract  # late: workers import the pipeline, the parent need not

    return extract(data, **kwargs)


@dataclass(frozen=True)
class WorkSettings:
    """Everything a worker needs besides the task; sent once to each worker."""

    fmt: OutputFormat = OutputFormat.JSONL
    options: Options = DEFAULT_OPTIONS
    templates: object | None = None
    extract: ExtractFunction = default_extract


def load_bytes(task: DocumentTask, *, limit: int = DEFAULT_OPTIONS.max_input_bytes) -> bytes:
    """The raw bytes of a document; gzip is undone by its magic number, not the file name, and inflates
    to at most ``limit`` bytes."""
    if task.error:
        raise InputError(task.error)
    if task.data is not None:
        data = task.data
    elif task.path is not None:
        try:
            data = read_input(task.path)
        except OSError as exc:
            raise InputError(f"cannot read file: {exc.strerror or exc}") from None
    else:
        raise InputError("document has no bytes")
    return gunzip_bounded(data, limit=limit, source="the file")


#: Statuses that mean the input was not a page at all: a failure of the batch, not an empty page. An empty
#: file is an empty document (``Outcome.EMPTY``), as ``extract`` says of empty input. A page cut short by
#: the time limit is failed with the reason the pool gives one it had to stop.
FAILED_STATUSES = {Status.NOT_HTML: "not HTML", Status.TIME_LIMIT: TIMEOUT_REASON}


def outcome_of(document: Document) -> Outcome:
    if document.status in FAILED_STATUSES:
        raise InputError(FAILED_STATUSES[document.status])
    return Outcome.OK if document.status is Status.OK else Outcome.EMPTY


def process_document(task: DocumentTask, settings: WorkSettings) -> DocumentResult:
    """Extract one document; raises on failure (the pool turns the exception into a failure record)."""
    data = load_bytes(task, limit=settings.options.max_input_bytes)
    if data.strip():
        document = settings.extract(data, url=task.url, options=settings.options, templates=settings.templates,
                                    encoding=task.encoding)
    else:  # nothing to extract: the same status whichever extractor the batch was given
        document = empty_document(Status.EMPTY_INPUT, url=task.url)
    outcome = outcome_of(document)
    payload = render_payload(settings.fmt, task.source, task.url, document)
    return DocumentResult(source=task.source, outcome=outcome, url=task.url, payload=payload)
