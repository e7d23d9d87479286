"""Signals of one block of scraped text that need no HTML: length, sentence shape, stop words, phrases."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from cleaner.lexicon import INTERFACE_PHRASES, RIGHTS_RESERVED, WORD_RE, reading_length, stopwords, unspaced_count
from cleaner.text.segment import TextBlock, ends_sentence
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
#: Sentence ends inside a block: a terminal mark followed by a space and a capital or digit.
#: The number opening a numbered list item: "3. ", "3) ", "(3) ".
_ORDINAL = re.compile(r"\(?(\d{1,3})[.)]\s")
#: A step heading: a word and the number of the step, nothing else ("Step 3", "Part 2:", "Étape 4").
_STEP = re.compile(r"([^\W\d_]{2,15})\s+(\d{1,3})\s*[:.]?")
#: An HTML tag left in the dump (a <noscript> fallback, a tracking pixel printed as text).
_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")
#: Closers that may follow a sentence's final mark, and the marks themselves.
_CLOSERS = "\"'”’»)] "
_FULL_STOPS = (".", "!", "?", "。", "！", "？")
_ELLIPSES = ("...", "…")
_SENTENCE_END = re.compile(r"[.!?…。！？][\"”’»)]?\s+(?=[A-Z0-9À-ÖØ-Þ\u0400-\u042f])")


@dataclass(frozen=True)
class Signals:
    """What the classifier knows about a block."""

    words: int
    chars: int  # length, with characters of unspaced scripts counted as CJK_CHAR_WEIGHT
    unspaced: bool  # written mostly in a script without spaces between words (Chinese, Japanese)
    stop_density: float
    ends_sentence: bool
    sentences: int
    capitalized: float  # share of words that start with a capital letter (title case, names, menus)
    interface: Label | None
    phrase: str
    ordinal: int | None = None  # the number a list item opens with ("3. Australia", "3) Australia")
    step: tuple[str, int] | None = None  # a step heading's word (folded) and number: ("step", 3)
    markup: float = 0.0  # share of the characters inside HTML tags
    full_stop: bool = False  # closes with a full stop, a question or an exclamation mark, not an ellipsis

    @property
    def prose(self) -> bool:
        """Reads as running text: several words, with the function words of a sentence."""
        return self.words >= 8 and self.stop_density >= 0.2


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


def block_signals(block: TextBlock, language: str | None) -> Signals:
    tokens = WORD_RE.findall(block.text)
    stop = stopwords(language)
    stops = sum(1 for t in tokens if t.lower() in stop)
    capitals = sum(1 for t in tokens if t[0].isupper())
    found = interface_phrase(block.text, len(tokens))
    cjk = unspaced_count(block.text)
    return Signals(
        words=len(tokens),
        chars=reading_length(block.text, cjk),
        unspaced=cjk * 2 > len(block.text),
        stop_density=stops / len(tokens) if tokens else 0.0,
        ends_sentence=ends_sentence(block.text),
        sentences=len(_SENTENCE_END.findall(block.text)) + 1,
        capitalized=capitals / len(tokens) if tokens else 0.0,
        interface=found[0] if found else None,
        phrase=found[1] if found else "",
        ordinal=int(number.group(1)) if (number := _ORDINAL.match(block.text)) else None,
        step=(step.group(1).casefold(), int(step.group(2))) if (step := _STEP.fullmatch(block.text)) else None,
        full_stop=_full_stop(block.text),
        markup=sum(len(tag) for tag in _TAG.findall(block.text)) / len(block.text) if block.text else 0.0,
    )


def _full_stop(text: str) -> bool:
    """A caption's "(Image: AFP)" or a button's "(Opens in new window)" does not close with a full stop;
    a cut teaser's ellipsis is no full stop either."""
    end = text.rstrip(_CLOSERS)
    return end.endswith(_FULL_STOPS) and not end.endswith(_ELLIPSES)
