"""Labels from the page's own markup: the role, class/id tokens and tag of a block's element and of its
ancestors, nearest first (``markup_label``). A token vocabulary per label, the tags and roles that name
regions, and the rule that an element holding much prose is no widget, whatever its class says."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from cleaner.html.ancestry import AncestorInfo, totals_up_the_tree
from cleaner.html.segment import Segment
from cleaner.types import Label

# Class/id/role tokens by the label they point to. A token matches a whole token of the attribute or,
# for the prefixes, the start of one ("navbar", "sharing-tools"). Grouped by concept, as trafilatura does.
TOKEN_VOCABULARY: dict[Label, tuple[frozenset[str], tuple[str, ...]]] = {
    Label.NAVIGATION: (frozenset({"nav", "menu", "menus", "toc", "pagination", "pager", "breadcrumb", "breadcrumbs",
                                  "navigation", "skip", "skiplink", "topnav", "subnav", "sitenav", "tags",
                                  "tagcloud", "taglist", "categories", "jump", "navi", "hauptnavigation", "ariane",
                                  "migas", "menue"}),
                       ("navbar", "navigation", "breadcrumb", "menu-", "mainmenu", "nav-", "pagination")),
    Label.SEARCH: (frozenset({"search", "searchbox", "searchform", "searchbar", "query", "suche", "recherche",
                              "buscador", "zoeken"}), ("search",)),
    Label.SPONSOR: (frozenset({"ad", "ads", "advert", "advertisement", "advertising", "adsense", "dfp", "gpt",
                               "sponsor", "sponsors", "sponsored", "promo", "promos", "promotion", "promoted",
                               "partner", "partners", "affiliate", "outbrain", "taboola", "adslot",
                               "adunit", "marketing", "anzeige", "werbung", "pub", "publicite",
                               "publicidad", "pubblicita", "reclame", "anuncio", "anuncios"}),
                    ("advert", "sponsor", "promo", "partner", "adslot", "ad-", "ads-", "taboola", "outbrain")),
    Label.HEADER: (frozenset({"header", "masthead", "banner", "branding", "topbar", "site-header", "siteheader",
                              "announcement", "notice", "alert", "ticker", "kopf", "kopfzeile", "entete", "cabecera"}),
                   ("masthead", "site-header", "announcement")),
    Label.FOOTER: (frozenset({"footer", "colophon", "copyright", "contentinfo", "legal", "disclaimer", "imprint",
                              "fuss", "fusszeile", "pied", "piede", "pie", "voettekst", "impressum"}),
                   ("footer", "copyright", "colophon")),
    Label.COOKIE_NOTICE: (frozenset({"cookie", "cookies", "consent", "gdpr", "onetrust",
                                     "consentement", "consentimiento", "consenso", "toestemming"}),
                          ("cookie", "consent", "gdpr", "onetrust")),
    Label.SHARE: (frozenset({"share", "sharing", "social", "sharethis", "addthis", "follow", "socials", "shares",
                             "teilen", "partager", "compartir", "condividi", "delen"}),
                  ("share", "social", "sharing")),
    Label.RELATED: (frozenset({"related", "recommended", "recommendations", "recirc", "trending", "popular",
                               "mostread", "most-read", "more-stories", "read-next", "readnext", "suggested",
                               "you-may-like", "teaser", "teasers", "recent", "verwandt", "empfehlung",
                               "empfehlungen", "similaires", "relacionados", "correlati", "gerelateerd"}),
                    ("related", "recommend", "recirc", "trending", "popular", "most-read", "more-from", "empfehl")),
    Label.COMMENTS: (frozenset({"comment", "comments", "disqus", "respond", "replies", "discussion",
                                "commentlist", "comment-list", "reviews", "kommentar", "kommentare", "commentaire",
                                "commentaires", "comentario", "comentarios", "commento", "commenti", "reacties"}),
                     ("comment-", "comments-", "commentlist", "disqus", "kommentar")),
    Label.NEWSLETTER: (frozenset({"newsletter", "subscribe", "subscription", "signup", "sign-up", "mailing",
                                  "optin", "mailchimp", "paywall", "abo", "abonnieren", "inscription"}),
                       ("newsletter", "subscri", "signup", "mailchimp", "optin")),
    Label.OTHER: (frozenset({"sidebar", "widget", "widgets", "aside", "modal", "popup", "overlay", "tooltip",
                             "byline", "author-bio", "bio", "meta", "dateline", "timestamp",
                             "sr-only", "visually-hidden", "screen-reader-text", "hidden"}),
                  ("sidebar", "widget", "popup", "modal")),
}
# Widgets before regions: "cookie-banner" is a cookie notice, "footer-newsletter" a sign-up box.
TOKEN_ORDER = (Label.COOKIE_NOTICE, Label.NEWSLETTER, Label.SEARCH, Label.SHARE, Label.SPONSOR, Label.COMMENTS,
               Label.RELATED, Label.NAVIGATION, Label.HEADER, Label.FOOTER, Label.OTHER)
# Tokens that mark the main content; a content token nearer to a block than a boilerplate token wins.
CONTENT_TOKENS = frozenset({"article", "content", "entry", "post", "story", "body", "main", "articlebody",
                            "prose", "hentry", "blog-post", "post-content", "entry-content", "article-body",
                            "article-content", "story-body", "maincontent", "main-content"})
# Tokens of embedded posts and media that articles quote: "social-media-embed", "twitter-tweet".
EMBED_TOKENS = frozenset({"embed", "twitter-tweet", "instagram-media", "tiktok-embed", "oembed"})
# Ancestor tags that mark boilerplate regions of the page.
TAG_LABELS: dict[str, Label] = {"nav": Label.NAVIGATION, "footer": Label.FOOTER, "aside": Label.OTHER,
                                "header": Label.HEADER, "menu": Label.NAVIGATION}
# Tags that name a page region outright; <aside> and <menu> say less than a class token on them.
REGION_TAGS = frozenset({"nav", "header", "footer"})
ROLE_LABELS: dict[str, Label] = {"navigation": Label.NAVIGATION, "search": Label.SEARCH, "banner": Label.HEADER,
                                 "contentinfo": Label.FOOTER, "complementary": Label.OTHER, "dialog": Label.OTHER}
# Labels still looked for above a content element: a comment is an <article> inside the comments section.
_PAST_CONTENT = frozenset({Label.COMMENTS, Label.COOKIE_NOTICE, Label.NEWSLETTER})
#: How many ancestors up a class/id token still speaks for a block. Deeper wrappers (page, layout)
#: carry tokens like "has-sidebar" that say nothing about the block.
MAX_TOKEN_DISTANCE = 8
#: An element holding more prose than this is not a widget, whatever its class says: section ids made
#: from headings ("sharing-mutable-history") and layout classes ("has-sidebar") would otherwise sink
#: whole articles. Widgets (share bars, promos, menus) hold far less; long comment threads stay comments.
MAX_WIDGET_PROSE = 1200
#: Blocks that count towards an element's prose: long enough and prose-like.
REGION_PROSE_MIN_LENGTH, REGION_PROSE_MIN_SCORE = 80, 0.5
#: Labels that name a region of the page rather than a widget: a widget phrase inside one is more telling.
REGION_LABELS = frozenset({Label.HEADER, Label.FOOTER, Label.OTHER, Label.NAVIGATION})


@lru_cache(maxsize=4096)  # a pure function of a few hundred distinct token tuples per corpus
def _token_label(tokens: tuple[str, ...]) -> tuple[Label, str] | None:
    """The first label in TOKEN_ORDER that a token names, with the first token that names it. A search
    token beside a results token names the results ("search-results"): the listing a search or category page
    is for, not its search box."""
    if EMBED_TOKENS.intersection(tokens):
        return None  # an embedded post (tweet, video) quoted by the article is part of it
    results = any(token.startswith("result") for token in tokens)
    best, best_token = len(TOKEN_ORDER), ""
    for token in tokens:
        first = _token_order(token)
        if first < best and not (results and TOKEN_ORDER[first] is Label.SEARCH):
            best, best_token = first, token
    return (TOKEN_ORDER[best], best_token) if best < len(TOKEN_ORDER) else None


@lru_cache(maxsize=16384)  # ids make many token tuples unique, but their tokens repeat
def _token_order(token: str) -> int:
    """The place in TOKEN_ORDER of the first label the token names; len(TOKEN_ORDER) when none."""
    for order, label in enumerate(TOKEN_ORDER):
        exact, prefixes = TOKEN_VOCABULARY[label]
        if token in exact or token.startswith(prefixes):
            return order
    return len(TOKEN_ORDER)


def _is_content_element(info: AncestorInfo) -> bool:
    if info.tag in ("body", "html"):
        return False
    return info.tag in ("article", "main") or not CONTENT_TOKENS.isdisjoint(info.tokens)


def region_prose(segments: Sequence[Segment], prose: Sequence[float]) -> dict[str, int]:
    """Characters of prose under each element path."""
    own: dict[str, int] = {}
    for segment, score in zip(segments, prose):
        if segment.length >= REGION_PROSE_MIN_LENGTH and score >= REGION_PROSE_MIN_SCORE:
            own[segment.path] = own.get(segment.path, 0) + segment.length
    return totals_up_the_tree(own)


@dataclass(frozen=True)
class MarkupMatch:
    """Markup that names a block: the label, the signal in words, the element, and the class token if any."""

    label: Label
    signal: str
    element: AncestorInfo
    token: str = ""


def markup_label(segment: Segment, regions: dict[str, int] | None = None,
                 memo: dict[tuple[str, bool], MarkupMatch | None] | None = None) -> MarkupMatch | None:
    """The boilerplate label that the block's own or its ancestors' markup gives, nearest first.

    Each element is read in order: its role, its class/id tokens, whether it marks the main content, its tag.
    Above a content element only comment, cookie and newsletter markers still count. Elements that hold
    more prose than a widget could are passed over (see MAX_WIDGET_PROSE).

    What the ancestors say is the same for all blocks of one parent (the items of a menu), so ``memo``
    (one dict per page) keeps it by the parent's path."""
    ancestors = segment.ancestors
    if not ancestors or ancestors[0].tag in ("body", "html"):
        return None
    own, path = ancestors[0], segment.path
    past_content = False
    if _passed_over(own, path, regions):
        past_content = _is_content_element(own)
    else:
        found = _element_label(segment, own, 0)
        if found:
            return found
    parent_path = path[:path.rfind("/")]
    key = (parent_path, past_content)
    if memo is not None and key in memo:
        return memo[key]
    found = _label_above(segment, parent_path, past_content, regions)
    if memo is not None:
        memo[key] = found
    return found


