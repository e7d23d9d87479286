"""Signals of what kind of page this is (article, forum, product, collection, listing, documentation,
service), read from the one parsed tree, its blocks and its URL.

Every feature is general: schema.org types (JSON-LD and microdata), Open Graph type, whether the markup
names a publication date or an author, the vocabulary of class names ("post", "price", "card", "facet",
"toc", "hero" ...), words of the text (cart, reply, "we" and "you") and prices, how the blocks are laid out
(code, links, headings, long paragraphs, lists) and generic path tokens of the URL ("/forum/", "/docs/",
"/product/", "/category/"), never a site's name.
``page_kind_model`` turns them into a kind with a small learned model (bench/train_page_kind.py).

Counts are log-scaled (``log1p``) so that one giant page does not dominate the model; shares are in [0, 1].
"""
from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from urllib.parse import urlsplit

from lxml import etree

from cleaner.html.page_kind_model import predict_kind
from cleaner.html.segment import Segment
from cleaner.shared_signals import count_prices
from cleaner.types import BlockKind

#: schema.org types by the kind of page they point to (JSON-LD ``@type`` and microdata ``itemtype``).
SCHEMA_GROUPS: Mapping[str, frozenset[str]] = {
    "article": frozenset({"article", "newsarticle", "blogposting", "report", "scholarlyarticle", "liveblogposting",
                          "reportagenewsarticle", "opinionnewsarticle", "analysisnewsarticle", "posting"}),
    "tech": frozenset({"techarticle", "apireference", "softwaresourcecode", "howto"}),
    "forum": frozenset({"discussionforumposting", "qapage", "question", "answer", "socialmediaposting",
                        "comment"}),
    "product": frozenset({"product", "offer", "aggregateoffer", "productgroup", "individualproduct",
                          "productmodel", "vehicle"}),
    "collection": frozenset({"collectionpage", "itemlist", "offercatalog", "searchresultspage"}),
    "service": frozenset({"service", "professionalservice", "localbusiness", "softwareapplication",
                          "webapplication", "faqpage", "course", "financialproduct", "event"}),
    "organization": frozenset({"organization", "corporation", "website"}),
    "person": frozenset({"person", "profilepage"}),
    "breadcrumb": frozenset({"breadcrumblist"}),
}
#: Words of class names by what they name, counted over all elements that carry them.
TOKEN_GROUPS: Mapping[str, frozenset[str]] = {
    "post": frozenset({"post", "posts", "reply", "replies", "thread", "topic", "message", "messages", "forum",
                       "postbody", "answer", "answers", "question", "discussion"}),
    "user": frozenset({"user", "username", "avatar", "author", "poster", "member", "signature", "userinfo",
                       "profile", "joined", "reputation"}),
    "vote": frozenset({"vote", "votes", "upvote", "downvote", "score", "karma", "likes", "like"}),
    "price": frozenset({"price", "prices", "sale", "regular", "currency", "amount", "money", "offer", "discount"}),
    "cart": frozenset({"cart", "basket", "checkout", "bag", "addtocart", "quantity", "qty",
                       "wishlist", "sku", "variant", "variants", "swatch", "swatches", "stock", "buy"}),
    "product": frozenset({"product", "products", "pdp", "plp", "gallery", "rating", "reviews", "stars"}),
    "card": frozenset({"card", "cards", "tile", "tiles", "grid", "teaser", "item", "items", "listing", "result",
                       "results", "feed", "entry", "excerpt", "thumbnail", "thumb"}),
    "facet": frozenset({"filter", "filters", "facet", "facets", "sort", "sorting", "refine", "refinement",
                        "pagination", "pager", "paging", "collection", "category", "catalog"}),
    "docs": frozenset({"docs", "doc", "documentation", "toc", "sidebar", "highlight", "hljs", "syntax",
                       "codehilite", "sourcecode", "api", "reference", "admonition", "note", "tip", "warning",
                       "headerlink", "anchor", "prettyprint"}),
    "service": frozenset({"hero", "cta", "testimonial", "testimonials", "pricing", "plan", "plans", "feature",
                          "features", "benefits", "banner", "logos", "clients", "partners", "faq", "accordion",
                          "btn", "button", "section"}),
    "article": frozenset({"article", "story", "byline", "dateline", "headline", "blog",
                          "published", "date", "meta", "share", "social", "related", "tags"}),
    "nav": frozenset({"nav", "navbar", "menu", "breadcrumb", "breadcrumbs", "footer", "header"}),
}
#: Path, host and query tokens of the URL by the kind they suggest (generic words, not site names).
URL_GROUPS: Mapping[str, frozenset[str]] = {
    "forum": frozenset({"forum", "forums", "community", "communities", "discuss", "discussion", "discussions",
                        "thread", "threads", "topic", "topics", "t", "viewtopic", "showthread", "questions",
                        "question", "comments", "r", "board", "boards", "answers", "post"}),
    "docs": frozenset({"docs", "doc", "documentation", "reference", "api", "manual", "guide", "guides",
                       "wiki", "learn", "tutorial", "tutorials", "man", "developer", "developers", "help",
                       "support", "kb", "handbook", "book", "lang", "library", "spec"}),
    "product": frozenset({"product", "products", "p", "dp", "item", "itm", "sku", "buy", "app", "apps",
                          "pd", "prod"}),
    "collection": frozenset({"collection", "collections", "category", "categories", "c", "cat", "catalog",
                             "catalogue", "shop", "store", "department", "browse", "cp", "b", "brand",
                             "brands", "s", "search", "all"}),
    "article": frozenset({"blog", "blogs", "news", "article", "articles", "story", "stories", "posts",
                          "insights", "resources", "magazine", "opinion", "features", "guide", "press"}),
    "service": frozenset({"services", "service", "solutions", "solution", "pricing", "features", "platform",
                          "consulting", "agency", "hire", "programs", "program", "courses", "plans",
                          "business", "enterprise", "industries"}),
    "listing": frozenset({"news", "events", "event", "tag", "tags", "archive", "archives", "issues",
                          "directory", "list", "latest", "trending", "top", "page", "jobs"}),
}
_DIGITS = re.compile(r"\d")
_YEAR_PATH = re.compile(r"/(?:19|20)\d\d/(?:[01]?\d/)?")
#: Words of the text by what they suggest, counted in one pass over the lower-cased words. "we, our" is how
#: a business speaks of itself on a service page, "you, your" how it speaks to a reader (both as a share of
#: the words); month names and "ago" count the dates a listing or a thread prints.
TEXT_WORDS: Mapping[str, frozenset[str]] = {
    "cart_words": frozenset({"cart", "basket", "stock", "wishlist", "shipping", "checkout", "quantity", "qty",
                             "warenkorb", "panier", "carrito", "sold", "buy"}),
    "forum_words": frozenset({"reply", "replies", "posts", "joined", "member", "members", "thread", "quote",
                              "reputation", "views", "edited", "upvote", "upvotes", "votes", "answered", "asked",
                              "posted"}),
    "article_words": frozenset({"read", "published", "updated", "written", "share", "min", "minutes", "reading"}),
    "service_words": frozenset({"started", "contact", "demo", "trial", "schedule", "services", "choose", "trusted",
                                "consultation", "sign", "learn", "quote"}),
    "date_words": frozenset({"january", "february", "march", "april", "may", "june", "july", "august", "september",
                             "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
                             "sep", "sept", "oct", "nov", "dec", "ago"}),
    "we_rate": frozenset({"we", "our", "us", "ours"}),
    "you_rate": frozenset({"you", "your", "yours"}),
}
_RATES = frozenset({"we_rate", "you_rate"})
_TEXT_WORD_GROUPS: Mapping[str, tuple[str, ...]] = {
    word: tuple(group for group, names in TEXT_WORDS.items() if word in names)
    for names in TEXT_WORDS.values() for word in names}
