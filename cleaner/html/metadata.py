"""Page metadata from the markup and the blocks: the headline (``headline``), the byline (``byline``), the
publication date (``dates``), site name, language, description and tags, read from JSON-LD, Dublin Core,
Open Graph, Twitter and microdata."""
from __future__ import annotations

import re
from collections.abc import Sequence

from lxml import etree

from cleaner.deadline import NO_DEADLINE, Deadline, TimeLimitReached
from cleaner.html.byline import clean_author, markup_author, microdata, squash
from cleaner.html.dates import day_of, iso_date, printed_date
from cleaner.html.headline import choose_title, h1_texts, site_names
from cleaner.html.jsonld import article_object, json_ld_objects
from cleaner.html.segment import Segment
from cleaner.interrupt import call_within
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
#: Kinds of page that carry a publication date: on wcxb-dev, 764 of the 787 pages whose truth has a date
#: are articles or forum threads. On other kinds no date is searched for in the text (which saves htmldate's
#: search, the dearest part of the metadata) and only a date that the markup names is read.
DATED_KINDS = frozenset({"article", "forum"})
DESCRIPTION_META_KEYS = ("dc:description", "dcterm:description", "og:description", "weibo:article:description",
                         "description", "twitter:description")


_clean = squash


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


def extract_title(root: etree._Element, meta: dict[str, str], ld: dict[str, object],
                  sites: frozenset[str] = frozenset()) -> str | None:
    """The headline (``headline.choose_title``), checked against JSON-LD's, the meta tags' and the
    document's titles."""
    title_el = next(root.iter("title"), None)
    titles = [_ld_title(root, ld) if ld else None, *(meta.get(key) for key in TITLE_META_KEYS),
              _clean(title_el.text_content()) if title_el is not None else None]
    return choose_title(h1_texts(root), titles, sites) or document_title(root) or None


def _language(root: etree._Element, meta: dict[str, str]) -> str | None:
    lang = root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang") or meta.get("og:locale") \
        or meta.get("content-language") or meta.get("language")
    return lang.replace("_", "-").split("-")[0].lower() if lang else None


def _markup_date(root: etree._Element) -> str | None:
    """A publication date printed in the article: ``itemprop=datePublished``, then a ``<time>`` inside
    the <article> (a <time> elsewhere is often today's date in the masthead)."""
    found = microdata(root, "datePublished")
    if found:
        return found
    for time in root.iterfind(".//article//time[@datetime]"):
        return _clean(time.get("datetime")) or None
    return None


def _htmldate(root: etree._Element, url: str | None, deadline: Deadline = NO_DEADLINE) -> str | None:
    """htmldate's reading of the publication date (a trafilatura dependency; about 0.3 ms a page, it reads
    the tree without changing it). It cannot check the deadline: under a time limit it is stopped from outside
    when the time runs out (bench/fuzz.py case 26963: a megabyte of text in few elements, 0.5 s in htmldate)."""
    try:
        from htmldate import find_date

        def search() -> str | None:
            return find_date(root, url=url, original_date=True, extensive_search=False) or None

        return call_within(search, deadline.remaining())  # no limit: a plain call
    except TimeLimitReached:
        raise
    except Exception:  # noqa: BLE001 - a date is a nicety; a failure in a third-party heuristic is not ours
        return None


def _date(root: etree._Element, meta: dict[str, str], ld: dict[str, object], segments: Sequence[Segment],
          url: str | None, search: bool, deadline: Deadline = NO_DEADLINE) -> str | None:
    """The publication date in ISO 8601: the date printed under the headline (see ``dates``) or the one the
    markup names (JSON-LD, meta tags, microdata, <time>); when both exist and differ, the markup's if
    htmldate's reading (with ``search``) agrees with it, else the printed one. Without either, htmldate's
    search, then a date printed anywhere.

    On wcxb-dev (pages whose truth has a date) the printed date first matched 455 of 532 tune and 203 of 250
    check dates, the markup first 445 and 215, trafilatura 451 and 205: each is right where the other is
    wrong about as often. htmldate, which weighs the markup's dates against the URL's and the page's, settles
    it: 453 and 210 with the detected kinds of page.
    """
    printed = printed_date(segments)
    marked = (_ld_text(ld.get("datePublished")) if ld else None) \
        or next((meta[k] for k in DATE_META_KEYS if meta.get(k)), None) or _markup_date(root)
    if printed and marked:
        if day_of(marked) == printed or (search and day_of(_htmldate(root, url, deadline)) == day_of(marked)):
            return iso_date(marked)  # the markup's value when it is right: it may carry the time
        return printed
    found = printed or marked or (_htmldate(root, url, deadline) if search else None) \
        or printed_date(segments, after_headline=False)
    return iso_date(found)


def extract_metadata(root: etree._Element, url: str | None, *, search_dates: bool = True,
                     ld_objects: Sequence[dict[str, object]] | None = None, page_type: str | None = None,
                     segments: Sequence[Segment] = (), deadline: Deadline = NO_DEADLINE) -> Metadata:
    """Metadata read from the markup alone (cheap; used by every preset). ``search_dates`` False leaves out
    htmldate's search of the page for a date that no markup names (the ``fast`` preset: it costs about as
    much as all other metadata together). ``ld_objects`` are the page's JSON-LD objects when already read;
    ``segments`` its blocks, where a printed date is looked for. ``page_type`` is recorded; on a kind of page
    that has no publication date (DATED_KINDS) no date is searched for beyond the markup."""
    meta = meta_values(root)
    ld = article_object(tuple(json_ld_objects(root) if ld_objects is None else ld_objects))
    author = _ld_text(ld.get("author")) if ld else None
    author = author or next((meta[k] for k in AUTHOR_META_KEYS if meta.get(k) and not meta[k].startswith("http")), None)
    author = author or markup_author(root, deadline)
    deadline.check()
    dated = page_type is None or page_type in DATED_KINDS
    date = _date(root, meta, ld, segments if dated else (), url, search_dates and dated, deadline)
    sitename = meta.get("og:site_name") or (_ld_text(ld.get("publisher")) if ld else None) \
        or meta.get("application-name")
    keywords = meta.get("keywords") or meta.get("news_keywords") or ""
    tags = tuple(t.strip() for t in keywords.split(",") if t.strip()) or article_tags(root)
    title = extract_title(root, meta, ld, site_names(sitename, url or meta.get("og:url")))
    return Metadata(url=url or meta.get("og:url"), title=title, author=clean_author(author),
                    date=date, sitename=sitename, language=_language(root, meta),
                    description=next((meta[k] for k in DESCRIPTION_META_KEYS if meta.get(k)), None), tags=tags,
                    page_type=page_type)
