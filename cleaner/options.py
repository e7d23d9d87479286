"""One frozen options object, with named presets.

``Options()`` is the ``balanced`` preset; ``Options(preset=Preset.FAST)`` (or ``Options.from_preset("fast")``)
gives another, and fields given beside the preset win over its values:
``Options(preset=Preset.PRECISION, include_captions=True)``. ``dataclasses.replace(opts, ...)`` changes single
fields and keeps the others as they are, so to change the preset build new options rather than replace it.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from enum import Enum
from types import MappingProxyType
from typing import Any

from cleaner.fetch.settings import FetchSettings


class Preset(str, Enum):
    PRECISION = "precision"
    BALANCED = "balanced"
    RECALL = "recall"
    FAST = "fast"


#: What each preset sets; a field left at None in ``Options(...)`` takes its preset's value here.
PRESET_VALUES: MappingProxyType[Preset, MappingProxyType[str, Any]] = MappingProxyType({
    preset: MappingProxyType(values) for preset, values in {
        Preset.BALANCED: {"use_trafilatura": True, "trafilatura_only_when_unsure": True, "trafilatura_fallbacks": False,
                          "include_captions": True, "with_metadata": True, "recall_bias": 0.0},
        Preset.PRECISION: {"use_trafilatura": True, "trafilatura_only_when_unsure": True,
                           "trafilatura_fallbacks": False, "include_captions": False, "with_metadata": True,
                           "recall_bias": -1.0},
        Preset.RECALL: {"use_trafilatura": True, "trafilatura_only_when_unsure": False, "trafilatura_fallbacks": True,
                        "include_captions": True, "with_metadata": True, "recall_bias": 1.0},
        Preset.FAST: {"use_trafilatura": False, "trafilatura_only_when_unsure": True, "trafilatura_fallbacks": False,
                      "include_captions": True, "with_metadata": False, "recall_bias": 0.0},
    }.items()})


def preset_of(name: str | Preset) -> Preset:
    """The preset named ``name``; an unknown name is an ``InputError``."""
    try:
        return Preset(name)
    except ValueError:
        from cleaner.errors import InputError

        raise InputError(f"unknown preset {name!r}; choose from {[p.value for p in Preset]}") from None


@dataclass(frozen=True)
class Options:
    """Settings for one extraction. Fields marked *(preset)* default to None, which means the value of
    ``preset`` (see ``PRESET_VALUES``); after construction they always hold that value or the caller's."""

    preset: Preset = Preset.BALANCED
    #: *(preset)* run trafilatura beside our own extractor (off in ``fast``)
    use_trafilatura: bool | None = None
    #: *(preset)* skip trafilatura on pages where our extractor is confident (its container holds nearly all the
    #: page's prose): as good on the benchmark pages and about twice as fast. ``recall`` always asks
    #: trafilatura (with its fallbacks); ``precision`` skips it too, as a second opinion mostly adds text.
    trafilatura_only_when_unsure: bool | None = None
    #: *(preset)* let trafilatura run its own fallback extractors (a readability fork, jusText) when its main pass
    #: looks short. Our heuristic extractor plays that role in the combination, so they are off except in
    #: ``recall``: on the benchmark sets they changed F1 by under 0.002 and cost a third of the time.
    trafilatura_fallbacks: bool | None = None
    #: keep reader comments as part of the article
    include_comments: bool = False
    #: keep tables in the article
    include_tables: bool = True
    #: *(preset)* keep the article's own image captions and photo credits, as a reader sees them under the pictures
    #: (and as Readability keeps them). A slideshow of many pictures, a feature of its own, stays out either
    #: way. Off in ``precision``, which follows the Article Extraction Benchmark in leaving captions out.
    include_captions: bool | None = None
    #: *(preset)* extract metadata fully: off, the title and the fields named in the markup are still read, but no
    #: search for an unmarked date, and trafilatura is not asked for metadata
    with_metadata: bool | None = None
    #: let the learned block scorer (cleaner/html/scorer.py, models in cleaner/data) revise the combination
    #: rules' decisions; off, the rules decide alone
    block_scorer: bool = True
    #: a folder holding ``scorer-assisted.json`` and ``scorer-solo.json`` to use in place of the shipped models
    #: (``python bench/train_scorer.py train --out DIR`` trains them on your own pages); None: the shipped ones.
    #: Read once per process and folder; a folder without readable models of this version is an ``InputError``.
    scorer_models: str | None = None
    #: *(preset)* bias of the block combination: > 0 keeps more, < 0 keeps less (-1 precision, +1 recall)
    recall_bias: float | None = None
    #: inputs larger than this many bytes are truncated before parsing (20 MB pages still parse)
    max_input_bytes: int = 64 * 1024 * 1024
    #: seconds one extraction may take; None: no limit. Checked inside the loops, in any thread (no signals);
    #: when it runs out the Document has status TIME_LIMIT and the text decided so far (often none).
    #: trafilatura, which cannot be stopped, is skipped when less time is left than it is expected to need.
    time_limit: float | None = None
    #: language hint (ISO 639-1); None means detect
    language: str | None = None
    #: how URLs are fetched (timeouts, size limit, retries, politeness, robots.txt, cache); None: defaults
    fetch: FetchSettings | None = None

    def __post_init__(self) -> None:
        preset = preset_of(self.preset)
        object.__setattr__(self, "preset", preset)
        if self.scorer_models is not None:  # a Path works too; kept as str (hashable, picklable, printable)
            object.__setattr__(self, "scorer_models", os.fspath(self.scorer_models))
        for name, value in PRESET_VALUES[preset].items():
            if getattr(self, name) is None:
                object.__setattr__(self, name, value)

    @staticmethod
    def from_preset(name: str | Preset) -> "Options":
        """Options of a named preset: precision, balanced, recall or fast (the same as ``Options(preset=name)``)."""
        return Options(preset=preset_of(name))


DEFAULT_OPTIONS = Options()
