"""Files written whole or not at all: a temporary file in the same folder, fsync, then a rename.

The temporary file is created with mode 0666 less the umask, as ``open()`` creates any file (mkstemp's
0600 would make fetched pages private while the batch's shards are not).
"""
from __future__ import annotations

import os
import secrets
from pathlib import Path

#: Attempts at a fresh temporary name before giving up (a clash of 48 random bits is already unheard of).
TEMPORARY_NAME_ATTEMPTS = 100


def _create_temporary(folder: Path, name: str) -> tuple[int, Path]:
    for _ in range(TEMPORARY_NAME_ATTEMPTS):
        tmp = folder / f".{name}.{secrets.token_hex(6)}.tmp"
        try:
            return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666), tmp
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name for {name} in {folder}")


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that a crash leaves either the old file or the new one, never half."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = _create_temporary(path.parent, path.name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_atomic(path: Path, text: str) -> None:
    """Write UTF-8 text atomically (see ``write_bytes_atomic``)."""
    write_bytes_atomic(path, text.encode("utf-8"))
