"""Bytes to text: the HTTP charset (when given), then a BOM, then ``<meta charset>``, then detection.

Undecodable bytes become U+FFFD; decoding never raises.
"""
from __future__ import annotations

import codecs
import re

from cleaner.types import Decoded

#: How far into the document a ``<meta charset>`` is looked for. The HTML standard asks user agents
#: to pre-scan the first 1024 bytes; real pages often put it later, so we look further.
META_SCAN_BYTES = 8192
#: How many bytes the statistical detector sees. Detection cost grows with input; 64 KiB is plenty.
DETECT_SCAN_BYTES = 65536

#: Up to this many non-ASCII bytes in an otherwise ASCII page are strays, not a sample to detect from.
MAX_STRAY_BYTES = 3

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_:.\-]+)""", re.I)
# Labels that browsers map to a superset; decoding with the superset is what the page meant.
_SUPERSETS = {"iso-8859-1": "windows-1252", "latin-1": "windows-1252", "ascii": "windows-1252",
              "us-ascii": "windows-1252", "iso-8859-9": "windows-1254", "gb2312": "gb18030", "gbk": "gb18030"}


def normalize_encoding(label: str | None) -> str | None:
    """A Python codec name for an encoding label, or None when the label is unknown."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    label = _SUPERSETS.get(label, label)
    try:
        return codecs.lookup(label).name
    except (LookupError, ValueError):  # ValueError: a NUL in the label (bench/fuzz.py found it)
        return None


def _bom(data: bytes) -> tuple[str, int] | None:
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name, len(bom)
    return None


def _meta(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:META_SCAN_BYTES])
    if not match:
        return None
    name = normalize_encoding(match.group(1).decode("ascii", "ignore"))
    # A page that declares UTF-16 in ASCII-compatible bytes is lying; browsers treat it as UTF-8.
    if name and name.startswith("utf-16"):
        return "utf-8"
    return name


def _detect(data: bytes) -> str:
    sample = data[:DETECT_SCAN_BYTES]
    try:
        sample.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        # A multi-byte sequence cut at the end of the sample is still UTF-8.
        if exc.start >= len(sample) - 4 and len(data) > len(sample):
            return "utf-8"
    non_ascii = sum(1 for byte in sample if byte > 0x7F)
    if non_ascii <= MAX_STRAY_BYTES:
        # A few stray high bytes in ASCII text carry no evidence for a multi-byte charset; windows-1252,
        # the web's default legacy charset, decodes them one for one.
        return "cp1252"
    from bs4.dammit import EncodingDetector

    detector = EncodingDetector(sample, is_html=True)
    for candidate in detector.encodings:
        name = normalize_encoding(candidate)
        if name and name not in ("utf-8",):
            try:
                sample.decode(name)
                return name
            except (UnicodeDecodeError, LookupError):
                continue
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(sample).best()
        if best is not None and normalize_encoding(best.encoding):
            return normalize_encoding(best.encoding) or "utf-8"
    except Exception:  # noqa: BLE001 - detection is best effort; fall back to UTF-8
        pass
    return "utf-8"


def _is_utf8_with_non_ascii(data: bytes) -> bool:
    sample = data[:DETECT_SCAN_BYTES]
    if sample.isascii():
        return False
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start >= len(sample) - 4 and len(data) > len(sample)
    return True


def decode_bytes(data: bytes, *, http_charset: str | None = None) -> Decoded:
    """Decode page bytes. ``http_charset`` is the charset of the HTTP Content-Type, if any."""
    bom = _bom(data)
    if bom:
        name, skip = bom
        text = data[skip:].decode(name, errors="replace")
        return Decoded(text, name, "bom", "\ufffd" in text)
    for method, name in (("http", normalize_encoding(http_charset)), ("meta", _meta(data))):
        if name and name != "utf-8" and _is_utf8_with_non_ascii(data):
            # Declared legacy charsets are often stale templates; non-ASCII bytes that validate as UTF-8
            # are almost never anything else, so the bytes win over the label.
            return Decoded(data.decode("utf-8", errors="replace"), "utf-8", f"{method}-overridden-by-utf8")
        if name:
            text = data.decode(name, errors="replace")
            return Decoded(text, name, method, "\ufffd" in text)
    name = _detect(data)
    text = data.decode(name, errors="replace")
    return Decoded(text, name, "detected", "\ufffd" in text)
