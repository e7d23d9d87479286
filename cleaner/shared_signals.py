"""Signals of a block's text that both paths read, HTML and scraped text alike: the interface phrase a
short block is made of (buttons, menus, consent and newsletter notices, legal small print), and whether a
block is a date or a relative time. It stands on ``lexicon`` and ``types`` alone, so that neither path
reaches into the other for these."""
from __future__ import annotations

import re
from collections.abc import Collection
from functools import lru_cache

from cleaner.lexicon import INTERFACE_PHRASES, RIGHTS_RESERVED, WORD_RE
from cleaner.types import Label

#: A one-word interface phrase ("search", "menu") marks a block only when the block is at most this long.
MAX_SINGLE_PHRASE_WORDS = 4
#: A longer phrase ("all rights reserved") marks a block of at most this many words; longer is prose.
MAX_PHRASE_BLOCK_WORDS = 20
#: Consent and newsletter notices run long ("This website uses cookies to improve your experience ..."):
#: a block of up to this many words whose first NOTICE_OPENING_CHARS characters hold a phrase of theirs
#: of at least NOTICE_MIN_PHRASE_WORDS words is one. Set from the consent texts of the dev set's dumps
#: (40-70 words, phrase in the first sentence); single words like "subscribe" are too common in prose.
MAX_NOTICE_WORDS = 80
NOTICE_OPENING_CHARS = 60
NOTICE_MIN_PHRASE_WORDS = 3
NOTICE_LABELS = (Label.COOKIE_NOTICE, Label.NEWSLETTER)
#: "12 January 2026", "2026-01-12", "Jan. 12, 2026 at 7:02 pm": a short block that is mostly a date.
_MONTHS = ("jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|januar|februar|märz|mai|juni|juli|oktober|dezember"
           "|janvier|février|mars|avril|juin|juillet|août|septembre|octobre|novembre|décembre"
           "|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre")
_DATELINE = re.compile(rf"\b\d{{1,2}}[./-]\d{{1,2}}[./-]\d{{2,4}}\b|\b\d{{4}}-\d{{2}}-\d{{2}}\b"
                       rf"|\b(?:{_MONTHS})[a-zé]*\.?\s+\d{{1,2}}\b|\b\d{{1,2}}\.?\s+(?:{_MONTHS})[a-zé]*\b", re.I)
MAX_DATELINE_WORDS = 8
#: "2 days ago", "vor 3 Stunden", "il y a 2 jours", "hace 5 minutos": a relative time, as comments print them.
_RELATIVE_TIME = re.compile(r"\b\d+\s+(?:second|minute|hour|day|week|month|year)s?\s+ago\b"
                            r"|\bvor\s+\d+\s+(?:sekunde|minute|stunde|tag|woche|monat|jahr)|\bil y a\s+\d+"
                            r"|\bhace\s+\d+\s+(?:segundo|minuto|hora|día|semana|mes|año)", re.I)


def _normalized(text: str) -> str:
    return " ".join(WORD_RE.findall(text.lower()))


@lru_cache(maxsize=1)
def _phrases_by_first_word() -> dict[str, tuple[tuple[str, int, Label], ...]]:
    """first word -> (normalized phrase, word count, label), longest first so the most specific wins."""
    index: dict[str, list[tuple[str, int, Label]]] = {}
    for label, phrases in INTERFACE_PHRASES.items():
        for phrase in phrases:
            norm = _normalized(phrase)
            if norm:
                index.setdefault(norm.split()[0], []).append((norm, len(norm.split()), label))
    return {word: tuple(sorted(set(items), key=lambda x: (-x[1], x[0], x[2].value))) for word, items in index.items()}


