"""Text that lxml would refuse or cut short, made safe to parse; and the test for binary data.

libxml2 works on UTF-8 C strings: a NUL ends the text there, a lone surrogate (from a ``str`` built out
of broken UTF-16 or JSON) cannot be encoded and cuts it off, and ``str`` input that starts with an XML
declaration naming an encoding is refused outright (that one is handled in ``html/parse.py``). Browsers
show such pages; so do we: surrogate pairs become the character they encode, lone surrogates U+FFFD,
and C0 control characters other than tab, newline, carriage return and form feed are dropped (a vertical
tab becomes a space, as Python's ``str.split`` and most renderers treat it).
"""
from __future__ import annotations

import re

#: Share of the sample that may be C0 control characters (NUL included) or U+FFFD before the input counts
#: as binary data. Random or compressed bytes decode to ~12% controls (32 of 256 byte values) and, as
#: UTF-8, to far more U+FFFD; HTML and scraped text have almost none, but a page with stray control
#: characters in every paragraph (an old CMS's \x0b line breaks) still reaches 1-3%. 8% lies between.
MAX_BINARY_SHARE = 0.08
#: How much of the input the binary check reads.
BINARY_SAMPLE_CHARS = 65536

_KEPT_CONTROLS = "\t\n\r\f"
_BINARY_CHARS = "".join(chr(c) for c in range(32) if chr(c) not in _KEPT_CONTROLS) + "\ufffd"
_DELETE_BINARY = dict.fromkeys(map(ord, _BINARY_CHARS))
_CONTROL_RE = re.compile("[" + "".join(f"\\x{c:02x}" for c in range(32) if chr(c) not in _KEPT_CONTROLS) + "]")
_SURROGATE_RE = re.compile("[\ud800-\udfff]")


def looks_binary(text: str) -> bool:
    """Whether the text is binary data (an image, a PDF, compressed bytes) rather than HTML or text."""
    sample = text[:BINARY_SAMPLE_CHARS]
    odd = len(sample) - len(sample.translate(_DELETE_BINARY))
    return odd > MAX_BINARY_SHARE * max(1, len(sample))


def _control_replacement(match: re.Match[str]) -> str:
    return " " if match.group(0) == "\x0b" else ""


def repair_text(text: str) -> str:
    """The text with surrogates and control characters dealt with (see the module docstring); the same
    object when there is nothing to repair, which is the common case and costs two regex scans."""
    if _SURROGATE_RE.search(text):
        # UTF-16 with surrogatepass writes pairs and lone halves alike; decoding joins the pairs and
        # replaces the lone halves.
        text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    if _CONTROL_RE.search(text):
        text = _CONTROL_RE.sub(_control_replacement, text)
    return text
