"""Where a distributed batch writes: a local folder, or an fsspec URL every worker can reach.

Every file appears whole or not at all. Locally (and on an fsspec local path) a file is written under
a hidden temporary name and renamed; on an object store (s3, gs ...) one upload is already atomic (the
object appears when the upload completes), so the file is written under its final name at once.
"""
from __future__ import annotations

import fnmatch
import os
import posixpath
from pathlib import Path
from typing import Protocol

from cleaner.atomic import write_bytes_atomic
from cleaner.batch.paths import filesystem, has_scheme
from cleaner.errors import BatchError


class Store(Protocol):
    """Files under one output root, named by relative POSIX paths (``part-x.jsonl``, ``.units/x.json``)."""

    location: str

    def prepare(self) -> None: ...
    def write(self, name: str, data: bytes) -> None: ...
    def read(self, name: str) -> bytes | None: ...
    def names(self, folder: str, pattern: str) -> list[str]: ...
    def remove(self, name: str) -> None: ...
    def remove_temporaries(self, folder: str) -> None: ...


class LocalStore:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.location = str(root)

    def prepare(self) -> None:
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise BatchError(f"cannot create output folder {self.root}: {exc.strerror or exc}") from None
        if not self.root.is_dir():
            raise BatchError(f"output {self.root} is not a folder")

    def write(self, name: str, data: bytes) -> None:
        """Temporary file, fsync, rename (``cleaner.atomic``); created with the umask deciding who may read it
        (other users' Spark or DuckDB jobs, on a shared file system)."""
        write_bytes_atomic(self.root / name, data)

    def read(self, name: str) -> bytes | None:
        try:
            return (self.root / name).read_bytes()
        except FileNotFoundError:
            return None

    def names(self, folder: str, pattern: str) -> list[str]:
        base = self.root / folder
        return sorted(posixpath.join(folder, p.name) if folder else p.name for p in base.glob(pattern)
                      if p.is_file())

    def remove(self, name: str) -> None:
        (self.root / name).unlink(missing_ok=True)

    def remove_temporaries(self, folder: str) -> None:
        for name in self.names(folder, ".*.tmp"):
            self.remove(name)


class FsspecStore:
    def __init__(self, url: str) -> None:
        self.location = url
        self.fs, self.root = filesystem(url)
        protocols = (self.fs.protocol,) if isinstance(self.fs.protocol, str) else tuple(self.fs.protocol)
        self._renames = bool({"file", "local"} & set(protocols))

    def _path(self, name: str) -> str:
        return posixpath.join(self.root, name)

    def prepare(self) -> None:
        try:
            self.fs.makedirs(self.root, exist_ok=True)
        except OSError as exc:
            raise BatchError(f"cannot create output folder {self.location}: {exc}") from None

    def write(self, name: str, data: bytes) -> None:
        final = self._path(name)
        self.fs.makedirs(posixpath.dirname(final), exist_ok=True)
        if not self._renames:
            self.fs.pipe_file(final, data)
            return
        folder, base = posixpath.split(final)
        temporary = posixpath.join(folder, f".{base}.tmp")
        self.fs.pipe_file(temporary, data)
        self.fs.mv(temporary, final)

    def read(self, name: str) -> bytes | None:
        try:
            return self.fs.cat_file(self._path(name))
        except FileNotFoundError:
            return None

    def names(self, folder: str, pattern: str) -> list[str]:
        base = self._path(folder)
        try:
            found = self.fs.ls(base, detail=False)
        except FileNotFoundError:
            return []
        names = (posixpath.basename(p.rstrip("/")) for p in found)
        return sorted(posixpath.join(folder, n) if folder else n for n in names if fnmatch.fnmatch(n, pattern))

    def remove(self, name: str) -> None:
        try:
            self.fs.rm_file(self._path(name))
        except FileNotFoundError:
            pass

    def remove_temporaries(self, folder: str) -> None:
        for name in self.names(folder, ".*.tmp"):
            self.remove(name)


def open_store(out: str | Path) -> Store:
    """The store of an output location: a local folder (made absolute, for workers started elsewhere),
    or an fsspec URL."""
    text = str(out)
    return FsspecStore(text) if has_scheme(text) else LocalStore(Path(os.path.abspath(text)))
