"""Quality of ``cleaner.clean_text`` on already-scraped text, beside the input left as it is (the floor).

Usage::

    .venv/bin/python bench/text_quality.py [BENCH_DIR] [--set scraped-text-dev] [--worst 10]

``BENCH_DIR`` defaults to ../shared/bench (next to the repository). The set's layout is ``input/<id>.txt``
and ``truth.json`` ``{id: expected article text}``; the metric is the one of the benchmark README
(bench/metric.py). Outside pytest: it reads shared data and takes a few seconds.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parents[1]))  # the repository, before any installed copy

from metric import PageScore, score_page, score_set  # noqa: E402

DEFAULT_BENCH = Path(__file__).resolve().parents[2] / "shared" / "bench"
DEFAULT_SET = "scraped-text-dev"


@dataclass(frozen=True)
class TextPage:
    page_id: str
    text: str
    truth: str


def load_text_set(folder: Path) -> list[TextPage]:
    """The pages of a scraped-text set, sorted by id."""
    truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
    return [TextPage(page_id, (folder / "input" / f"{page_id}.txt").read_text(encoding="utf-8"), truth[page_id])
            for page_id in sorted(truth)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bench_dir", nargs="?", type=Path, default=DEFAULT_BENCH)
    parser.add_argument("--set", default=DEFAULT_SET, help="folder of the set under BENCH_DIR")
    parser.add_argument("--worst", type=int, default=10, help="list this many worst pages of clean_text")
    parser.add_argument("--only", default="", help="score only pages whose id starts with this")
    args = parser.parse_args(argv)

    from cleaner import clean_text

    pages = [p for p in load_text_set(args.bench_dir / args.set) if p.page_id.startswith(args.only)]
    started = time.perf_counter()
    cleaned = [score_page(p.truth, clean_text(p.text).text) for p in pages]
    elapsed = time.perf_counter() - started
    floor = [score_page(p.truth, p.text) for p in pages]
    print(f"{args.set}: {len(pages)} pages")
    print(f"  clean_text  {score_set(cleaned).line()}   ({elapsed:.1f} s)")
    print(f"  input as is {score_set(floor).line()}   (floor)")
    if args.worst:
        print(f"worst {args.worst} pages of clean_text (page F1, precision, recall):")
        ranked: list[tuple[PageScore, TextPage]] = sorted(zip(cleaned, pages), key=lambda pair: pair[0].f1)
        for score, page in ranked[:args.worst]:
            print(f"  {score.f1:.3f}  P {score.precision:.3f}  R {score.recall:.3f}  {page.page_id}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
