"""Local paths and fsspec URLs (``s3://``, ``gs://``, ``file://``, ``memory://``) read alike.

A batch on a cluster reads its inputs and writes its output where every machine can reach them, which
is seldom a local disk. fsspec is imported only when a URL is met, so local batches do not need it
(it comes with the ``dask`` extra).

An ``http(s)://`` argument stays what it always was, a page to fetch, unless its path ends in ``.warc``
or ``.warc.gz``: then it is a WARC file read through fsspec.
"""
from __future__ import annotations

import fnmatch
import posixpath
from dataclasses import dataclass
from typing import IO

from cleaner.errors import BatchError, InputError

WARC_SUFFIXES = (".warc", ".warc.gz")
EXTRA_HINT = "remote paths need fsspec: pip install 'cleaner[dask]'"


def has_scheme(path: str) -> bool:
    return "://" in path


def is_page_url(text: str) -> bool:
    return text.lower().startswith(("http://", "https://"))


def is_remote_file(argument: str) -> bool:
    """An input read through fsspec: any URL but a page to fetch (an http(s) WARC file is read)."""
    if not has_scheme(argument):
        return False
    return not is_page_url(argument) or argument.lower().split("?", 1)[0].endswith(WARC_SUFFIXES)


@dataclass(frozen=True)
class RemoteFile:
    """A file named by an fsspec URL, as input discovery yields it next to local ``Path``s."""

    url: str

    @property
    def name(self) -> str:
        return posixpath.basename(self.url.split("?", 1)[0].rstrip("/"))


def filesystem(url: str):
    """``(fsspec filesystem, path inside it)`` of a URL; a missing fsspec or backend is a ``BatchError``."""
    try:
        from fsspec.core import url_to_fs
    except ImportError:
        raise BatchError(EXTRA_HINT) from None
    try:
        return url_to_fs(url)
    except ValueError as exc:  # a scheme fsspec does not know
        raise InputError(f"only http and https pages, or storage URLs fsspec reads, are supported: {url} ({exc})") from None
    except ImportError as exc:  # a backend not installed (s3fs, gcsfs ...)
        raise BatchError(f"cannot open {url}: {exc}") from None
    except OSError as exc:  # a backend that connects on creation (ftp, sftp) and cannot
        raise InputError(f"cannot open {url}: {exc}") from None


def open_input(path: str) -> IO[bytes]:
    """A binary reader of a local path or an fsspec URL."""
    if not has_scheme(path):
        return open(path, "rb")  # noqa: SIM115 - the caller closes it
    fs, inner = filesystem(path)
    return fs.open(inner, "rb")


def read_input(path: str) -> bytes:
    with open_input(path) as handle:
        return handle.read()


def remote_files(url: str, glob: str) -> list[RemoteFile]:
    """The files an input URL names: itself, the files under it when it is a folder (recursive, hidden
    ones and names not matching ``glob`` left out), or the matches of a wildcard."""
    fs, inner = filesystem(url)
    try:
        if any(char in inner for char in "*?["):
            paths = [p for p in fs.glob(inner) if fs.isfile(p)]
        elif fs.isdir(inner):
            root = inner.rstrip("/")
            paths = [p for p in fs.find(inner) if fnmatch.fnmatch(posixpath.basename(p), glob)
                     and not any(part.startswith(".") for part in p[len(root):].split("/"))]
        elif fs.exists(inner):
            paths = [inner]
        else:
            raise InputError(f"no such file or folder: {url}")
    except OSError as exc:
        raise InputError(f"cannot list {url}: {exc}") from None
    return [RemoteFile(fs.unstrip_protocol(p)) for p in sorted(paths)]
