"""The page's JSON-LD, parsed once and shared by the metadata and the page-kind signals."""
from __future__ import annotations

import json
import re

from lxml import etree

#: Wrappers that pages put around a script's JSON for old parsers: ``<![CDATA[ ... ]]>`` and ``<!-- ... -->``,
#: with or without a leading ``//`` (XHTML serialisers and many CMSs print them).
_WRAPPED_JSON = re.compile(r"^\s*(?://\s*)?(?:<!\[CDATA\[|<!--)|(?://\s*)?(?:\]\]>|-->)\s*$")
_LD_SCRIPTS = etree.XPath("//script[translate(@type, 'LDJSON', 'ldjson')='application/ld+json']")
#: schema.org types whose object describes the page's own text: its headline, author and dates.
ARTICLE_TYPES = re.compile(r"Article|Posting|Report|Blog|NewsArticle")
#: Types whose ``mainEntity`` is the thing the page is about (a Q&A page's question, a profile's person).
_WRAPPER_TYPES = ("QAPage", "WebPage", "ItemPage", "DiscussionForumPosting")


def json_ld_objects(root: etree._Element) -> tuple[dict[str, object], ...]:
    """Every top-level JSON-LD object of the page in document order; lists and ``@graph`` are flattened.
    Scripts that do not parse are skipped."""
    objects: list[dict[str, object]] = []
    for script in _LD_SCRIPTS(root):
        if not script.text:
            continue
        try:
            data = json.loads(_WRAPPED_JSON.sub("", script.text))
        except ValueError:
            continue
        items = data if isinstance(data, list) else [data]
        for item in items:
            if isinstance(item, dict):
                graph = item.get("@graph")
                objects.extend(o for o in (graph if isinstance(graph, list) else [item]) if isinstance(o, dict))
    return tuple(objects)


def type_names(item: dict[str, object]) -> str:
    kind = item.get("@type")
    return " ".join(k for k in kind if isinstance(k, str)) if isinstance(kind, list) else str(kind or "")


def article_object(objects: tuple[dict[str, object], ...]) -> dict[str, object]:
    """The first object of an article or posting type, looking inside a Q&A or web page's ``mainEntity``
    too; {} when there is none."""
    for item in objects:
        if ARTICLE_TYPES.search(type_names(item)):
            return item
    for item in objects:
        entity = item.get("mainEntity")
        if isinstance(entity, dict) and any(t in type_names(item) for t in _WRAPPER_TYPES) \
                and (ARTICLE_TYPES.search(type_names(entity)) or "Question" in type_names(entity)):
            return entity
    return {}