#: Words as far as the vocabularies go: runs of ASCII letters in lower-cased text ("product-card" -> product,
#: card; a regex over a whole text beats splitting and stripping it word by word). Also the URL's path words.
_LETTERS = re.compile(r"[a-z]+")
#: Each vocabulary word -> the groups it belongs to (a word may name two things: "offer").
_WORD_GROUPS: Mapping[str, tuple[str, ...]] = {
    word: tuple(group for group, names in TOKEN_GROUPS.items() if word in names)
    for names in TOKEN_GROUPS.values() for word in names}
#: Class names only: ids add little and a union of the two costs a sort of the whole page's attributes.
_CLASS_VALUES = etree.XPath("//@class", smart_strings=False)
_MICRODATA = etree.XPath("//@itemprop|//@itemtype", smart_strings=False)
_METAS = etree.XPath("//meta[@content]")
_PUBLISHED_KEYS = frozenset({"article:published_time", "date", "pubdate", "dc.date", "dc.date.issued",
                             "datepublished"})
_AUTHOR_KEYS = frozenset({"author", "article:author"})
_WORDS = re.compile(r"\w+")
#: A paragraph of at least this many words is prose (article bodies and forum posts have many).
LONG_PARAGRAPH_WORDS = 40
#: Only this much of the page's text is read for its words and prices (enough for the signal; keeps huge
#: pages cheap).
MAX_PATTERN_CHARS = 200_000