def _passed_over(info: AncestorInfo, path: str, regions: dict[str, int] | None) -> bool:
    """An element holding more prose than a widget could says nothing about its blocks (comments aside)."""
    return bool(regions) and regions.get(path, 0) > MAX_WIDGET_PROSE \
        and not any(t.startswith(("comment", "disqus")) for t in info.tokens)


def _label_above(segment: Segment, path: str, past_content: bool,
                 regions: dict[str, int] | None) -> MarkupMatch | None:
    """What the block's ancestors say, from its parent (at ``path``) up to MAX_TOKEN_DISTANCE."""
    for distance, info in enumerate(segment.ancestors[1:MAX_TOKEN_DISTANCE + 1], 1):
        if info.tag in ("body", "html"):
            break
        if distance > 1:
            path = path[:path.rfind("/")]  # the path of this ancestor: one step up per step of the loop
        if _passed_over(info, path, regions):
            past_content = past_content or _is_content_element(info)
            continue
        found = _element_label(segment, info, distance)
        if found and (not past_content or found.label in _PAST_CONTENT):
            return found
        if _is_content_element(info) and not found:
            past_content = True
    return None


def _element_label(segment: Segment, info: AncestorInfo, distance: int) -> MarkupMatch | None:
    """One element's own say: its role, then widget tokens ("cookie-banner"), then its tag (<footer>),
    then region tokens ("header-footer-group" on a <footer> is the footer)."""
    role = ROLE_LABELS.get(info.role)
    if role is not None:
        return MarkupMatch(role, f"role {info.role}", info)
    matched = _token_label(info.tokens)
    if matched and matched[0] not in REGION_LABELS:
        return MarkupMatch(matched[0], f"class/id token '{matched[1]}'", info, matched[1])
    if info.tag in REGION_TAGS:
        label = TAG_LABELS[info.tag]
        if not (label in (Label.HEADER, Label.FOOTER) and _below_content(segment, distance)):
            return MarkupMatch(label, f"inside <{info.tag}>", info)
    if matched:
        label, token = matched
        if not (label is Label.HEADER and _below_content(segment, distance)):
            return MarkupMatch(label, f"class/id token '{token}'", info, token)
    if info.tag in TAG_LABELS and info.tag not in REGION_TAGS:
        return MarkupMatch(TAG_LABELS[info.tag], f"inside <{info.tag}>", info)
    return None


def _below_content(segment: Segment, distance: int) -> bool:
    return any(_is_content_element(a) for a in segment.ancestors[distance + 1:])
