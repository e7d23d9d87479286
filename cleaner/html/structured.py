"""Content that a page states only in its structured data: a product's description in JSON-LD.

Shops render the description with scripts, or put it in a tab that is filled in later, while the JSON-LD
``Product`` object in the page's head carries it whole for search engines. When the visible page lacks it,
the description from JSON-LD is part of the product page's content; it is added as a paragraph after the
page's opening heading (or first), with the JSON-LD script as its path.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import replace

import lxml.html
from lxml import etree

from cleaner.blocks import Block, BlockKind
from cleaner.html.segment import Segment
from cleaner.render import render_text
from cleaner.types import Document, Status

#: A description shorter than this (in words) is a tagline, not a description.
MIN_DESCRIPTION_WORDS = 12
#: The visible page lacks the description when less than this share of its words appear anywhere in the
#: visible blocks: a page that shows it (even in a block we left out) does not need it added.
MAX_VISIBLE_SHARE = 0.5
_WORD = re.compile(r"\w+")
_WRAPPED_JSON = re.compile(r"^\s*(?://\s*)?(?:<!\[CDATA\[|<!--)|(?://\s*)?(?:\]\]>|-->)\s*$")


def _objects(data: object) -> Iterator[dict]:
    """Every JSON object in a JSON-LD document, @graph members and nested values included (iteratively)."""
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            yield item
            stack.extend(value for value in item.values() if isinstance(value, (dict, list)))
        elif isinstance(item, list):
            stack.extend(item)


def _is_product(item: dict) -> bool:
    kind = item.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return any(isinstance(k, str) and k.rsplit("/", 1)[-1] in ("Product", "ProductGroup") for k in kinds)


def _plain(value: object) -> str:
    """A description as plain text: JSON-LD descriptions often carry HTML markup or entities."""
    if not isinstance(value, str) or not value.strip():
        return ""
    text = value
    if "<" in text or "&" in text:
        try:
            text = lxml.html.fromstring(f"<div>{text}</div>").text_content()
        except (etree.ParserError, ValueError):
            return ""
    return " ".join(text.split())


def product_description(root: etree._Element) -> tuple[str, str]:
    """The description of the page's JSON-LD Product and the path of its script; ("", "") when none."""
    for script in root.iter("script"):
        if "ld+json" not in (script.get("type") or "").lower() or not script.text or "roduct" not in script.text:
            continue
        try:
            data = json.loads(_WRAPPED_JSON.sub("", script.text))
        except ValueError:
            continue
        for item in _objects(data):
            description = _plain(item.get("description")) if _is_product(item) else ""
            if len(description.split()) >= MIN_DESCRIPTION_WORDS:
                return description, root.getroottree().getpath(script)
    return "", ""


def _visible_share(description: str, segments: Sequence[Segment]) -> float:
    words = [w.lower() for w in _WORD.findall(description)]
    visible = {w.lower() for s in segments if not s.hidden for w in _WORD.findall(s.text)}
    return sum(w in visible for w in words) / len(words) if words else 1.0


def add_structured_description(document: Document, root: etree._Element, segments: Sequence[Segment]) -> Document:
    """The document with the JSON-LD product description added when the visible page lacks it."""
    description, path = product_description(root)
    if not description or _visible_share(description, segments) >= MAX_VISIBLE_SHARE:
        return document
    block = Block(BlockKind.PARAGRAPH, description, path)
    blocks = list(document.blocks)
    at = 1 if blocks and blocks[0].kind is BlockKind.HEADING else 0
    blocks.insert(at, block)
    text = render_text(tuple(blocks))
    return replace(document, blocks=tuple(blocks), text=text, status=Status.OK)
