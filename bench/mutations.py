"""The mutations of bench/fuzz.py: each takes a page (bytes) and a random generator and returns a broken page.

Sizes are kept to a megabyte or two at most, so that a case tests robustness rather than the machine, and a
run of 100,000 cases fits in an hour or two; tests/test_robustness.py has the 20 MB and 100,000-level pages.
"""
from __future__ import annotations

import random
import re
from collections.abc import Callable

Mutation = Callable[[bytes, random.Random], bytes]

_TAG = re.compile(rb"<[^<>]{0,200}>")
ODD_ENCODINGS = ("utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "latin-1", "cp1252", "shift_jis",
                 "euc-kr", "gb18030", "koi8-r", "iso-8859-7", "cp437", "utf-7", "big5")
JUNK_CHARSETS = ("utf-16", "utf-32", "x-user-defined", "nonsense", "utf-7", "ebcdic", "", "utf-8\x00", "ISO-2022-JP",
                 "\u00e9t\u00e9", "a" * 300, "binary", "unicode-1-1-utf-7")
SOUP_TAGS = (b"div", b"p", b"table", b"tr", b"td", b"li", b"ul", b"a", b"span", b"script", b"style", b"title",
             b"textarea", b"select", b"option", b"iframe", b"noscript", b"template", b"svg", b"math", b"form",
             b"h1", b"pre", b"xmp", b"plaintext", b"frameset", b"body", b"html", b"head", b"custom-element")


def _at(data: bytes, rng: random.Random) -> int:
    return rng.randrange(len(data) + 1)


def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[:_at(data, rng)]


def random_bytes(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 200)):
        position = rng.randrange(len(out) + 1)
        if rng.random() < 0.5 and out:
            out[min(position, len(out) - 1)] = rng.randrange(256)
        else:
            out[position:position] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 64)))
    return bytes(out)


def deep_nesting(data: bytes, rng: random.Random) -> bytes:
    depth = rng.choice((300, 1100, 3000, 20_000))
    tag = rng.choice((b"div", b"span", b"b", b"li", b"table", b"blockquote", b"a"))
    opened = (b"<" + tag + b">") * depth
    closed = (b"</" + tag + b">") * depth if rng.random() < 0.5 else b""
    at = _at(data, rng)
    return data[:at] + opened + b"deep text " * rng.randint(0, 50) + closed + data[at:]


def huge_attributes(data: bytes, rng: random.Random) -> bytes:
    choice = rng.random()
    if choice < 0.4:
        attribute = b' class="' + b" ".join(b"c%d-x_y" % i for i in range(rng.randint(1000, 30_000))) + b'"'
    elif choice < 0.7:
        attribute = b"".join(b' data-a%d="v"' % i for i in range(rng.randint(100, 5_000)))
    else:
        attribute = b' style="' + b"display:none;" * rng.randint(1, 10_000) + b'" title="' + b"x" * 200_000 + b'"'
    tags = list(_TAG.finditer(data))
    if not tags:
        return b"<div" + attribute + b">" + data + b"</div>"
    tag = rng.choice(tags)
    end = tag.end() - 1
    return data[:end] + attribute + data[end:]


