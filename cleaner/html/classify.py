"""Blocks to verdicts: what each block is, from its own signals, then revised by its neighbours.

A verdict's ``label`` is None for content. Every verdict carries the rule that decided and a reason a
person can read, naming the signals (``link density 0.82 in <ul class="menu">``).
"""
from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass
from collections.abc import Sequence

from cleaner.deadline import NO_DEADLINE, Deadline
from cleaner.lexicon import AD_SLOT_LABELS, fold, notice_of, phrase_of, reading_length, stopword_density, unspaced_count
from cleaner.html.decisions import within
from cleaner.html.segment import AncestorInfo, Segment, ancestor_paths
from cleaner.types import BlockKind, Label

# Class/id/role tokens by the label they point to. A token matches a whole token of the attribute or,
# for the prefixes, the start of one ("navbar", "sharing-tools"). Grouped by concept, as trafilatura does.
TOKEN_VOCABULARY: dict[Label, tuple[frozenset[str], tuple[str, ...]]] = {
    Label.NAVIGATION: (frozenset({"nav", "menu", "menus", "toc", "pagination", "pager", "breadcrumb", "breadcrumbs",
                                  "navigation", "skip", "skiplink", "tabs", "topnav", "subnav", "sitenav", "tags",
                                  "tagcloud", "taglist", "categories", "jump", "navi", "hauptnavigation", "ariane",
                                  "migas", "menue"}),
                       ("navbar", "navigation", "breadcrumb", "menu-", "mainmenu", "nav-", "pagination")),
    Label.SEARCH: (frozenset({"search", "searchbox", "searchform", "searchbar", "query", "suche", "recherche",
                              "buscador", "zoeken"}), ("search",)),
    Label.SPONSOR: (frozenset({"ad", "ads", "adv", "advert", "advertisement", "advertising", "adsense", "dfp", "gpt",
                               "sponsor", "sponsors", "sponsored", "promo", "promos", "promotion", "promoted",
                               "partner", "partners", "affiliate", "outbrain", "taboola", "commercial", "adslot",
                               "adunit", "marketing", "anzeige", "anzeigen", "werbung", "pub", "publicite",
                               "publicidad", "pubblicita", "reclame", "anuncio", "anuncios"}),
                    ("advert", "sponsor", "promo", "partner", "adslot", "ad-", "ads-", "taboola", "outbrain")),
    Label.HEADER: (frozenset({"header", "masthead", "banner", "branding", "topbar", "site-header", "siteheader",
                              "announcement", "notice", "alert", "ticker", "kopf", "kopfzeile", "entete", "cabecera"}),
                   ("masthead", "site-header", "announcement")),
    Label.FOOTER: (frozenset({"footer", "colophon", "copyright", "contentinfo", "legal", "disclaimer", "imprint",
                              "fuss", "fusszeile", "pied", "piede", "pie", "voettekst", "impressum"}),
                   ("footer", "copyright", "colophon")),
    Label.COOKIE_NOTICE: (frozenset({"cookie", "cookies", "consent", "gdpr", "cmp", "onetrust", "einwilligung",
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
                                  "optin", "mailchimp", "paywall", "regwall", "abo", "abonnieren", "inscription"}),
                       ("newsletter", "subscri", "signup", "mailchimp", "optin")),
    Label.OTHER: (frozenset({"sidebar", "widget", "widgets", "aside", "modal", "popup", "overlay", "tooltip",
                             "byline", "author-bio", "authorbio", "bio", "meta", "dateline", "timestamp",
                             "print-only", "sr-only", "visually-hidden", "screen-reader-text", "hidden"}),
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
# Labels that the content-token rule never overrides: a comment's "comment-content" is still a comment.
_STICKY = frozenset({Label.COMMENTS, Label.COOKIE_NOTICE, Label.SPONSOR})
# Labels still looked for above a content element: a comment is an <article> inside the comments section.
_PAST_CONTENT = frozenset({Label.COMMENTS, Label.COOKIE_NOTICE, Label.NEWSLETTER})

#: Link density above which a short block is treated as links, not prose. jusText uses 0.2 for "bad"
#: paragraphs; navigation in the benchmark pages sits above 0.6, so 0.5 keeps inline-linked prose.
MAX_LINK_DENSITY = 0.5
#: A table row linked more than this is a menu or a link list even when laid out in cells.
MAX_ROW_LINK_DENSITY = 0.9
#: Blocks shorter than this are "short": they need context to be kept (jusText's length_low is 70).
SHORT_LENGTH = 70
#: Text inside a form longer than this is not the form's own labels.
MAX_FORM_TEXT = 150
#: How many ancestors up a class/id token still speaks for a block. Deeper wrappers (page, layout)
#: carry tokens like "has-sidebar" that say nothing about the block.
MAX_TOKEN_DISTANCE = 8
#: A block this long that reads as prose is content even inside a boilerplate-named wrapper.
LONG_PROSE_LENGTH = 400
#: Class tokens too vague to remove a block on their own ("product-single__meta" holds a description,
#: "entry-meta" a byline): the block stays content for the extractors, and is reported with this hint
#: if they leave it out.
WEAK_HINT_TOKENS = frozenset({"meta", "byline", "bio", "author-bio", "authorbio", "dateline", "timestamp"})
#: An element holding more prose than this is not a widget, whatever its class says: section ids made
#: from headings ("sharing-mutable-history") and layout classes ("has-sidebar") would otherwise sink
#: whole articles. Widgets (share bars, promos, menus) hold far less; long comment threads stay comments.
MAX_WIDGET_PROSE = 1200
#: Blocks that count towards an element's prose: long enough and prose-like.
REGION_PROSE_MIN_LENGTH, REGION_PROSE_MIN_SCORE = 80, 0.5

_WORD = re.compile(r"\w+")
#: The rule of a verdict from the site's own notice (lexicon.notice_of): it outranks an extractor keeping
#: the block whatever its label, a footer's copyright line included.
NOTICE_RULE = "notice"
#: The rule of the slides of a numbered slideshow (see ``mark_slideshows``); it outranks an extractor keeping
#: them, as a notice does. A heading opening with the slide's number out of the total: "3/50 ...", "3 of 50: ...".
#: Three slides make a show: fewer numbered headings may be an article's own parts ("Part 1 of 2").
SLIDESHOW_RULE = "slideshow"
#: "out of" between a position and a total: "3/50", "3 of 50", "3 von 50".
_OUT_OF = r"\s*(?:/|of|von|de|di|sur)\s*"
_SLIDE_NUMBER = re.compile(rf"^\s*(\d{{1,3}}){_OUT_OF}(\d{{1,3}})\b(?!\s*/)", re.I)
MIN_SLIDES = 3
#: A block that is only a position: "1 / 23", "3 of 12" (a gallery's or a pager's).
_COUNTER = re.compile(rf"^\s*\d{{1,4}}{_OUT_OF}\d{{1,4}}\s*$", re.I)


@dataclass(frozen=True)
class Verdict:
    """What a block is. ``label`` None means content. ``strong`` means markup or wording said so explicitly."""

    label: Label | None
    rule: str
    reason: str
    strong: bool = False
    prose: float = 0.0  # 0..1: how much the block reads like article prose
    hint: Label | None = None  # for content blocks with a weak class hint: the label to report if removed


@lru_cache(maxsize=4096)  # a pure function of a few hundred distinct token tuples per corpus
def _token_label(tokens: tuple[str, ...]) -> tuple[Label, str] | None:
    """The first label in TOKEN_ORDER that a token names, with the first token that names it."""
    if EMBED_TOKENS.intersection(tokens):
        return None  # an embedded post (tweet, video) quoted by the article is part of it
    best, best_token = len(TOKEN_ORDER), ""
    for token in tokens:
        first = _token_order(token)
        if first < best:
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
    return info.tag in ("article", "main") or any(t in CONTENT_TOKENS for t in info.tokens)


def ancestor_path(path: str, distance: int) -> str:
    """The path of the element ``distance`` levels above the block at ``path`` (0: the block itself)."""
    return path.rsplit("/", distance)[0] if distance else path


def region_prose(segments: Sequence[Segment], prose: Sequence[float]) -> dict[str, int]:
    """Characters of prose under each element path."""
    totals: dict[str, int] = {}
    for segment, score in zip(segments, prose):
        if segment.length >= REGION_PROSE_MIN_LENGTH and score >= REGION_PROSE_MIN_SCORE:
            for path in (segment.path, *ancestor_paths(segment.path)):
                totals[path] = totals.get(path, 0) + segment.length
    return totals


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


def _phrase_label(text: str) -> tuple[Label, str] | None:
    """The label of a short block that is an interface phrase, or starts with one of two words or more
    ("More from Cities")."""
    if len(text) > 80:
        return None
    folded = fold(text)
    if not folded or len(folded) > 60:
        return None
    if _COUNTER.match(text):
        return Label.NAVIGATION, "a counter"  # "1 / 23", "3 of 12": a gallery's or a pager's position
    if folded in AD_SLOT_LABELS:
        return Label.SPONSOR, folded  # the label over an ad slot, the whole block
    found = phrase_of(folded, prefix=True)
    if found is None and folded[0].isdigit():
        # "2 comments", "44 shares": a count before an interface word (the whole rest, not a prefix of it)
        count, _, rest = folded.partition(" ")
        if count.isdigit() and rest:
            # singular or plural of the phrase: "1 comment" is "comments", "44 shares" is "share"
            found = phrase_of(rest) or phrase_of(rest + "s") or (phrase_of(rest[:-1]) if rest.endswith("s") else None)
    return found


#: Labels that name a region of the page rather than a widget: a widget phrase inside one is more telling.
REGION_LABELS = frozenset({Label.HEADER, Label.FOOTER, Label.OTHER, Label.NAVIGATION})


#: A block whose non-space characters are at least this share unspaced script is measured as such: its words
#: are not split by spaces, so word counts and stop-word lists say nothing about it. A half: mixed blocks
#: (a Latin name in a Chinese sentence) go by their main script.
UNSPACED_MIN_SHARE = 0.5
#: Function characters of Chinese (particles, pronouns, copulas) and Japanese (hiragana particles and
#: endings): the stop words of unspaced text, counted per character. Article prose in the benchmark's
#: Chinese and Japanese pages has 0.1 to 0.3 of them, menus and titles mostly under 0.05.
UNSPACED_FUNCTION_CHARS = frozenset("的了是在不和有我也就都而這这們们個个到說说會会著着把被讓让從从對对與与之其所以"
                                    "為为他她你那要可能のにはをたがでてとしもなかれるいうよ")
#: Function-character share at which an unspaced block counts as fully stop-word rich (0.4 for spaced words).
UNSPACED_FUNCTION_FULL = 0.2
#: Sentence ends, in Latin and in full-width (CJK) punctuation.
_SENTENCE_ENDS = (".", "!", "?", "\"", "”", "»", "。", ":", ")", "！", "？", "」", "』", "）")


def unspaced_chars(text: str) -> int:
    """How many characters of the text belong to a script written without spaces (0 for a spaced block)."""
    count = unspaced_count(text)
    return count if count and count >= UNSPACED_MIN_SHARE * (len(text) - text.count(" ")) else 0


def prose_score(segment: Segment, language: str | None) -> float:
    """0..1: long, punctuated, stop-word rich, few links."""
    text = segment.text
    unspaced = unspaced_chars(text)
    # One character of an unspaced script carries about a word's worth of text, as in textsignals.
    length_part = min(1.0, reading_length(text, unspaced) / 300)
    if unspaced:
        function = sum(ch in UNSPACED_FUNCTION_CHARS for ch in text) / unspaced
        stop_part = min(1.0, function / UNSPACED_FUNCTION_FULL)
    else:
        stop_part = min(1.0, stopword_density(text, language) / 0.4) if language else 0.5
    punct_part = 1.0 if text.rstrip().endswith(_SENTENCE_ENDS) else 0.4
    return max(0.0, length_part * 0.5 + stop_part * 0.3 + punct_part * 0.2 - segment.link_density)


def classify_segment(segment: Segment, language: str | None, prose: float,
                     regions: dict[str, int] | None = None,
                     memo: dict[tuple[str, bool], MarkupMatch | None] | None = None) -> Verdict:
    """The context-free verdict of one block (``memo``: see ``markup_label``)."""
    markup = markup_label(segment, regions, memo)
    if segment.hidden:
        label, why = (markup.label, f"; {markup.signal} in {markup.element.description}") if markup \
            else (Label.OTHER, "")
        return Verdict(label, "hidden", f"hidden element {segment.ancestors[0].description}{why}", strong=True)
    notice = notice_of(segment.text) if markup is None or markup.label in REGION_LABELS else None
    if notice:
        where = f" in {markup.element.description}" if markup else ""
        return Verdict(notice[0], NOTICE_RULE, f"the site's own notice '{notice[1]}'{where}", strong=True, prose=prose)
    if markup:
        label, signal, info = markup.label, markup.signal, markup.element
        if label is Label.OTHER and markup.token in WEAK_HINT_TOKENS:
            return Verdict(None, "weak-hint", f"{signal} in {info.description}", prose=prose, hint=Label.OTHER)
        if segment.length >= LONG_PROSE_LENGTH and prose > 0.6 and label not in _STICKY and segment.link_density < 0.2:
            return Verdict(None, "long-prose", f"{segment.length} chars of prose despite {signal} in {info.description}",
                           prose=prose)
        phrase = _phrase_label(segment.text) if label in REGION_LABELS else None
        if phrase and phrase[0] not in REGION_LABELS:
            return Verdict(phrase[0], "interface-phrase", f"interface phrase '{phrase[1]}' in {info.description}",
                           strong=True, prose=prose)
        return Verdict(label, "markup", f"{signal} in {info.description}", strong=True, prose=prose)
    if segment.length <= 60:
        phrase = _phrase_label(segment.text)
        if phrase:
            return Verdict(phrase[0], "interface-phrase", f"interface phrase '{phrase[1]}'", strong=True, prose=prose)
    if segment.link_density > MAX_LINK_DENSITY and segment.kind is not BlockKind.HEADING \
            and not _data_row(segment):
        label = Label.NAVIGATION if segment.length < 200 else Label.RELATED
        where = segment.ancestors[1].description if len(segment.ancestors) > 1 else f"<{segment.tag}>"
        return Verdict(label, "link-density", f"link density {segment.link_density:.2f} in {where}", prose=prose)
    if segment.inside_form and segment.length < MAX_FORM_TEXT and prose < 0.5:
        # Short text in a form is its labels and buttons; long prose in one is a page wrapped whole in
        # a <form> (ASP.NET does that), which says nothing.
        return Verdict(Label.OTHER, "form", "inside a <form>", prose=prose)
    return Verdict(None, "content", f"prose score {prose:.2f}", prose=prose)


def _data_row(segment: Segment) -> bool:
    """A table row of several cells with some unlinked text: a row of data that links its entries
    (a filmography, a results table), not a menu laid out in a table."""
    return segment.kind is BlockKind.TABLE and len(segment.cells) >= 2 and segment.link_density < MAX_ROW_LINK_DENSITY


def classify(segments: Sequence[Segment], language: str | None, deadline: Deadline = NO_DEADLINE) -> list[Verdict]:
    """Verdicts for all blocks: the context-free pass, then the neighbour pass."""
    prose = [prose_score(s, language) for s in deadline.watch(segments)]
    regions = region_prose(segments, prose)
    memo: dict[tuple[str, bool], MarkupMatch | None] = {}
    verdicts = [classify_segment(s, language, p, regions, memo) for s, p in deadline.watch(zip(segments, prose))]
    deadline.check()
    return mark_slideshows(segments, revise_with_neighbours(segments, verdicts))


def mark_slideshows(segments: Sequence[Segment], verdicts: list[Verdict]) -> list[Verdict]:
    """Sibling boxes that each open with a heading numbered as a slide of one show ("3/50 City for sale",
    "3 of 50: ..."), MIN_SLIDES of them or more, are a slideshow beside the article: their headings, captions
    and credits are labelled, strongly, so that neither extractor takes fifty captions for the article."""
    slides: dict[tuple[str, str], set[str]] = {}
    for segment in segments:
        found = _SLIDE_NUMBER.match(segment.text) if segment.kind is BlockKind.HEADING else None
        if found and int(found.group(1)) <= int(found.group(2)):
            box = segment.path.rsplit("/", 1)[0]
            slides.setdefault((box.rsplit("/", 1)[0], found.group(2)), set()).add(box)
    boxes = [box for group in slides.values() if len(group) >= MIN_SLIDES for box in group]
    if not boxes:
        return verdicts
    revised = list(verdicts)
    for segment in segments:
        if any(within(segment.path, box) for box in boxes):
            revised[segment.index] = Verdict(Label.OTHER, SLIDESHOW_RULE, "a slide of a numbered slideshow",
                                             strong=True, prose=verdicts[segment.index].prose)
    return revised


def revise_with_neighbours(segments: Sequence[Segment], verdicts: list[Verdict]) -> list[Verdict]:
    """A short unlabelled block between two blocks of one label takes that label (a menu's separator,
    a sponsor box's caption); hidden neighbours do not count (the hidden fallbacks of formulas split a
    paragraph into short pieces). A heading directly above a labelled run takes its label ("Related stories")."""
    revised = list(verdicts)
    for i in range(1, len(segments) - 1):
        before, here, after = revised[i - 1], revised[i], revised[i + 1]
        if here.label is None and segments[i].length < SHORT_LENGTH and before.label is not None \
                and before.label == after.label and not (segments[i - 1].hidden or segments[i + 1].hidden):
            revised[i] = Verdict(before.label, "neighbours", f"short block between two {before.label.value} blocks",
                                 prose=here.prose)
    for i in range(len(segments) - 1):
        here, after = revised[i], revised[i + 1]
        if segments[i].kind is BlockKind.HEADING and here.label is None and after.label is not None \
                and after.strong and segments[i].length < SHORT_LENGTH:
            phrase = _phrase_label(segments[i].text)
            label = phrase[0] if phrase else after.label
            revised[i] = Verdict(label, "heading-of-section", f"heading of a {after.label.value} section",
                                 prose=here.prose)
    return revised
