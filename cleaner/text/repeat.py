"""Runs of blocks a page prints twice: a list of teasers above and below the article, a ticker.

A single repeated block may be the author's (a refrain, a repeated quotation); a run of several different
blocks that recurs in the same order is a widget the page shows in two places. Both copies go.
"""
from __future__ import annotations

from cleaner.lexicon import WORD_RE
from cleaner.text.segment import TextBlock

#: A run of at least this many blocks, at least this many of them different, is a widget.
MIN_RUN = 3
#: Texts repeated more often than this are spam or layout (a separator line), not a widget's entries;
#: skipping them also keeps the search linear on pathological input.
MAX_COPIES = 4
#: A run must hold at least this many words in all: short menus repeated at the top and bottom are
#: left to the positional rules, which label them as navigation.
MIN_RUN_WORDS = 30


def _key(text: str) -> str:
    return " ".join(WORD_RE.findall(text.lower()))


def repeated_runs(blocks: tuple[TextBlock, ...]) -> dict[int, int]:
    """index -> index of the same block in the other copy of its run, for both copies."""
    keys = [_key(b.text) for b in blocks]
    where: dict[str, list[int]] = {}
    for i, key in enumerate(keys):
        if key:
            where.setdefault(key, []).append(i)
    twins: dict[int, int] = {}
    for i, key in enumerate(keys):
        copies = where.get(key, [])
        if i in twins or len(copies) > MAX_COPIES:
            continue
        for j in (c for c in copies if c > i):
            length = 0
            while j + length < len(keys) and i + length < j and keys[i + length] == keys[j + length]:
                length += 1
            run = keys[i:i + length]
            if length >= MIN_RUN and len(set(run)) >= MIN_RUN and sum(len(k.split()) for k in run) >= MIN_RUN_WORDS:
                twins.update({i + k: j + k for k in range(length)})
                twins.update({j + k: i + k for k in range(length)})
                break
    return twins
