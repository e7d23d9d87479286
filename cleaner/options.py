"""One frozen options object, with named presets.

``Options()`` is the ``balanced`` preset. ``Options.preset("precision")`` and friends give the others;
``dataclasses.replace(opts, ...)`` changes single fields.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from enum import Enum

from cleaner.fetch.settings import FetchSettings


class Preset(str, Enum):
    PRECISION = "precision"
    BALANCED = "balanced"
    RECALL = "recall"
    FAST = "fast"


@dataclass(frozen=True)
class Options:
    """Settings for one extraction. All fields are keyword-only in spirit; use presets."""

    preset: Preset = Preset.BALANCED
    #: run trafilatura beside our own extractor (off in ``fast``)
    use_trafilatura: bool = True
    #: skip trafilatura on pages where our extractor is confident (its container holds nearly all the
    #: page's prose): as good on the benchmark pages and about twice as fast. ``recall`` always asks
    #: trafilatura (with its fallbacks); ``precision`` skips it too, as a second opinion mostly adds text.
    trafilatura_only_when_unsure: bool = True
    #: let trafilatura run its own fallback extractors (a readability fork, jusText) when its main pass
    #: looks short. Our heuristic extractor plays that role in the combination, so they are off except in
    #: ``recall``: on the benchmark sets they changed F1 by under 0.002 and cost a third of the time.
    trafilatura_fallbacks: bool = False
    #: keep reader comments as part of the article
    include_comments: bool = False
    #: keep tables in the article
    include_tables: bool = True
    #: keep the article's own image captions and photo credits, as a reader sees them under the pictures
    #: (and as Readability keeps them). A slideshow of many pictures, a feature of its own, stays out either
    #: way. Off in ``precision``, which follows the Article Extraction Benchmark in leaving captions out.
    include_captions: bool = True
    #: extract metadata fully: off, the title and the fields named in the markup are still read, but no
    #: search for an unmarked date, and trafilatura is not asked for metadata
    with_metadata: bool = True
    #: let the learned block scorer (cleaner/html/scorer.py, models in cleaner/data) revise the combination
    #: rules' decisions; off, the rules decide alone
    block_scorer: bool = True
    #: bias of the block combination: > 0 keeps more, < 0 keeps less
    recall_bias: float = 0.0
    #: inputs larger than this many bytes are truncated before parsing (20 MB pages still parse)
    max_input_bytes: int = 64 * 1024 * 1024
    #: language hint (ISO 639-1); None means detect
    language: str | None = None
    #: how URLs are fetched (timeouts, size limit, retries, politeness, robots.txt, cache); None: defaults
    fetch: FetchSettings | None = None

    @staticmethod
    def from_preset(name: str | Preset) -> "Options":
        """Options of a named preset: precision, balanced, recall or fast."""
        try:
            preset = Preset(name)
        except ValueError:
            from cleaner.errors import InputError

            raise InputError(f"unknown preset {name!r}; choose from {[p.value for p in Preset]}") from None
        base = Options(preset=preset)
        if preset is Preset.PRECISION:
            return replace(base, recall_bias=-1.0, include_captions=False)
        if preset is Preset.RECALL:
            return replace(base, recall_bias=1.0, trafilatura_fallbacks=True, trafilatura_only_when_unsure=False)
        if preset is Preset.FAST:
            return replace(base, use_trafilatura=False, with_metadata=False)
        return base


DEFAULT_OPTIONS = Options()