def _log(count: float) -> float:
    return math.log1p(count)


def schema_types(ld_objects: Iterable[Mapping[str, object]]) -> set[str]:
    """Every schema.org type named in the JSON-LD objects, lower-cased, nested objects included
    (``mainEntity``, ``offers``, ``itemListElement`` ...) down to a few levels."""
    found: set[str] = set()
    stack: list[tuple[object, int]] = [(obj, 0) for obj in ld_objects]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            kind = value.get("@type")
            for name in kind if isinstance(kind, list) else [kind]:
                if isinstance(name, str):
                    found.add(name.rsplit("/", 1)[-1].lower())
            if depth < 3:
                stack.extend((v, depth + 1) for k, v in value.items() if isinstance(v, (dict, list)))
        elif isinstance(value, list) and depth < 3:
            stack.extend((v, depth) for v in value[:50])
    return found


def _schema_features(root: etree._Element, ld_objects: Sequence[Mapping[str, object]]) -> dict[str, float]:
    ld = schema_types(ld_objects)
    microdata: set[str] = set()
    item_props: set[str] = set()
    for value in _MICRODATA(root):
        if "/" in value:  # itemtype="https://schema.org/Product"
            microdata.update(v.rstrip("/").rsplit("/", 1)[-1].lower() for v in value.split())
        else:
            item_props.update(value.lower().split())
    metas = {(m.get("property") or m.get("name") or "").lower(): (m.get("content") or "").lower()
             for m in _METAS(root)}
    features = {f"schema_{group}": float(bool((ld | microdata) & names)) for group, names in SCHEMA_GROUPS.items()}
    features["ld_published"] = float(any(_names_a_date(obj) for obj in ld_objects))
    features["meta_published"] = float(bool(_PUBLISHED_KEYS & metas.keys()) or "datepublished" in item_props)
    features["meta_author"] = float(bool(_AUTHOR_KEYS & metas.keys()) or "author" in item_props)
    og = metas.get("og:type", "")
    for value in ("article", "product", "website"):
        features[f"og_{value}"] = float(value in og)
    return features


def _names_a_date(obj: Mapping[str, object]) -> bool:
    entity = obj.get("mainEntity")
    return "datePublished" in obj or (isinstance(entity, dict) and "datePublished" in entity)


def _title_features(root: etree._Element) -> dict[str, float]:
    """How long the headline and the document title are: an article's headline is a sentence, a
    collection's one or two words."""
    h1, title = root.find(".//h1"), root.find(".//title")
    return {"h1_words": _log(len(_WORDS.findall(h1.text_content())) if h1 is not None else 0),
            "title_words": _log(len(_WORDS.findall(title.text_content())) if title is not None else 0)}


def _markup_features(root: etree._Element) -> dict[str, float]:
    """How often the class names use each TOKEN_GROUPS vocabulary (one regex pass over them all:
    names are split at anything but letters, so "product-card" and "post_body" count, "postal" does not)."""
    groups: Counter[str] = Counter()
    for value, count in Counter(_CLASS_VALUES(root)).items():  # class values repeat: each is split once
        for word in _LETTERS.findall(value.lower()):
            for group in _WORD_GROUPS.get(word, ()):
                groups[group] += count
    return {f"cls_{group}": _log(groups[group]) for group in TOKEN_GROUPS}


