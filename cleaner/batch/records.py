"""The typed values that travel between the batch stages: a task for one document, and its result."""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Outcome(str, Enum):
    """How one document of a batch ended."""

    OK = "ok"          # an article was extracted
    EMPTY = "empty"    # the page was read but holds no article (Document.status says why)
    FAILED = "failed"  # the page could not be processed; ``error`` says why


class OutputFormat(str, Enum):
    JSONL = "jsonl"
    TXT = "txt"
    MD = "md"
    JSON = "json"
    HTML = "html"
    PARQUET = "parquet"  # the jsonl records in Parquet shards (the ``parquet`` extra)

    @property
    def sharded(self) -> bool:
        """Records gathered in shards (failures included), rather than one file per document."""
        return self in (OutputFormat.JSONL, OutputFormat.PARQUET)


@dataclass(frozen=True)
class DocumentTask:
    """One document to clean. Exactly one of ``path``, ``data`` or ``fetch`` says where its bytes are.

    ``source`` is the unique name of the document in the batch (a path, a URL, or a WARC file plus
    ``#`` plus record id); the journal and the output names are keyed by it.
    """

    source: str
    url: str | None = None
    path: str | None = None        # a file read (and gunzipped) by the worker
    data: bytes | None = None      # bytes already in hand (a WARC record)
    fetch: bool = False            # fetch ``url`` in the worker
    encoding: str | None = None    # a transport charset (the HTTP header of a WARC response)
    error: str | None = None       # the document failed before reaching a worker (a corrupt WARC record)


@dataclass(frozen=True)
class DocumentResult:
    """What a worker sends back: the outcome and the rendered output (a JSON line or a file's text)."""

    source: str
    outcome: Outcome
    url: str | None = None
    payload: str = ""
    error: str | None = None