def odd_encoding(data: bytes, rng: random.Random) -> bytes:
    text = data.decode("utf-8", "replace")
    encoding = rng.choice(ODD_ENCODINGS)
    encoded = text.encode(encoding, "replace")
    if rng.random() < 0.3:  # a BOM of another encoding in front
        encoded = rng.choice((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")) + encoded
    return encoded


def wrong_charset(data: bytes, rng: random.Random) -> bytes:
    label = rng.choice(JUNK_CHARSETS).encode("utf-8", "replace")
    meta = rng.choice((b'<meta charset="%s">', b'<meta http-equiv="Content-Type" content="text/html; charset=%s">',
                       b'<?xml version="1.0" encoding="%s"?>', b'<?xml version="1.0" encoding="%s">')) % label
    return meta + data if rng.random() < 0.5 else data.replace(b"<head>", b"<head>" + meta, 1)


def entity_bomb(data: bytes, rng: random.Random) -> bytes:
    pieces = (b"&amp;", b"&#0;", b"&#x110000;", b"&#99999999999999999999;", b"&#xD800;", b"&nbsp;", b"&lt;",
              b"&unknownentity;", b"&#", b"&#x;", b"&amp", b"&#128512;", b"&NotANamedOne", b"&#65279;")
    bomb = b"".join(rng.choice(pieces) for _ in range(rng.randint(10, 50_000)))
    at = _at(data, rng)
    return data[:at] + bomb + data[at:]


def tag_soup(data: bytes, rng: random.Random) -> bytes:
    soup = bytearray()
    for _ in range(rng.randint(10, 5000)):
        tag = rng.choice(SOUP_TAGS)
        roll = rng.random()
        soup += (b"<" + tag + b">") if roll < 0.4 else (b"</" + tag + b">") if roll < 0.7 else \
            (b"<" + tag) if roll < 0.8 else rng.choice((b"text ", b"<", b">", b"</", b"<!", b"<?", b"&", b'"', b"'"))
    at = _at(data, rng)
    if rng.random() < 0.5:  # or shuffle the page's own tags
        tags = [m.group(0) for m in _TAG.finditer(data)]
        rng.shuffle(tags)
        return b"".join(tags[:5000]) + bytes(soup) + data[at:]
    return data[:at] + bytes(soup) + data[at:]


def control_characters(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 500)):
        position = rng.randrange(len(out) + 1)
        out[position:position] = rng.choice((b"\x00", b"\x0b", b"\x1f", b"\x01", b"\x08", b"\x7f", b"\xc2\x85",
                                             b"\xef\xbf\xbe", b"\xed\xa0\x80", b"\xf4\x90\x80\x80"))
    return bytes(out)


def junk_markup(data: bytes, rng: random.Random) -> bytes:
    junk = rng.choice((b"<!-- never closed", b"<!-- a -- b --!>", b"<!-->", b"<![CDATA[ open", b"<![CDATA[ x ]]>",
                       b"<?php echo 1; ?>", b"<!DOCTYPE html SYSTEM \"\x00\">", b"<!", b"</>", b"<p <p <p>",
                       b"<a href='x>", b"<script>", b"<style>", b"<title>", b"<textarea>", b"<plaintext>",
                       b"<?xml version=\"1.0\" encoding=\"...garbage...\">", b"<svg><![CDATA[", b"<math><mi>"))
    at = _at(data, rng)
    return data[:at] + junk * rng.randint(1, 20) + data[at:]


def repeat_chunk(data: bytes, rng: random.Random) -> bytes:
    if not data:
        return data
    start = rng.randrange(len(data))
    chunk = data[start:start + rng.randint(1, 5000)]
    times = min(rng.randint(2, 2000), max(2, 1_000_000 // max(1, len(chunk))))
    return data[:start] + chunk * times + data[start:]


def many_blocks(data: bytes, rng: random.Random) -> bytes:
    rows = range(rng.randint(100, 5_000))
    cells = b"".join(b"<tr>" + b"<td><a href='/x'>c%d</a></td>" % i * 3 + b"</tr>" for i in rows)
    at = _at(data, rng)
    return data[:at] + b"<table>" + cells + b"</table>" + data[at:]


def splice(data: bytes, rng: random.Random, other: bytes) -> bytes:
    return data[:_at(data, rng)] + other[_at(other, rng):]


def lines_shuffled(data: bytes, rng: random.Random) -> bytes:
    lines = data.split(b"\n")
    rng.shuffle(lines)
    return b"\n".join(lines)


def long_lines(data: bytes, rng: random.Random) -> bytes:
    return data.replace(b"\n", b" ") if rng.random() < 0.5 else data.replace(b" ", b"\n")


HTML_MUTATIONS: dict[str, Mutation] = {
    "truncate": truncate, "random_bytes": random_bytes, "deep_nesting": deep_nesting,
    "huge_attributes": huge_attributes, "odd_encoding": odd_encoding, "wrong_charset": wrong_charset,
    "entity_bomb": entity_bomb, "tag_soup": tag_soup, "control_characters": control_characters,
    "junk_markup": junk_markup, "repeat_chunk": repeat_chunk, "many_blocks": many_blocks,
}
TEXT_MUTATIONS: dict[str, Mutation] = {
    "truncate": truncate, "random_bytes": random_bytes, "control_characters": control_characters,
    "repeat_chunk": repeat_chunk, "lines_shuffled": lines_shuffled, "long_lines": long_lines,
    "entity_bomb": entity_bomb, "junk_markup": junk_markup, "odd_encoding": odd_encoding,
}


def mutate(data: bytes, names: list[str], rng: random.Random, *, other: Callable[[], bytes]) -> bytes:
    """``data`` with the named mutations applied in order; "splice" joins it to a random cut of ``other()``."""
    for name in names:
        if name == "splice":
            data = splice(data, rng, other())
        else:
            data = (HTML_MUTATIONS.get(name) or TEXT_MUTATIONS[name])(data, rng)
    return data