def _block_features(segments: Sequence[Segment]) -> dict[str, float]:
    chars = sum(s.length for s in segments) or 1
    words = sum(s.words for s in segments) or 1
    long_paragraphs = [s for s in segments if s.kind is BlockKind.PARAGRAPH and s.words >= LONG_PARAGRAPH_WORDS]
    headings = [s for s in segments if s.heading_level]
    linked_headings = sum(1 for s in headings if s.link_density > 0.5)
    groups = Counter(s.group for s in segments if s.group >= 0)
    linked_items = sum(1 for s in segments if s.group >= 0 and s.link_density > 0.5)
    return {
        "blocks": _log(len(segments)),
        "words": _log(words),
        "link_share": sum(s.link_chars for s in segments) / chars,
        "code_share": sum(s.words for s in segments if s.kind is BlockKind.CODE) / words,
        "code_blocks": _log(sum(1 for s in segments if s.kind is BlockKind.CODE)),
        "long_paragraphs": _log(len(long_paragraphs)),
        "long_paragraph_share": sum(s.words for s in long_paragraphs) / words,
        "headings": _log(len(headings)),
        "words_per_heading": _log(words / (len(headings) + 1)),
        "linked_headings": _log(linked_headings),
        "linked_heading_share": linked_headings / max(1, len(headings)),
        "table_share": sum(s.words for s in segments if s.kind is BlockKind.TABLE) / words,
        "form_share": sum(s.words for s in segments if s.inside_form) / words,
        "largest_list": _log(max(groups.values(), default=0)),
        "linked_items": _log(linked_items),
        "short_block_share": sum(1 for s in segments if s.words < 5) / max(1, len(segments)),
    }


def _text_features(segments: Sequence[Segment]) -> dict[str, float]:
    """Counts of TEXT_WORDS and of prices in the page's text (its first MAX_PATTERN_CHARS)."""
    text, size = [], 0
    for segment in segments:
        if size > MAX_PATTERN_CHARS:
            break
        text.append(segment.text)
        size += segment.length + 1
    joined = "\n".join(text)
    words = Counter(_LETTERS.findall(joined.lower()))
    counts: Counter[str] = Counter()
    for word in words.keys() & _TEXT_WORD_GROUPS.keys():
        for group in _TEXT_WORD_GROUPS[word]:
            counts[group] += words[word]
    total = max(1, sum(words.values()))
    features = {name: _log(counts[name]) for name in TEXT_WORDS if name not in _RATES}
    features.update({name: 100 * counts[name] / total for name in _RATES})
    features["prices"] = _log(count_prices(joined, words))
    return features


def _url_features(url: str | None) -> dict[str, float]:
    parts = urlsplit(url or "")
    path = parts.path.lower()
    path_tokens = set(_LETTERS.findall(path))
    # a host is read by its first label only ("forum.example.org" -> forum)
    host_label = (parts.hostname or "").split(".")[0] if parts.hostname and parts.hostname.count(".") > 1 else ""
    steps = [step for step in path.split("/") if step]
    features = {f"url_{group}": float(bool(names & path_tokens) or host_label in names)
                for group, names in URL_GROUPS.items()}
    features["url_depth"] = float(min(len(steps), 6))
    features["url_home"] = float(not steps or (len(steps) == 1 and len(steps[0]) <= 5 and "." not in steps[0]))
    features["url_last_digits"] = float(bool(steps) and bool(_DIGITS.search(steps[-1])))
    features["url_last_words"] = float(min(steps[-1].count("-") + 1, 12) if steps else 0)
    features["url_year"] = float(bool(_YEAR_PATH.search(path)))
    features["url_query"] = float(bool(parts.query))
    return features


def page_features(root: etree._Element, segments: Sequence[Segment], url: str | None,
                  ld_objects: Sequence[Mapping[str, object]] = ()) -> dict[str, float]:
    """Every signal of the page's kind, by name (the names the model file uses)."""
    return {**_schema_features(root, ld_objects), **_title_features(root), **_markup_features(root),
            **_block_features(segments),
            **_text_features(segments), **_url_features(url)}


def features_from_html(html: bytes | str, url: str | None = None) -> dict[str, float]:
    """``page_features`` of a page given as HTML (for tools and training; ``extract`` reads the same signals
    from the tree it has already parsed)."""
    from cleaner.decode import decode_bytes
    from cleaner.html.jsonld import json_ld_objects
    from cleaner.html.parse import parse_html
    from cleaner.html.segment import segment_tree

    text = html if isinstance(html, str) else decode_bytes(bytes(html)).text
    root = parse_html(text)
    return page_features(root, segment_tree(root), url, json_ld_objects(root))


def detect_page_kind(root: etree._Element, segments: Sequence[Segment], url: str | None,
                     ld_objects: Sequence[Mapping[str, object]] = ()) -> str:
    """The kind of page (one of ``page_kind_model.PAGE_KINDS``) by the shipped model."""
    return predict_kind(page_features(root, segments, url, ld_objects))
