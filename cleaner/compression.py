"""gzip-compressed input, inflated with a bound: a gzip bomb stops at the limit instead of filling memory."""
from __future__ import annotations

import zlib

from cleaner.errors import InputError

GZIP_MAGIC = b"\x1f\x8b"


def gunzip_bounded(data: bytes, *, limit: int, source: str = "input") -> bytes:
    """``data`` inflated when it starts with the gzip magic number, else unchanged. Broken, truncated or
    over-``limit`` gzip is an ``InputError`` naming ``source``."""
    if not data.startswith(GZIP_MAGIC):
        return data
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)  # expect a gzip header
    try:
        out = inflater.decompress(data, limit + 1)
    except zlib.error as exc:
        raise InputError(f"broken gzip in {source}: {exc}") from None
    if len(out) > limit:
        raise InputError(f"{source} inflates to more than {limit // (1024 * 1024)} MB")
    if not inflater.eof:
        raise InputError(f"broken gzip in {source}: truncated")
    return out
