"""Page metadata from the markup: explicit metadata first (JSON-LD, Dublin Core, Open Graph, Twitter),
then the document title cleaned of its site-name part, the way Readability does it."""
from __future__ import annotations

import json
import re
from dataclasses import replace

from lxml import etree

from cleaner.deadline import NO_DEADLINE, Deadline
from cleaner.types import Metadata

_TITLE_SEPARATORS = re.compile(r" [|\-–—\\/>»] ")
_HIERARCHICAL = re.compile(r" [\\/>»] ")
_WS = re.compile(r"\s+")
#: Titles outside this length range are likely not the headline; Readability then tries the single <h1>.
MIN_TITLE_LENGTH, MAX_TITLE_LENGTH = 15, 150
#: A cleaned title this short (in words) is probably the site name, not the headline.
MIN_TITLE_WORDS = 3
TITLE_META_KEYS = ("dc:title", "dcterm:title", "og:title", "weibo:article:title", "weibo:webpage:title",
                   "title", "twitter:title", "parsely-title")
AUTHOR_META_KEYS = ("dc:creator", "dcterm:creator", "author", "parsely-author", "article:author", "byl")
DATE_META_KEYS = ("article:published_time", "date", "dc:date", "dcterms:date", "dc:date:issued", "pubdate",
                  "publishdate", "og:published_time", "parsely-pub-date", "sailthru:date", "datepublished")
#: A byline longer than this is a bio or a sentence, not a name.
MAX_BYLINE_LENGTH = 100
DESCRIPTION_META_KEYS = ("dc:description", "dcterm:description", "og:description", "weibo:article:description",
                         "description", "twitter:description")


def _clean(text: str | None) -> str:
    return _WS.sub(" ", text or "").strip()


def _words(text: str) -> int:
    return len(text.split())


def meta_values(root: etree._Element) -> dict[str, str]:
    """``<meta>`` name/property -> content, keys lower-cased; several space-separated names are all kept.
    A key given both ways takes the ``property`` value (RDFa and Open Graph), then ``name``, then ``itemprop``;
    the first on the page within each."""
    by_attribute: tuple[dict[str, str], ...] = ({}, {}, {})
    for meta in root.iter("meta"):
        content = meta.get("content")
        if not content:
            continue
        for values, attr in zip(by_attribute, ("property", "name", "itemprop")):
            for key in (meta.get(attr) or "").lower().split():
                values.setdefault(key.replace(".", ":"), _clean(content))
    return {**by_attribute[2], **by_attribute[1], **by_attribute[0]}


def article_tags(root: etree._Element) -> tuple[str, ...]:
    """Every ``<meta property="article:tag">`` (pages repeat that tag once per keyword)."""
    return tuple(dict.fromkeys(_clean(m.get("content")) for m in root.iterfind(".//meta[@property='article:tag']")
                               if _clean(m.get("content"))))


#: Wrappers that pages put around a script's JSON for old parsers: ``<![CDATA[ ... ]]>`` and ``<!-- ... -->``,
#: with or without a leading ``//`` (XHTML serialisers and many CMSs print them).
_WRAPPED_JSON = re.compile(r"^\s*(?://\s*)?(?:<!\[CDATA\[|<!--)|(?://\s*)?(?:\]\]>|-->)\s*$")


def json_ld(root: etree._Element) -> dict[str, object]:
    """The first JSON-LD object of an article type (or the first object), {} when none parses."""
    for script in root.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(_WRAPPED_JSON.sub("", script.text))
        except ValueError:
            continue
        items = data if isinstance(data, list) else data.get("@graph", [data]) if isinstance(data, dict) else []
        for item in items:
            if isinstance(item, dict) and re.search(r"Article|Posting|Report|Blog|NewsArticle", str(item.get("@type", ""))):
                return item
    return {}


def document_title(root: etree._Element) -> str:
    """The ``<title>`` cleaned of its site-name part, following Readability's rules."""
    title_el = next(root.iter("title"), None)
    original = _clean(title_el.text_content() if title_el is not None else "")
    current = original
    hierarchical = False
    if _TITLE_SEPARATORS.search(original):
        hierarchical = bool(_HIERARCHICAL.search(original))
        current = re.sub(r"(.*)[|\-–—\\/>»] .*", r"\1", original)
        if _words(current) < MIN_TITLE_WORDS:
            current = re.sub(r"^[^|\-–—\\/>»]*[|\-–—\\/>»](.*)", r"\1", original)
    elif ": " in original:
        headings = {_clean(h.text_content()) for tag in ("h1", "h2") for h in root.iter(tag)}
        if original not in headings:
            current = original[original.rfind(":") + 1:]
            if _words(current) < MIN_TITLE_WORDS:
                current = original[original.find(":") + 1:]
            elif _words(original[:original.find(":")]) > 5:
                current = original
    elif len(original) > MAX_TITLE_LENGTH or len(original) < MIN_TITLE_LENGTH:
        h1s = list(root.iter("h1"))
        if len(h1s) == 1:
            current = _clean(h1s[0].text_content())
    current = _clean(current)
    if _words(current) <= 4 and (not hierarchical or
                                 _words(current) != _words(_TITLE_SEPARATORS.sub(" ", original)) - 1):
        current = original
    return current


