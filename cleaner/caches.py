"""Bounds on the caches that an extraction fills, ours and our dependencies', for long runs in one process.

Our own caches are ``functools.lru_cache`` with a ``maxsize`` and keys from a bounded set or normalised
first (``lexicon.function_words``); trafilatura's, htmldate's, courlan's and jusText's have a ``maxsize``
too (trafilatura's duplicate filter is a locked LRU, and is off). What has none is charset_normalizer's
per-codepoint table, which trafilatura and our decoder reach through detection: it grows with every new
character seen, up to all of Unicode. ``bound_caches`` clears such a cache once it passes its bound.

Thread safety: ``cache_info`` and ``cache_clear`` of an ``lru_cache`` are safe to call while other threads
use it (a call in flight simply computes its value again); the state is the caches' own, none is added.
"""
from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Iterator

log = logging.getLogger(__name__)

#: Unbounded third-party caches: (module, function, entries at which it is cleared). 20,000 codepoints
#: hold every character of the benchmark pages' scripts several times over (about 4 MB of CharInfo
#: objects); the range pairs number under 90,000 in all, 20,000 of them about 2 MB.
UNBOUNDED_CACHES: tuple[tuple[str, str, int], ...] = (
    ("charset_normalizer.md", "_char_info", 20_000),
    ("charset_normalizer.md", "is_suspiciously_successive_range", 20_000),
)


def _caches() -> Iterator[tuple[Callable, int]]:
    for module_name, name, limit in UNBOUNDED_CACHES:
        module = sys.modules.get(module_name)  # a module not imported yet has nothing cached
        if module is None:
            continue
        function = getattr(module, name, None)
        if function is not None and hasattr(function, "cache_info"):
            yield function, limit


def bound_caches() -> None:
    """Clear each unbounded cache that has grown past its bound (cheap: one size check per cache)."""
    for function, limit in _caches():
        if function.cache_info().currsize > limit:
            log.debug("clearing %s.%s at %d entries", function.__module__, function.__name__, limit)
            function.cache_clear()


def cache_sizes() -> dict[str, int]:
    """Entries in every lru_cache that an extraction may fill, ours and our dependencies' (for bench/memory.py)."""
    sizes: dict[str, int] = {}
    for module_name, module in list(sys.modules.items()):
        if not module_name.startswith(_WATCHED) or module is None:
            continue
        for name, value in list(vars(module).items()):
            if callable(value) and hasattr(value, "cache_info") and getattr(value, "__module__", "") == module_name:
                sizes[f"{module_name}.{name}"] = value.cache_info().currsize
            elif hasattr(value, "maxsize") and isinstance(getattr(value, "cache", None), dict):
                sizes[f"{module_name}.{name}"] = len(value.cache)  # trafilatura's LRUCache
    return sizes


_WATCHED = ("cleaner", "trafilatura", "htmldate", "courlan", "justext", "charset_normalizer", "dateparser")
