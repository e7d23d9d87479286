"""Input discovery (arguments -> units) and reading a unit's documents (unit -> tasks).

Inputs mix freely: HTML files (plain or ``.gz``), folders (recursive, filtered by a glob), text files
listing URLs, WARC / WARC.gz files, URLs, and ``-`` for a list of any of these on stdin.

WARC files are read with warcio: it is pure Python (no compiler needed on the user's machine), the most
widely used reader, and it reads gzip members record by record, so a corrupt record ends that file with
one failure record instead of aborting the batch. FastWARC is faster, but reading is a small share of the
time next to extraction (a few ms per record against tens of ms).
"""
from __future__ import annotations

import logging
import zlib
from collections.abc import Iterable, Iterator, Sequence
from fnmatch import fnmatch
from pathlib import Path
from typing import TextIO

from cleaner.errors import BatchError, InputError
from cleaner.batch.paths import RemoteFile, is_remote_file, open_input, remote_files
from cleaner.fetch.settings import FETCHED_SCHEMES, url_scheme
from cleaner.batch.records import DocumentTask
from cleaner.batch.units import Unit, UnitKind, slices

log = logging.getLogger(__name__)

#: Bytes read from the head of a file to tell what it is (WARC magic, URL list, gzip).
SNIFF_BYTES = 4096
GZIP_MAGIC = b"\x1f\x8b"
WARC_MAGIC = b"WARC/"
HTML_CONTENT_TYPES = ("text/html", "application/xhtml+xml")


def is_url(text: str) -> bool:
    return url_scheme(text) in FETCHED_SCHEMES


def sniff(path: Path | RemoteFile) -> bytes:
    """The first bytes of a file, gunzipped when it is gzip (as far as they go); b"" if unreadable."""
    try:
        with open_input(location(path)) as handle:
            head = handle.read(SNIFF_BYTES)
    except OSError:
        return b""
    if head.startswith(GZIP_MAGIC):
        try:
            return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head)
        except zlib.error:
            return b""
    return head


def location(path: Path | RemoteFile) -> str:
    """What a unit keeps of a file: its path, or its URL when it is remote."""
    return path.url if isinstance(path, RemoteFile) else str(path)


def classify(path: Path | RemoteFile) -> UnitKind:
    """What a file is: a WARC file, a list of URLs, or an HTML page (the default, also for broken files)."""
    head = sniff(path)
    if head.startswith(WARC_MAGIC):
        return UnitKind.WARC
    lines = (line.strip() for line in head.splitlines())
    first_line = next((line for line in lines if line and not line.startswith(b"#")), b"")
    if first_line.lower().startswith((b"http://", b"https://")) and not path.name.endswith(".gz"):
        return UnitKind.URLS
    return UnitKind.FILES


def folder_files(folder: Path, glob: str) -> list[Path]:
    """Regular files under ``folder`` (recursive) whose name matches ``glob``; hidden ones are left out."""
    found = []
    for path in folder.rglob("*"):
        relative = path.relative_to(folder).parts
        if any(part.startswith(".") for part in relative) or not fnmatch(path.name, glob):
            continue
        if path.is_file():
            found.append(path)
    return sorted(found)


def read_url_list(path: Path | RemoteFile) -> list[str]:
    """The URLs of a list file: one a line; blank lines and ``#`` comments skipped."""
    with open_input(location(path)) as handle:
        text = handle.read().decode("utf-8", errors="replace")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def expand(arguments: Iterable[str], glob: str, stdin: TextIO | None) -> Iterator[str | Path | RemoteFile]:
    """Each argument as a URL to fetch (str) or a file (Path, or RemoteFile for an fsspec URL); folders
    and ``-`` expanded. A missing file or a URL the fetcher cannot fetch is an ``InputError`` (a user error,
    exit 1 as in the other commands)."""
    for argument in arguments:
        if argument == "-":
            if stdin is None:
                raise BatchError("'-' given but there is no stdin to read")
            lines = [line.strip() for line in stdin if line.strip()]
            yield from expand((line for line in lines if line != "-"), glob, None)
        elif is_remote_file(argument):
            yield from remote_files(argument, glob)
        elif is_url(argument):
            yield argument
        elif url_scheme(argument) is not None:
            raise InputError(f"only http and https URLs are supported, not {url_scheme(argument)}: {argument}")
        else:
            path = Path(argument)
            if path.is_dir():
                yield from folder_files(path, glob)
            elif path.exists():
                yield path
            else:
                raise InputError(f"no such file or folder: {argument}")


def discover(arguments: Sequence[str], *, glob: str = "*", stdin: TextIO | None = None) -> list[Unit]:
    """Units of work for the given inputs: HTML files sliced, one unit per WARC file, URLs grouped."""
    files: list[str] = []
    urls: list[str] = []
    warcs: list[str] = []
    for item in expand(arguments, glob, stdin):
        if isinstance(item, str):
            urls.append(item)
            continue
        kind = classify(item)
        if kind is UnitKind.WARC:
            warcs.append(location(item))
        elif kind is UnitKind.URLS:
            urls.extend(read_url_list(item))
        else:
            files.append(location(item))
    if not (files or urls or warcs):
        raise BatchError("nothing to do: the inputs hold no files")
    return [*slices(UnitKind.FILES, files), *(Unit(UnitKind.WARC, (w,)) for w in warcs),
            *slices(UnitKind.URLS, urls)]


def iter_tasks(unit: Unit) -> Iterator[DocumentTask]:
    """The documents of a unit, read lazily (a WARC file is read one record at a time)."""
    if unit.kind is UnitKind.FILES:
        return (DocumentTask(source=path, path=path) for path in unit.items)
    if unit.kind is UnitKind.URLS:
        return (DocumentTask(source=url, url=url, fetch=True) for url in unit.items)
    return warc_tasks(unit.items[0])


def charset_of(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


def is_html_response(record) -> bool:  # warcio ArcWarcRecord
    if record.rec_type != "response" or record.http_headers is None:
        return False
    content_type = (record.http_headers.get_header("Content-Type") or "").lower()
    return any(kind in content_type for kind in HTML_CONTENT_TYPES)


def warc_tasks(path: str) -> Iterator[DocumentTask]:
    """One task per HTML response record; requests, revisits, non-HTML responses are skipped.

    A record that cannot be read ends the file with one failed task, since the reader cannot find
    the next record boundary reliably after a corrupt one.
    """
    from warcio.archiveiterator import ArchiveIterator

    record_id = "?"
    try:
        with open_input(path) as stream:
            for record in ArchiveIterator(stream):
                record_id = record.rec_headers.get_header("WARC-Record-ID") or "?"
                if not is_html_response(record):
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI")
                content_type = record.http_headers.get_header("Content-Type") or ""
                data = record.content_stream().read()
                yield DocumentTask(source=f"{path}#{record_id}", url=url, data=data,
                                   encoding=charset_of(content_type))
    except Exception as exc:  # warcio raises many kinds on corrupt input; each ends this file alike
        log.warning("corrupt WARC file %s after record %s: %s", path, record_id, exc)
        yield DocumentTask(source=f"{path}#after:{record_id}",
                           error=f"corrupt WARC record: {type(exc).__name__}: {exc}")