def _ld_text(value: object) -> str | None:
    if isinstance(value, str):
        return _clean(value) or None
    if isinstance(value, dict):
        return _ld_text(value.get("name"))
    if isinstance(value, list) and value:
        names = [n for n in (_ld_text(v) for v in value) if n]
        return ", ".join(names) or None
    return None


#: How much of a JSON-LD title's wording must be found in the page's <title> for it to count as the same
#: title (Readability's test when JSON-LD's "headline" and "name" disagree, with its threshold).
MIN_TITLE_SIMILARITY = 0.75


def _similarity(reference: str, text: str) -> float:
    """Share of ``text``'s wording (by characters) made of words found in ``reference``."""
    known = set(re.findall(r"\w+", reference.lower()))
    words = re.findall(r"\w+", text.lower())
    total = len(" ".join(words))
    return 1 - len(" ".join(w for w in dict.fromkeys(words) if w not in known)) / total if total else 0.0


def _ld_title(root: etree._Element, ld: dict[str, object]) -> str | None:
    """JSON-LD's headline, or its name. When both are given and differ (some sites put the site's name,
    or a description, in one of them), the one that matches the page's <title> wins, else the name."""
    headline, name = _ld_text(ld.get("headline")), _ld_text(ld.get("name"))
    if not (headline and name) or headline == name:
        return headline or name
    page_title = document_title(root)
    for candidate in (headline, name):
        if _similarity(page_title, candidate) > MIN_TITLE_SIMILARITY:
            return candidate
    return name


def extract_title(root: etree._Element, meta: dict[str, str], ld: dict[str, object]) -> str | None:
    if ld and (title := _ld_title(root, ld)):
        return title
    for key in TITLE_META_KEYS:
        if meta.get(key):
            return meta[key]
    return document_title(root) or None


def _language(root: etree._Element, meta: dict[str, str]) -> str | None:
    lang = root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang") or meta.get("og:locale") \
        or meta.get("content-language") or meta.get("language")
    return lang.replace("_", "-").split("-")[0].lower() if lang else None


def _microdata(root: etree._Element, prop: str) -> str | None:
    """The value of the first element with ``itemprop=prop``: its content/datetime, or its (name's) text."""
    for element in root.iterfind(f".//*[@itemprop='{prop}']"):
        value = element.get("content") or element.get("datetime")
        if not value:
            name = element.find(".//*[@itemprop='name']")
            value = (name if name is not None else element).text_content()
        value = _clean(value)
        if value and len(value) <= MAX_BYLINE_LENGTH:
            return value
    return None


#: Words in a class or id that name a byline box (Readability's).
_BYLINE_WORDS = re.compile(r"byline|author", re.I)
#: Boxes whose class or id says they belong to reader comments or to a list of authors' pages: their
#: names are not the article's byline.
_NOT_BYLINE = re.compile(r"comment|reply|respond|authors?-(?:list|archive|page)|avatar", re.I)


def _markup_author(root: etree._Element, deadline: Deadline = NO_DEADLINE) -> str | None:
    for link in root.iterfind(".//a[@rel='author']"):
        name = _clean(link.text_content())
        if name and len(name) <= MAX_BYLINE_LENGTH:
            return name
    return _microdata(root, "author") or _byline_box(root, deadline)


def _byline_box(root: etree._Element, deadline: Deadline = NO_DEADLINE) -> str | None:
    """The text of the first element named a byline or author, when it is short enough to be one."""
    body = next(root.iter("body"), root)
    # elements only: comments and processing instructions have no names
    for element in deadline.watch(body.iter(etree.Element)):
        names = f"{element.get('class') or ''} {element.get('id') or ''}"
        if not _BYLINE_WORDS.search(names) or _NOT_BYLINE.search(names) or element.tag in ("script", "style"):
            continue
        text = _clean(element.text_content())
        if not text or len(text) > MAX_BYLINE_LENGTH:
            continue
        names = _BYLINE_TAIL.sub("", text)
        if names and not names.endswith(":") and len(names.split()) <= MAX_BYLINE_WORDS:  # "Updated:" is a label
            return names
    return None