def _phrase_block_limit(size: int, label: Label) -> int:
    # Legal lines ("Copyright 2019 Example Media Ltd. All rights reserved.") run longer than buttons.
    if label is Label.FOOTER:
        return MAX_PHRASE_BLOCK_WORDS
    return max(MAX_PHRASE_BLOCK_WORDS // 2, 3 * size)


def interface_phrase(text: str, words: int) -> tuple[Label, str] | None:
    """The label of the interface phrase a short block is made of, with the phrase; or of a consent or
    newsletter notice, which may run long but opens with its phrase; or of a legal block of any length."""
    if words > MAX_PHRASE_BLOCK_WORDS:
        return _legal_block(text) or (_opening_notice(text) if words <= MAX_NOTICE_WORDS else None)
    tokens = _normalized(text).split()
    norm = f" {' '.join(tokens)} "
    index = _phrases_by_first_word()
    candidates = sorted({c for t in set(tokens) for c in index.get(t, ())}, key=lambda x: (-x[1], x[0], x[2].value))
    for phrase, size, label in candidates:
        if size == 1:
            if words <= MAX_SINGLE_PHRASE_WORDS and (tokens[0] == phrase or _heads_section(tokens, phrase, label)):
                return label, phrase
        elif f" {phrase} " in norm and words <= _phrase_block_limit(size, label):
            return label, phrase
    return None


#: Labels of the sections after an article whose headings name them last ("Top rated comments", "12 comments").
TRAILING_NOUN_LABELS = frozenset({Label.COMMENTS})


def _heads_section(tokens: list[str], phrase: str, label: Label) -> bool:
    """A short heading ending in the noun that names a section after the article, with words that qualify
    it ("Reader comments", "Top rated comments"). A bare count ("11 Comments") is the counter news pages
    print under the headline, not a heading."""
    return (label in TRAILING_NOUN_LABELS and len(tokens) > 1 and tokens[-1] == phrase
            and not all(t.isdigit() for t in tokens[:-1]))


#: A block that reserves rights this many times is the legal small print of a footer (data providers'
#: notices under a finance page, say), however long: an article quoting such a line does it once.
MIN_RIGHTS_RESERVED = 2


def _legal_block(text: str) -> tuple[Label, str] | None:
    folded = text.lower()
    for phrase in RIGHTS_RESERVED:
        if folded.count(phrase) >= MIN_RIGHTS_RESERVED:
            return Label.FOOTER, phrase
    return None


def _opening_notice(text: str) -> tuple[Label, str] | None:
    opening = f" {_normalized(text[:NOTICE_OPENING_CHARS])} "
    for label in NOTICE_LABELS:
        for phrase in INTERFACE_PHRASES[label]:
            norm = _normalized(phrase)
            if len(norm.split()) >= NOTICE_MIN_PHRASE_WORDS and f" {norm} " in opening:
                return label, norm
    return None


def is_time_line(text: str, words: int) -> bool:
    """A short block that is mostly a date or a relative time ("12 January 2026 at 7:02 pm", "2 days ago")."""
    return words <= MAX_DATELINE_WORDS and bool(_DATELINE.search(text) or _RELATIVE_TIME.search(text))


#: A price: a currency sign or code beside a number ("$12.99", "1.299,00 €", "USD 40", "12 kr"). Both paths
#: count prices to tell a shop's pages (a product, a collection) from others.
#: The second form starts only where a number starts (not after a digit, nor after a digit and a separator):
#: trying every digit of a long run of digits and commas as a start made it quadratic (bench/fuzz.py case
#: 26808: minutes on a 0.6 MB page). It finds the same prices: a later start sees the rest of the same run.
_CODES_BEFORE = ("usd", "eur", "gbp", "cad", "aud", "chf", "sek", "nok", "dkk", "pln", "inr", "jpy")
_CODES_AFTER = ("usd", "eur", "gbp", "kr", "zł", "chf")
PRICE_PATTERN = re.compile(rf"(?:[$€£¥₹]|\b(?:{'|'.join(_CODES_BEFORE)})\b)\s?\d[\d,. ]*"
                           rf"|(?<!\d)(?<!\d[,.])\d[\d,.]*\s?(?:[€£₹]|\b(?:{'|'.join(_CODES_AFTER)})\b)", re.I)
#: Every price holds a currency sign or a code. A case-insensitive match of a code is a run of a-z letters of the
#: lower-cased text, but for the letters that the regex also takes for a code's own and lower() leaves alone or
#: turns into two letters (dotless i, long s, capital I with a dot) and the ł of "zł": where one of these or a
#: sign occurs, only the scan can tell.
_PRICE_MARKS = "$€£¥₹ıſİłŁ"
_PLAIN_CODES = frozenset(code for code in _CODES_BEFORE + _CODES_AFTER if code.isascii())


def count_prices(text: str, lowered_words: Collection[str]) -> int:
    """``len(PRICE_PATTERN.findall(text))``, given the runs of a-z letters of ``text.lower()``. The scan costs
    as much as the rest of reading a page's kind, so it is skipped on a page that holds no currency mark."""
    if any(mark in text for mark in _PRICE_MARKS) or not _PLAIN_CODES.isdisjoint(lowered_words):
        return len(PRICE_PATTERN.findall(text))
    return 0
#: Marks of program text: brackets, operators and statement ends, and the keywords most languages share.
_CODE_MARK = re.compile(r"[{};=<>\[\]]|\(\)|\b(?:def|import|return|const|var|let|function|class|public|void"
                        r"|print|include|struct|elif|async|await|null|None|true|false)\b")
#: A line with at least this many marks of program text is code: prose with a bracket or a semicolon has
#: one or two; "print(x)" alone has too few to tell, and a listing's lines rarely stand alone.
MIN_CODE_MARKS = 3


def names_price(text: str) -> bool:
    """Whether the text holds a price: what a product page, a shop's collection or a price list prints."""
    return bool(PRICE_PATTERN.search(text))


def looks_like_code(text: str) -> bool:
    """Whether a line reads as program text (documentation prints code; articles and shops seldom do)."""
    return len(_CODE_MARK.findall(text)) >= MIN_CODE_MARKS
