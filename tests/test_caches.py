"""Bounded caches: no cache that an extraction fills can grow without bound over a long run in one process,
ours or our dependencies' (bench/memory.py measures the memory itself)."""
from __future__ import annotations

import importlib
import inspect
import pkgutil
import sys
import types
from functools import lru_cache

import pytest

import cleaner
from cleaner import caches

#: Unbounded caches of ours whose keys come from a fixed set: stop-list names (lexicon.LANGUAGES values).
BOUNDED_BY_KEYS = {"cleaner.lexicon._stoplist", "cleaner.lexicon._stopword_set"}
DEPENDENCIES = ("trafilatura", "htmldate", "courlan", "justext")


def cached_functions(package_name: str):
    package = importlib.import_module(package_name)
    names = [package_name] + [m.name for m in pkgutil.walk_packages(package.__path__, package_name + ".")]
    for name in names:
        if name.endswith("__main__"):
            continue  # running it is what importing it does
        try:
            module = importlib.import_module(name)
        except Exception:  # noqa: BLE001 - optional parts of a dependency (a CLI, an extra) need not import
            continue
        for attribute, value in vars(module).items():
            if callable(value) and hasattr(value, "cache_parameters") and value.__module__ == name:
                yield f"{name}.{attribute}", value


def takes_arguments(function) -> bool:
    try:
        return bool(inspect.signature(function).parameters)
    except (TypeError, ValueError):
        return True


def unbounded(package_name: str) -> list[str]:
    return [name for name, function in cached_functions(package_name)
            if function.cache_parameters()["maxsize"] is None and takes_arguments(function)
            and name not in BOUNDED_BY_KEYS]


def test_our_caches_are_bounded() -> None:
    assert unbounded("cleaner") == []


@pytest.mark.parametrize("package", DEPENDENCIES)
def test_dependency_caches_are_bounded(package: str) -> None:
    # trafilatura's, htmldate's, courlan's and jusText's caches all have a maxsize (or no arguments): when an
    # update adds one without, this test says so, and cleaner/caches.py must bound it.
    assert unbounded(package) == []


def test_language_strings_do_not_grow_the_stop_word_caches() -> None:
    from cleaner.lexicon import _function_words, function_words

    before = _function_words.cache_info().currsize
    for n in range(500):
        function_words(f"xx-{n}")  # a page's lang attribute can be anything
    assert _function_words.cache_info().currsize <= before + 1


def test_bound_caches_clears_an_unbounded_cache_past_its_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    @lru_cache(maxsize=None)
    def per_codepoint(character: str) -> str:
        return character.upper()

    module = types.ModuleType("fake_detector")
    module.per_codepoint = per_codepoint
    monkeypatch.setitem(sys.modules, "fake_detector", module)
    monkeypatch.setattr(caches, "UNBOUNDED_CACHES", (("fake_detector", "per_codepoint", 100),))
    for n in range(100):
        per_codepoint(chr(0x4E00 + n))
    caches.bound_caches()
    assert per_codepoint.cache_info().currsize == 100  # at the bound: kept
    per_codepoint("x")
    caches.bound_caches()
    assert per_codepoint.cache_info().currsize == 0


def test_extract_keeps_charset_detection_caches_bounded() -> None:
    # extract calls bound_caches after every page; the registered caches exist in the installed versions
    # (or are skipped when a version compiles them without a cache).
    cleaner.extract("<p>caf\u00e9</p>".encode("cp1252") * 20)
    for module_name, name, limit in caches.UNBOUNDED_CACHES:
        function = getattr(sys.modules.get(module_name), name, None)
        if function is not None and hasattr(function, "cache_info"):
            assert function.cache_info().currsize <= limit