def _markup_date(root: etree._Element) -> str | None:
    """A publication date printed in the article: ``itemprop=datePublished``, then a ``<time>`` inside
    the <article> (a <time> elsewhere is often today's date in the masthead)."""
    found = _microdata(root, "datePublished")
    if found:
        return found
    for time in root.iterfind(".//article//time[@datetime]"):
        return _clean(time.get("datetime")) or None
    return None


def _htmldate(root: etree._Element) -> str | None:
    """htmldate's reading of the publication date (a trafilatura dependency; about 0.3 ms a page, it reads
    the tree without changing it)."""
    try:
        from htmldate import find_date

        return find_date(root, original_date=True, extensive_search=False) or None
    except Exception:  # noqa: BLE001 - a date is a nicety; a failure in a third-party heuristic is not ours
        return None


def extract_metadata(root: etree._Element, url: str | None, *, search_dates: bool = True,
                     deadline: Deadline = NO_DEADLINE) -> Metadata:
    """Metadata read from the markup alone (cheap; used by every preset). ``search_dates`` False leaves out
    htmldate's search of the page for a date that no markup names (the ``fast`` preset: it costs about as
    much as all other metadata together)."""
    meta = meta_values(root)
    ld = json_ld(root)
    author = _ld_text(ld.get("author")) if ld else None
    author = author or next((meta[k] for k in AUTHOR_META_KEYS if meta.get(k) and not meta[k].startswith("http")), None)
    author = author or _markup_author(root, deadline)
    deadline.check()  # before htmldate, which cannot check it
    date = _ld_text(ld.get("datePublished")) if ld else None
    date = date or next((meta[k] for k in DATE_META_KEYS if meta.get(k)), None) or _markup_date(root) \
        or (_htmldate(root) if search_dates else None)
    sitename = meta.get("og:site_name") or (_ld_text(ld.get("publisher")) if ld else None) \
        or meta.get("application-name")
    keywords = meta.get("keywords") or meta.get("news_keywords") or ""
    tags = tuple(t.strip() for t in keywords.split(",") if t.strip()) or article_tags(root)
    return Metadata(url=url or meta.get("og:url"), title=extract_title(root, meta, ld), author=clean_author(author),
                    date=date, sitename=sitename, language=_language(root, meta),
                    description=next((meta[k] for k in DESCRIPTION_META_KEYS if meta.get(k)), None), tags=tags)


#: "By Jane Doe", "Von Max Muster", "Written by Jane Doe": the words before a byline's name.
_BYLINE_PREFIX = re.compile(r"^(?:written\s+by|posted\s+by|by|von|par|por|di|door|af|av)\s+(?=\S)", re.I)
#: A month name left after a byline's name when the date beside it was cut at its digits ("Jane Doe May").
_MONTH_NAMES = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?"
                r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
_TRAILING_MONTH = re.compile(rf"\s+{_MONTH_NAMES}\.?,?$", re.I)
#: Where a byline box's names end and its date or age begins: "Jane Doe March 25, 2015", "Jane Doe • 8h",
#: "Jane Doe | 2015-03-25", "Jane Doe 25 March 2015".
_BYLINE_TAIL = re.compile(rf"\s*(?:[•|·]|\b{_MONTH_NAMES}\.? \d|\b\d{{1,2}}\.? {_MONTH_NAMES}\b"
                          r"|\b\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}\b|\b\d+\s*(?:h|hrs?|hours?|mins?|minutes?|d|days?)\b).*$",
                          re.I)
#: A byline box with more words than this, once its date is cut, is a teaser or a bio, not names.
MAX_BYLINE_WORDS = 8


def clean_author(value: str | None) -> str | None:
    """A byline reduced to the names: without "By" before them or a month name cut from a date after them
    (trafilatura's author search keeps "Jane Doe May" from "By Jane Doe May 9, 2017")."""
    if not value:
        return value
    text = _BYLINE_PREFIX.sub("", " ".join(value.split()))
    names = _TRAILING_MONTH.sub("", text)
    # Two words at least must remain: "Theresa May" is a name, "Jane Doe May" a name and a cut date.
    return names if len(names.split()) >= 2 else text


def merge_metadata(ours: Metadata, other: Metadata) -> Metadata:
    """Our fields first; the other source fills what we did not find. Bylines are reduced to the names."""
    filled = {name: getattr(other, name) for name in ("author", "date", "sitename", "description", "language")
              if not getattr(ours, name) and getattr(other, name)}
    if "author" in filled:
        filled["author"] = clean_author(filled["author"])
    if not ours.tags and other.tags:
        filled["tags"] = other.tags
    if not ours.title and other.title:
        filled["title"] = other.title
    return replace(ours, **filled)
