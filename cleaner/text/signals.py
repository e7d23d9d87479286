"""Signals of one block of scraped text that need no HTML: length, sentence shape, stop words, phrases."""
from __future__ import annotations

import re
from dataclasses import dataclass

from cleaner.lexicon import WORD_RE, reading_length, stopwords, unspaced_count
from cleaner.shared_signals import interface_phrase
from cleaner.text.segment import TextBlock, ends_sentence
from cleaner.types import Label

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
