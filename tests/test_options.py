"""Options: one frozen object with named presets."""
from __future__ import annotations

import dataclasses

import pytest

from cleaner.errors import InputError
from cleaner.options import DEFAULT_OPTIONS, Options, Preset


def test_default_is_balanced() -> None:
    assert Options() == DEFAULT_OPTIONS == Options.from_preset("balanced")
    assert DEFAULT_OPTIONS.preset is Preset.BALANCED
    assert DEFAULT_OPTIONS.use_trafilatura and DEFAULT_OPTIONS.trafilatura_only_when_unsure
    assert DEFAULT_OPTIONS.recall_bias == 0.0


def test_presets() -> None:
    precision, recall, fast = (Options.from_preset(name) for name in ("precision", "recall", Preset.FAST))
    assert precision.recall_bias < 0 and precision.trafilatura_only_when_unsure
    assert recall.recall_bias > 0 and recall.trafilatura_fallbacks and not recall.trafilatura_only_when_unsure
    assert not fast.use_trafilatura and not fast.with_metadata
    assert (precision.preset, recall.preset, fast.preset) == (Preset.PRECISION, Preset.RECALL, Preset.FAST)
    assert DEFAULT_OPTIONS.include_captions and recall.include_captions and fast.include_captions
    assert not precision.include_captions  # the Article Extraction Benchmark's convention


def test_unknown_preset_is_an_input_error() -> None:
    with pytest.raises(InputError, match="unknown preset"):
        Options.from_preset("turbo")


def test_options_are_frozen_and_replaceable() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        DEFAULT_OPTIONS.include_tables = False  # type: ignore[misc]
    changed = dataclasses.replace(DEFAULT_OPTIONS, include_comments=True)
    assert changed.include_comments and not DEFAULT_OPTIONS.include_comments


def test_options_are_hashable() -> None:
    assert len({Options(), Options.from_preset("balanced"), Options.from_preset("fast")}) == 2


@pytest.mark.parametrize("preset", list(Preset))
def test_the_constructor_applies_the_preset(preset: Preset) -> None:
    assert Options(preset=preset) == Options.from_preset(preset) == Options(preset=preset.value)
    assert Options(preset=preset).preset is preset


def test_fast_and_precision_built_directly() -> None:
    assert not Options(preset=Preset.FAST).use_trafilatura and not Options(preset=Preset.FAST).with_metadata
    assert not Options(preset=Preset.PRECISION).include_captions
    assert Options(preset=Preset.PRECISION).recall_bias < 0


def test_fields_the_caller_sets_win_over_the_preset() -> None:
    options = Options(preset=Preset.PRECISION, include_captions=True, recall_bias=0.5)
    assert options.include_captions and options.recall_bias == 0.5
    assert Options(preset=Preset.FAST, use_trafilatura=True).use_trafilatura
    assert dataclasses.replace(Options.from_preset("fast"), include_comments=True).use_trafilatura is False


def test_unknown_preset_in_the_constructor_is_an_input_error() -> None:
    with pytest.raises(InputError, match="unknown preset"):
        Options(preset="turbo")  # type: ignore[arg-type]


def test_the_docstrings_name_only_methods_that_exist() -> None:
    import re

    import cleaner.options as module

    for text in (module.__doc__, Options.__doc__):
        for name in re.findall(r"Options\.(\w+)\(", text or ""):
            assert callable(getattr(Options, name, None)), f"docstring names Options.{name}(), which does not exist"
