#!/usr/bin/env python
"""Where the time goes: CPU milliseconds a page in each stage of ``cleaner.extract``, beside a bare lxml
parse and trafilatura's default ``extract`` on the same pages, in the same process and run.

    python bench/stages.py                        # ../shared/bench, presets fast and balanced
    python bench/stages.py PATH --presets fast --rounds 5
    python bench/stages.py --sets wcxb-dev --sample 5   # every 5th page of the modern pages (issue 12's speed figure)
    CLEANER_PURE_PYTHON=1 python bench/stages.py ...    # the same on the pure-Python code (no compiled core)

Each stage function that the orchestrator (``cleaner/html/pipeline.py``) calls is wrapped with a timer for the
run, so the figures follow the real pipeline without copying it. Each figure is the best of ``--rounds``
passes over all pages (the least disturbed by other work on the machine). Each stage is also given as a share
of the preset's total; the orchestrator's own glue, in no stage, is the line "(between the stages)".
"""
from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(1, str(BENCH_DIR.parent))  # this checkout's package, even without an install
sys.path.insert(1, str(BENCH_DIR))

from datasets import SETS, DatasetError, load_set  # noqa: E402

DEFAULT_DATA = BENCH_DIR.parent.parent / "shared" / "bench"
#: The names under which cleaner/html/pipeline.py calls its stages, in the order they run.
STAGES = ("decode_bytes", "looks_binary", "parse_html", "segment_page", "json_ld_objects", "detect_page_kind",
          "extract_metadata", "detect_language", "classify", "declares_discussion", "mark_thread_posts",
          "extract_heuristic", "run_trafilatura", "decide", "name_removed_blocks", "revise", "build_document",
          "add_structured_description")


@contextmanager
def timed_stages(totals: dict[str, float]) -> Iterator[None]:
    """Wrap each stage that the pipeline module calls with a CPU timer adding to ``totals``."""
    from cleaner.html import pipeline

    originals = {name: getattr(pipeline, name) for name in STAGES}

    def wrap(name: str, function: Callable) -> Callable:
        def timed(*args, **kwargs):
            started = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                totals[name] += time.process_time() - started
        return timed

    for name, function in originals.items():
        setattr(pipeline, name, wrap(name, function))
    try:
        yield
    finally:
        for name, function in originals.items():
            setattr(pipeline, name, function)


def best_pass(run: Callable[[], dict[str, float]], rounds: int) -> dict[str, float]:
    """The pass with the smallest total, of ``rounds`` passes."""
    return min((run() for _ in range(rounds)), key=lambda totals: totals["total"])


def cleaner_pass(pages: list[bytes], preset: str) -> dict[str, float]:
    from cleaner import Options, extract

    options = Options.from_preset(preset)
    totals: dict[str, float] = defaultdict(float)
    with timed_stages(totals):
        started = time.process_time()
        for html in pages:
            extract(html, options=options)
        totals["total"] = time.process_time() - started
    return totals


def single_pass(pages: list[bytes], function: Callable[[bytes], object]) -> dict[str, float]:
    started = time.process_time()
    for html in pages:
        function(html)
    return {"total": time.process_time() - started}


def lxml_parse(html: bytes) -> object:
    import lxml.html

    return lxml.html.document_fromstring(html)


def trafilatura_extract(html: bytes) -> object:
    import trafilatura

    return trafilatura.extract(html)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", nargs="?", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--presets", default="fast,balanced", help="comma-separated cleaner presets")
    parser.add_argument("--rounds", type=int, default=3, help="passes over the pages; the best one counts")
    parser.add_argument("--sets", default=",".join(SETS), help="comma-separated sets (default: %(default)s)")
    parser.add_argument("--sample", type=int, default=1, help="take every N-th page only")
    args = parser.parse_args(argv)
    try:
        names = [name for name in args.sets.split(",") if name]
        pages = [page.html for name in names for page in load_set(args.data, name)][::args.sample]
    except DatasetError as exc:
        print(f"stages: {exc}", file=sys.stderr)
        return 2
    presets = [p.strip() for p in args.presets.split(",") if p.strip()]
    for preset in presets:
        cleaner_pass(pages[:5], preset)  # warm-up: lazy imports and caches
    trafilatura_extract(pages[0])
    count = len(pages)
    per_page = {"lxml parse": best_pass(lambda: single_pass(pages, lxml_parse), args.rounds)["total"],
                "trafilatura": best_pass(lambda: single_pass(pages, trafilatura_extract), args.rounds)["total"]}
    import cleaner

    core = "compiled" if cleaner.accelerated else "pure Python (CLEANER_PURE_PYTHON=1, or the compiled one not built)"
    print(f"{count} pages; CPU ms a page and share of the preset's time, best of {args.rounds} passes; "
          f"core: {core}")
    for name, seconds in per_page.items():
        print(f"  {name:22s} {1000 * seconds / count:7.2f}")
    for preset in presets:
        totals = best_pass(lambda: cleaner_pass(pages, preset), args.rounds)
        print(f"cleaner {preset}: {1000 * totals['total'] / count:.2f} ms a page, "
              f"{per_page['trafilatura'] / totals['total']:.2f}x trafilatura's pages per CPU-second")
        staged = 0.0
        for name in STAGES:
            if totals.get(name):
                staged += totals[name]
                print(f"  {name:26s} {1000 * totals[name] / count:7.2f} {100 * totals[name] / totals['total']:5.1f}%")
        glue = totals["total"] - staged  # the orchestrator's own code, between the stages
        print(f"  {'(between the stages)':26s} {1000 * glue / count:7.2f} {100 * glue / totals['total']:5.1f}%")
    return 0


if __name__ == "__main__":
    sys.exit(main())
