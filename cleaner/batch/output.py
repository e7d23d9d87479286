"""Output: JSON records in jsonl shards of bounded size, or one file per document.

Every file appears whole or not at all: shards are written as hidden temporary files and renamed
when full; per-document files go through ``write_atomic``. Per-document files are named after their
source plus a hash of the full source, so two inputs never write the same file.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit

from cleaner.atomic import write_atomic
from cleaner.types import Document
from cleaner.batch.records import OutputFormat

#: A shard is closed once it holds this many bytes: big enough that a million pages make a few
#: hundred files, small enough that one shard loads comfortably in memory downstream.
DEFAULT_SHARD_BYTES = 64 * 1024 * 1024
#: Length of the readable part of a per-document file name (the hash keeps it unique).
NAME_STEM_CHARS = 60
SHARD_PATTERN = re.compile(r"^part-(\d{5,})\.(jsonl|parquet)$")
EXTENSIONS = {OutputFormat.TXT: "txt", OutputFormat.MD: "md", OutputFormat.JSON: "json",
              OutputFormat.HTML: "html", OutputFormat.JSONL: "jsonl", OutputFormat.PARQUET: "parquet"}


def document_record(source: str, url: str | None, document: Document) -> dict[str, Any]:
    """The jsonl record of an extracted document."""
    metadata = document.metadata.to_dict()
    return {
        "source": source, "url": url or document.metadata.url, "status": document.status.value,
        "title": document.title, "text": document.text, "metadata": metadata,
        "removed": [{"label": r.label.value, "reason": r.reason, "text": r.text} for r in document.removed],
    }


def failure_record(source: str, url: str | None, error: str) -> dict[str, Any]:
    return {"source": source, "url": url, "status": "failed", "title": None, "text": "",
            "metadata": {}, "removed": [], "error": error}


def render_payload(fmt: OutputFormat, source: str, url: str | None, document: Document) -> str:
    """What gets written for one document: a JSON line, or the text of its own file."""
    if fmt.sharded:  # a Parquet shard is built from the same JSON records
        return json.dumps(document_record(source, url, document), ensure_ascii=False)
    if fmt is OutputFormat.MD:
        return document.to_markdown()
    if fmt is OutputFormat.HTML:
        return document.to_html()
    if fmt is OutputFormat.JSON:
        return document.to_json()
    return document.to_text()


def output_name(source: str, fmt: OutputFormat, url: str | None = None) -> str:
    """``<readable stem>-<hash of source>.<ext>``: the stem (from the URL when there is one, else the
    folder and file name) is for people, the hash of the whole source keeps names apart."""
    location = url or source
    if location.lower().startswith(("http://", "https://")):
        parts = urlsplit(location)
        stem = parts.path.rstrip("/").rsplit("/", 1)[-1] or parts.hostname or "page"
    else:
        # The folder's name too: pages saved as <slug>/index.html or <slug>/source.html differ only there.
        folder = os.path.basename(os.path.dirname(location))
        stem = os.path.basename(location)
        stem = re.sub(r"(\.(warc|gz|html?|xhtml))+$", "", stem, flags=re.IGNORECASE)
        stem = f"{folder}_{stem}" if folder.strip(".") and stem.strip(".") else stem
    stem = re.sub(r"(\.(warc|gz|html?|xhtml))+$", "", stem, flags=re.IGNORECASE)
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", stem).strip("._")[:NAME_STEM_CHARS] or "page"
    digest = hashlib.sha1(source.encode("utf-8", "surrogateescape")).hexdigest()[:12]
    return f"{stem}-{digest}.{EXTENSIONS[fmt]}"


def shard_index(name: str | None) -> int | None:
    match = SHARD_PATTERN.match(name or "")
    return int(match.group(1)) if match else None


def remove_temporaries(out: Path) -> None:
    """Hidden temporary files left by a killed run: their content was never committed."""
    for stray in out.glob(".*.tmp"):
        stray.unlink(missing_ok=True)


class Writer(Protocol):
    """Where finished documents go. ``write`` returns the output's file name; ``position`` is then the byte
    offset just past the document in that file when it is a shard (None for one file per document);
    ``sync`` makes what was written durable; ``rotate_if_full`` starts a new shard once the journal holds
    every line of the current one."""

    def write(self, source: str, payload: str, url: str | None = None) -> str: ...
    @property
    def position(self) -> int | None: ...
    def sync(self) -> None: ...
    def rotate_if_full(self) -> None: ...
    def close(self) -> None: ...


class ShardWriter:
    """Appends JSON lines to ``part-NNNNN.jsonl`` shards.

    The open shard is a hidden temporary file; each line is handed to the OS as it is written (so a
    killed process loses none) and made durable by ``sync``. A shard is renamed into place by
    ``rotate_if_full`` or ``close``, which the caller invokes only once the journal holds all its lines:
    a line is in a visible shard only if the journal has it. After a crash, ``--resume`` keeps the open
    shard up to its last journalled line (``cleaner.batch.recovery``).
    """

    def __init__(self, out: Path, *, first_index: int = 0, max_bytes: int = DEFAULT_SHARD_BYTES) -> None:
        self.out = out
        self.max_bytes = max_bytes
        self._index = first_index
        self._handle = None
        self._size = 0

    def _final(self) -> Path:
        return self.out / f"part-{self._index:05d}.jsonl"

    def _temporary(self) -> Path:
        return self.out / f".{self._final().name}.tmp"

    def write(self, source: str, payload: str, url: str | None = None) -> str:
        if self._handle is None:
            # Bytes, encoded here: ``position`` must count exactly what is on disk. backslashreplace: a file
            # name that is not UTF-8 becomes a \udcXX escape, still valid JSON.
            self._handle = self._temporary().open("wb")
            self._size = 0
        line = (payload + "\n").encode("utf-8", "backslashreplace")
        self._handle.write(line)
        self._handle.flush()  # to the OS: a killed process loses nothing written; sync() makes it durable
        self._size += len(line)
        return self._final().name

    @property
    def position(self) -> int | None:
        return self._size

    def sync(self) -> None:
        if self._handle is not None:
            os.fsync(self._handle.fileno())

    def rotate_if_full(self) -> None:
        if self._handle is not None and self._size >= self.max_bytes:
            self.commit()

    def commit(self) -> None:
        """Make the open shard durable and rename it into place; the next line starts a new shard."""
        if self._handle is None:
            return
        os.fsync(self._handle.fileno())
        self._handle.close()
        self._handle = None
        os.replace(self._temporary(), self._final())
        self._index += 1

    def close(self) -> None:
        self.commit()


class FileWriter:
    """One file per document under the output folder."""

    def __init__(self, out: Path, fmt: OutputFormat) -> None:
        self.out = out
        self.fmt = fmt

    def write(self, source: str, payload: str, url: str | None = None) -> str:
        name = output_name(source, self.fmt, url)
        write_atomic(self.out / name, payload)  # durable on return
        return name

    @property
    def position(self) -> int | None:
        return None

    def sync(self) -> None:
        pass

    def rotate_if_full(self) -> None:
        pass

    def close(self) -> None:
        pass
