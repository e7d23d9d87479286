"""Words that tell content from boilerplate, in many languages.

Stop-word lists come from jusText (a dependency of trafilatura, about a hundred languages); they are
read lazily on first use, never at import. Interface phrases (search, subscribe, cookie, share ...)
are grouped by the label they point to.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from importlib import resources

from cleaner.types import Label

#: ISO 639-1 code -> jusText stop-list name, for the languages we detect.
LANGUAGES: dict[str, str] = {
    "en": "English", "de": "German", "fr": "French", "es": "Spanish", "it": "Italian", "pt": "Portuguese",
    "nl": "Dutch", "sv": "Swedish", "da": "Danish", "no": "Norwegian_Bokmal", "fi": "Finnish",
    "pl": "Polish", "cs": "Czech", "sk": "Slovak", "sl": "Slovenian", "hr": "Croatian", "sr": "Serbian",
    "hu": "Hungarian", "ro": "Romanian", "bg": "Bulgarian", "ru": "Russian", "uk": "Ukrainian",
    "el": "Greek", "tr": "Turkish", "et": "Estonian", "lv": "Latvian", "lt": "Lithuanian",
    "id": "Indonesian", "ms": "Malay", "vi": "Vietnamese", "ca": "Catalan", "eu": "Basque",
    "gl": "Galician", "ga": "Irish", "cy": "Welsh", "is": "Icelandic", "ar": "Arabic", "fa": "Persian",
    "he": "Hebrew", "hi": "Hindi", "bn": "Bengali", "ta": "Tamil", "te": "Telugu", "ko": "Korean",
    "sw": "Swahili", "tl": "Tagalog", "af": "Afrikaans", "sq": "Albanian", "mk": "Macedonian",
    "be": "Belarusian", "ka": "Georgian", "hy": "Armenian", "az": "Azerbaijani", "kk": "Kazakh",
    "ur": "Urdu", "mr": "Marathi", "ne": "Nepali", "eo": "Esperanto", "la": "Latin",
}

#: Only the most frequent words of each list decide the language: the tails of the lists overlap a lot.
DETECTION_WORDS = 60
#: Below this many word tokens a text is too short to guess its language.
MIN_DETECTION_TOKENS = 8

WORD_RE = re.compile(r"\w+", re.UNICODE)
#: Characters of scripts written without spaces between words (kana, Han ideographs).
UNSPACED_SCRIPT = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")
#: A Chinese or Japanese character carries about as much as a short word: it counts as this many characters
#: of length, so that the length thresholds (set for alphabetic scripts) mean the same in both.
CJK_CHAR_WEIGHT = 3


def unspaced_count(text: str) -> int:
    """How many characters of the text belong to a script written without spaces."""
    return 0 if text.isascii() else len(UNSPACED_SCRIPT.findall(text))  # most blocks: no scan for ideographs


def reading_length(text: str, unspaced: int | None = None) -> int:
    """The text's length with each character of an unspaced script counted as CJK_CHAR_WEIGHT: a line of
    twenty Chinese characters is a sentence, not a label. ``unspaced``: their count, when already known."""
    return len(text) + (CJK_CHAR_WEIGHT - 1) * (unspaced_count(text) if unspaced is None else unspaced)


@lru_cache(maxsize=None)
def _stoplist(name: str) -> tuple[str, ...]:
    return _read_stoplist(name)


def _read_stoplist(name: str, limit: int | None = None) -> tuple[str, ...]:
    """The words of a jusText stop list in file order, the first ``limit`` of them when given."""
    try:
        text = resources.files("justext").joinpath("stoplists", f"{name}.txt").read_text("utf-8")
    except (FileNotFoundError, ModuleNotFoundError, OSError):
        return ()
    words: list[str] = []
    for line in text.splitlines():
        word = line.strip().lower()
        if word:
            words.append(word)
            if len(words) == limit:
                break
    return tuple(words)


def function_words(language: str | None, count: int = 100) -> frozenset[str]:
    """The ``count`` most frequent words of a language (English when unknown): the stop lists are in
    frequency order, and their heads are the words every sentence uses."""
    return _function_words(LANGUAGES.get((language or "en").split("-")[0].lower(), "English"), count)


# Keyed by stop-list name, not by the language as given (a page's lang attribute, any string): the cache
# holds at most one entry per list and count, however many distinct language strings a long run sees.
@lru_cache(maxsize=256)
def _function_words(name: str, count: int) -> frozenset[str]:
    return frozenset(_stoplist(name)[:count])


def stopwords(language: str | None) -> frozenset[str]:
    """The stop words of a language (ISO 639-1 code); English when the language is unknown."""
    return _stopword_set(LANGUAGES.get((language or "en").split("-")[0].lower(), "English"))


@lru_cache(maxsize=None)
def _stopword_set(name: str) -> frozenset[str]:
    return frozenset(_stoplist(name))


@lru_cache(maxsize=None)
def _detection_sets() -> tuple[tuple[str, frozenset[str]], ...]:
    # Only the head of each list: reading all sixty lists whole took 35 ms on the first page of a process.
    return tuple((code, frozenset(_read_stoplist(name, DETECTION_WORDS))) for code, name in LANGUAGES.items())


def detect_language(text: str) -> str | None:
    """Guess the ISO 639-1 code of a text from its most frequent function words, or None."""
    raw = Counter(WORD_RE.findall(text[:20000]))
    total = sum(raw.values())
    if total < MIN_DETECTION_TOKENS:
        return None
    counts: Counter[str] = Counter()
    for token, n in raw.items():
        counts[token.lower()] += n
    best_code, best_hits = None, 0
    for code, words in _detection_sets():
        # Count each language's few detection words in the text's word counts: 60 look-ups per language
        # instead of one per word of the text.
        hits = sum(counts[w] for w in words if w in counts)
        if hits > best_hits:
            best_code, best_hits = code, hits
    # Fewer than 5% function words: not a language with a stop list we know (or not prose).
    if best_hits < max(3, 0.05 * total):
        return None
    return _cyrillic_by_letters(text, best_code) if best_code in CYRILLIC_LANGUAGES else best_code


#: Cyrillic languages share most function words; letters that only some of them use settle it.
CYRILLIC_LANGUAGES = frozenset({"ru", "uk", "bg", "be", "sr", "mk"})
_CYRILLIC_LETTERS = (("uk", "їєґ"), ("be", "ў"), ("sr", "ђћџ"), ("mk", "ѓќѕ"), ("ru", "ыэё"), ("bg", "ъ"))


def _cyrillic_by_letters(text: str, guess: str) -> str:
    """The Cyrillic language whose own letters the text uses most, else the function-word guess."""
    sample = text[:20000].lower()
    counts = {code: sum(sample.count(ch) for ch in letters) for code, letters in _CYRILLIC_LETTERS}
    best = max(counts, key=counts.__getitem__)
    return best if counts[best] > 0 else guess


def stopword_density(text: str, language: str | None) -> float:
    """Share of word tokens that are stop words of the language."""
    tokens = WORD_RE.findall(text.lower())
    if not tokens:
        return 0.0
    return sum(map(stopwords(language).__contains__, tokens)) / len(tokens)


#: Words an ad slot's label is made of ("Advert", "ADVERTISING", "Ad"), labelling a block only when they are the
#: whole block. Kept out of INTERFACE_PHRASES, whose one-word entries the text cleaner also matches as the opening
#: of a line ("Ad hoc ...", "Advertising revenue ..."): there they cost scraped-text-dev 0.004 F1.
AD_SLOT_LABELS = frozenset({"advert", "adverts", "advertising", "ad", "ads"})
#: The reservation of rights that closes a copyright line, in several languages.
RIGHTS_RESERVED = ("all rights reserved", "alle rechte vorbehalten", "tous droits réservés",
                   "todos los derechos reservados", "tutti i diritti riservati", "все права защищены")
#: Short interface phrases that mark a block as boilerplate, grouped by label, in several languages.
#: Matched case-insensitively against whole short blocks (see ``classify``/``text``), never inside prose.
INTERFACE_PHRASES: dict[Label, tuple[str, ...]] = {
    Label.SEARCH: (
        "search", "close this search box", "search for", "type to search", "enter search terms",
        "suche", "suchen", "rechercher", "recherche", "buscar", "búsqueda", "cerca", "pesquisar",
        "zoeken", "sök", "szukaj", "ara", "検索", "搜索",
        "press enter to search", "hit enter to search", "esc to close", "close search",
        "search this site", "search the site", "start typing", "appuyez sur entrée pour rechercher",
        "zum suchen eingabetaste drücken", "pulsa intro para buscar", "premi invio per cercare",
    ),
    Label.NAVIGATION: (
        "skip to content", "skip to main content", "skip to the content", "skip to navigation",
        "skip navigation", "skip to main navigation", "jump to navigation", "main menu", "menu", "home",
        "back to top", "back to the top", "to the top", "to top", "previous post", "next post", "previous article", "next article", "read more",
        "zum inhalt springen", "aller au contenu", "ir al contenido", "vai al contenuto", "hauptmenü",
        "startseite", "accueil", "inicio", "toggle navigation", "breadcrumb",
    ),
    Label.COOKIE_NOTICE: (
        "we use cookies", "this website uses cookies", "this site uses cookies", "accept cookies",
        "accept all cookies", "cookie policy", "cookie settings", "manage cookies", "i accept",
        "wir verwenden cookies", "diese website verwendet cookies", "nous utilisons des cookies",
        "utilizamos cookies", "utilizziamo i cookie", "мы используем cookie", "consent",
    ),
    Label.NEWSLETTER: (
        "subscribe", "subscribe to our newsletter", "sign up for our newsletter", "sign up", "sign up for",
        "subscribe to", "newsletter", "newsletters", "sign up to",
        "join our mailing list", "get the latest", "enter your email", "your email address",
        "newsletter abonnieren", "abonnieren", "s'abonner", "abonnez-vous", "suscríbete", "iscriviti",
        "inschrijven",
    ),
    Label.SHARE: (
        "share", "share this", "share this article", "share on facebook", "share on twitter", "tweet",
        "pin it", "email this", "print", "teilen", "partager", "compartir", "condividi",
        "follow us", "folgen sie uns", "suivez-nous", "síguenos", "share this story",
        "share this post", "follow us on",
    ),
    Label.FOOTER: (
        *RIGHTS_RESERVED, "copyright", "privacy policy", "terms of use", "terms of service",
        "terms and conditions", "contact us", "about us", "impressum", "datenschutz", "mentions légales",
        "aviso legal",
    ),
    Label.RELATED: (
        "related", "see more", "see also", "also read", "more on this", "lire aussi", "lire",
        "leer más", "lesen sie auch", "mehr dazu", "leggi anche", "related articles", "related posts", "related stories", "you may also like", "you might also like",
        "recommended for you", "more from", "more stories", "read next", "popular posts", "most read",
        "trending", "recent posts", "recent articles", "latest posts", "latest news", "more articles",
        "more news", "read more", "ähnliche artikel", "mehr zum thema", "weitere artikel", "das könnte sie auch interessieren", "à lire aussi",
        "articles similaires", "te puede interesar", "artículos relacionados", "potrebbe interessarti",
    ),
    Label.SPONSOR: (
        "advertisement", "sponsored", "sponsored content", "paid content", "promoted", "partner content",
        "our partners", "our sponsors", "anzeige", "werbung", "publicité", "publicidad", "pubblicità",
    ),
    Label.COMMENTS: (
        "leave a comment", "leave a reply", "post a comment", "comments", "add a comment", "reply",
        "kommentare", "commentaires", "comentarios", "commenti",
    ),
}


def fold(text: str) -> str:
    """Lower-case words joined by single spaces: the form phrases are compared in."""
    return " ".join(WORD_RE.findall(text.lower()))


@lru_cache(maxsize=None)
def _phrase_table() -> tuple[dict[str, tuple[Label, str]], int]:
    table: dict[str, tuple[Label, str]] = {}
    for label, phrases in INTERFACE_PHRASES.items():
        for phrase in phrases:
            table.setdefault(fold(phrase), (label, phrase))
    return table, max(key.count(" ") + 1 for key in table)


@lru_cache(maxsize=None)
def _phrase_first_words() -> frozenset[str]:
    return frozenset(key.split(" ")[0] for key in _phrase_table()[0])


def phrase_of(folded: str, *, prefix: bool = False) -> tuple[Label, str] | None:
    """The interface phrase a folded short text is, or (``prefix``) starts with, if of two words or more."""
    table, longest = _phrase_table()
    if folded in table:
        return table[folded]
    if prefix:
        words = folded.split(" ")
        for n in range(min(longest, len(words) - 1), 1, -1):
            hit = table.get(" ".join(words[:n]))
            if hit:
                return hit
    return None


def phrase_within(folded: str, *, min_chars: int) -> tuple[Label, str] | None:
    """The first interface phrase of at least ``min_chars`` characters found inside a folded text."""
    table, longest = _phrase_table()
    first_words = _phrase_first_words()
    words = folded.split(" ")
    for start in range(len(words)):
        if words[start] not in first_words:
            continue  # no phrase starts here (most words): skip building its candidate keys
        for n in range(min(longest, len(words) - start), 0, -1):
            key = " ".join(words[start:start + n])
            if len(key) >= min_chars and key in table:
                return table[key]
    return None


#: What a site says about itself: boilerplate wherever it stands in a short block, whatever the markup
#: around it says (a cookie banner or a copyright line in an unnamed <div>, kept by an extractor that read
#: it as prose). Only self-referential wordings: "the use of cookies" may be an article's topic, "this
#: website uses cookies" is the site talking. Matched inside blocks of at most ``MAX_NOTICE_LENGTH``.
NOTICE_PHRASES: dict[Label, tuple[str, ...]] = {
    Label.COOKIE_NOTICE: (
        "this website uses cookies", "this site uses cookies", "our site uses cookies",
        "we use cookies", "this website use cookies", "our use of cookies", "accept cookies", "accept all cookies",
        "cookie settings", "cookie preferences", "diese website verwendet cookies", "wir verwenden cookies",
        "wir nutzen cookies", "ce site utilise des cookies", "nous utilisons des cookies",
        "este sitio web utiliza cookies", "utilizamos cookies", "questo sito utilizza cookie",
        "utilizziamo i cookie", "deze website maakt gebruik van cookies", "wij gebruiken cookies",
        "мы используем cookie", "мы используем файлы cookie",
    ),
    Label.FOOTER: (
        "all rights reserved", "alle rechte vorbehalten", "tous droits réservés", "todos los derechos reservados",
        "tutti i diritti riservati", "alle rechten voorbehouden", "все права защищены",
    ),
    Label.NEWSLETTER: (
        "delivered to your inbox", "straight to your inbox", "directly to your inbox", "sign up for our newsletter",
        "subscribe to our newsletter", "sign up to our newsletter",
        "newsletter abonnieren", "abonnez-vous à notre newsletter", "suscríbete a nuestro boletín",
    ),
}
#: Blocks longer than this are not notices, whatever they contain: banners and copyright lines are one
#: to three sentences (the longest cookie banner in the benchmark pages is about 330 characters).
MAX_NOTICE_LENGTH = 400
#: "© 2019 Example Media", "Copyright © 2021": a copyright line needs a year, so that a photo credit
#: ("© AFP") is not taken for the site's footer.
_COPYRIGHT_LINE = re.compile(r"^\s*(?:©|\(c\)|copyright)\s*(?:©\s*)?(?:\d{4}\b|[^\n]{0,80}\b(?:19|20)\d{2}\b)", re.I)


_SENTENCE_END = re.compile(r"[.!?]\s")


@lru_cache(maxsize=None)
def _notice_pattern() -> tuple[re.Pattern[str], dict[str, Label], tuple[str, ...]]:
    """The pattern of all notice phrases, the label of each phrase, and one key word of each phrase (see
    ``_key_word``; a block holding none of those words cannot hold a phrase: a cheap test before the pattern)."""
    labels = {phrase: label for label, phrases in NOTICE_PHRASES.items() for phrase in phrases}
    alternatives = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in sorted(labels, key=len, reverse=True))
    keywords = tuple(sorted({_key_word(phrase) for phrase in labels}))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)"), labels, keywords


def _key_word(phrase: str) -> str:
    """The word of a notice phrase least likely in other text: its cookie word, else its last word."""
    words = phrase.split()
    return next((w[:6] for w in words if w.startswith("cookie")), words[-1])


def notice_of(text: str) -> tuple[Label, str] | None:
    """The label and wording of a notice the site prints about itself (cookies, copyright, a newsletter
    pitch) in the first sentence of a block of at most MAX_NOTICE_LENGTH characters; None otherwise."""
    if len(text) > MAX_NOTICE_LENGTH:
        return None
    if _COPYRIGHT_LINE.match(text):
        return Label.FOOTER, "copyright line"
    pattern, labels, keywords = _notice_pattern()
    lowered = text.lower()
    if not any(word in lowered for word in keywords):
        return None
    found = pattern.search(lowered)
    if found is None or _SENTENCE_END.search(text, 0, found.start()):
        return None  # a notice opens its block; later in a paragraph the words are the article's
    phrase = " ".join(found.group(0).split())
    return labels[phrase], phrase
