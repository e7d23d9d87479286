"""The author of a page: a byline found in the markup, reduced to the names."""
from __future__ import annotations

import html
import re

from lxml import etree

from cleaner.deadline import NO_DEADLINE, Deadline
from cleaner.html.dates import MONTH_NAMES

_WS = re.compile(r"\s+")
#: A byline longer than this is a bio or a sentence, not a name.
MAX_BYLINE_LENGTH = 100
#: A byline box with more words than this, once its date is cut, is a teaser or a bio, not names.
MAX_BYLINE_WORDS = 8
#: Words in a class or id that name a byline box (Readability's).
_BYLINE_WORDS = re.compile(r"byline|author", re.I)
#: Boxes whose class or id says they belong to reader comments or to a list of authors' pages: their
#: names are not the article's byline.
_NOT_BYLINE = re.compile(r"comment|reply|respond|authors?-(?:list|archive|page)|avatar", re.I)
#: "By Jane Doe", "Von Max Muster", "Written by: Jane Doe", "Posted by Jane Doe", "Text by Jane Doe",
#: "Author: Jane Doe": the words before a byline's name ("By" may be glued to it: "ByJane Doe").
_BYLINE_PREFIX = re.compile(r"^(?:(?:written|posted|post|text|words|story|recipe|reviewed|authored|edited)\s+by"
                            r"|by|author|von|par|por|di|door|af|av)(?:\s*:\s*|\s+|(?=(?-i:[A-Z][a-z])))(?=\S)", re.I)
#: A month name left after a byline's name when the date beside it was cut at its digits ("Jane Doe May").
_TRAILING_MONTH = re.compile(rf"\s+{MONTH_NAMES}\.?,?$", re.I)
#: Where a byline box's names end and its date or age begins: "Jane Doe March 25, 2015", "Jane Doe • 8h",
#: "Jane Doe | 2015-03-25", "Jane Doe 25 March 2015".
_BYLINE_TAIL = re.compile(rf"\s*(?:[•|·]|\b{MONTH_NAMES}\.? \d|\b\d{{1,2}}\.? {MONTH_NAMES}\b"
                          r"|\b\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}\b|\b\d+\s*(?:h|hrs?|hours?|mins?|minutes?|d|days?)\b).*$",
                          re.I)
#: What is glued to a name without a space once a page's markup is flattened to text: a date
#: ("Jane DoeMarch 3, 2025", "Jane Doe3/4/2025"), a reading time ("Jane Doe7 min read"), an arrow or a dash
#: at the end. Digits alone stay: forum names have them ("user3080392").
_GLUED_TAIL = re.compile(rf"(?:(?<=[a-z])(?:{MONTH_NAMES}\.? \d.*\d{{4}}|\d{{1,2}}[/.]\d{{1,2}}[/.]\d{{2,4}}).*"
                         r"|\s*\d+\s*min(?:ute)?s?\s+read.*|\s*[»›→–—-]+)$", re.I)


def squash(text: str | None) -> str:
    """Whitespace collapsed and character references resolved (many pages escape them twice in their
    metadata: "&amp;#8217;")."""
    text = text or ""
    return _WS.sub(" ", html.unescape(text) if "&" in text else text).strip()


def microdata(root: etree._Element, prop: str) -> str | None:
    """The value of the first element with ``itemprop=prop``: its content/datetime, or its (name's) text."""
    for element in root.iterfind(f".//*[@itemprop='{prop}']"):
        value = element.get("content") or element.get("datetime")
        if not value:
            name = element.find(".//*[@itemprop='name']")
            value = (name if name is not None else element).text_content()
        value = squash(value)
        if value and len(value) <= MAX_BYLINE_LENGTH:
            return value
    return None


def markup_author(root: etree._Element, deadline: Deadline = NO_DEADLINE) -> str | None:
    for link in root.iterfind(".//a[@rel='author']"):
        name = squash(link.text_content())
        if name and len(name) <= MAX_BYLINE_LENGTH:
            return name
    return microdata(root, "author") or byline_box(root, deadline)


def byline_box(root: etree._Element, deadline: Deadline = NO_DEADLINE) -> str | None:
    """The text of the first element named a byline or author, when it is short enough to be one."""
    body = next(root.iter("body"), root)
    # elements only: comments and processing instructions have no names
    for element in deadline.watch(body.iter(etree.Element)):
        names = f"{element.get('class') or ''} {element.get('id') or ''}"
        if not _BYLINE_WORDS.search(names) or _NOT_BYLINE.search(names) or element.tag in ("script", "style"):
            continue
        text = squash(element.text_content())
        if not text or len(text) > MAX_BYLINE_LENGTH:
            continue
        names = _BYLINE_TAIL.sub("", text)
        if names and not names.endswith(":") and len(names.split()) <= MAX_BYLINE_WORDS:  # "Updated:" is a label
            return names
    return None


def clean_author(value: str | None) -> str | None:
    """A byline reduced to the names: without "By" before them, a date or a reading time glued after them,
    or a month name cut from a date after them (trafilatura's author search keeps "Jane Doe May" from
    "By Jane Doe May 9, 2017")."""
    if not value:
        return value
    text = _BYLINE_PREFIX.sub("", " ".join(value.split()))
    text = _GLUED_TAIL.sub("", text).strip() or text
    names = _TRAILING_MONTH.sub("", text)
    # Two words at least must remain: "Theresa May" is a name, "Jane Doe May" a name and a cut date.
    return names if len(names.split()) >= 2 else text
