#!/usr/bin/env python
"""Page kind on wcxb-dev: ``cleaner.extract(...).metadata.page_type`` against the benchmark's ``page_type``,
accuracy and confusion matrix (rows: the truth, columns: what cleaner said).

    python bench/page_kind.py                   # the check part (the model is trained on tune only)
    python bench/page_kind.py --part tune --misses 20
    python bench/page_kind.py --timing          # the cost of the page-kind signals beside the whole extraction

WCXB is published under CC-BY-4.0 by Murrough Foley (github.com/Murrough-Foley/web-content-extraction-benchmark).
Exit status: 0, 2 on bad arguments or missing data.
"""
from __future__ import annotations

import argparse
import multiprocessing
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Sequence

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(1, str(BENCH_DIR.parent))

from wcxb_pages import WcxbError, WcxbPage, load_wcxb, wcxb_arguments  # noqa: E402



def predicted_kind(page: WcxbPage) -> str:
    import cleaner

    # the fast preset: the page kind is read before either extractor runs, so it is the same in every preset
    return cleaner.extract(page.html, url=page.url, options=cleaner.Options.from_preset("fast")).metadata.page_type


def timed(page: WcxbPage) -> tuple[float, float]:
    """CPU seconds of the page-kind step (signals and model, on the parsed tree) and of a whole balanced
    extraction of the same page."""
    import cleaner
    from cleaner.decode import decode_bytes
    from cleaner.html.jsonld import json_ld_objects
    from cleaner.html.page_kind import detect_page_kind
    from cleaner.html.parse import parse_html
    from cleaner.html.segment import segment_tree

    root = parse_html(decode_bytes(page.html).text)
    segments = segment_tree(root)
    start = time.process_time()
    detect_page_kind(root, segments, page.url, json_ld_objects(root))
    kind_seconds = time.process_time() - start
    start = time.process_time()
    cleaner.extract(page.html, url=page.url)
    return kind_seconds, time.process_time() - start


def confusion_lines(truth: Sequence[str], said: Sequence[str]) -> list[str]:
    kinds = sorted(set(truth) | set(said))
    counts = Counter(zip(truth, said))
    corner = "truth / said"
    lines = [f"{corner:>14} " + " ".join(f"{k[:11]:>11}" for k in kinds) + "   recall"]
    for kind in kinds:
        row = [counts[(kind, other)] for other in kinds]
        recall = f"{counts[(kind, kind)] / sum(row):.0%} of {sum(row)}" if sum(row) else "-"
        lines.append(f"{kind:>14} " + " ".join(f"{v:11d}" for v in row) + f"   {recall}")
    return lines


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = wcxb_arguments(__doc__.split("\n\n")[0], "check")
    parser.add_argument("--misses", type=int, default=0, metavar="N", help="list N misclassified pages")
    parser.add_argument("--timing", action="store_true",
                        help="also time the page-kind step against a whole balanced extraction (every 5th page)")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        pages = [p for p in load_wcxb(args.data / "wcxb-dev", args.part) if p.page_type]
    except WcxbError as exc:
        print(f"page_kind: {exc}", file=sys.stderr)
        return 2
    with multiprocessing.Pool(max(1, args.jobs)) as pool:
        said = pool.map(predicted_kind, pages, chunksize=8)
        times = pool.map(timed, pages[::5], chunksize=4) if args.timing else []
    truth = [p.page_type for p in pages]
    right = sum(t == s for t, s in zip(truth, said))
    print(f"wcxb-dev {args.part}: metadata.page_type matches the benchmark's kind on {right}/{len(pages)} pages "
          f"({right / len(pages):.1%})")
    print("\n".join(confusion_lines(truth, said)))
    misses = [(p, s) for p, s in zip(pages, said) if p.page_type != s]
    for page, kind in misses[:args.misses]:
        print(f"  {page.page_id} {page.page_type} -> {kind}  {page.url}")
    if times:
        kind_total, extract_total = sum(t[0] for t in times), sum(t[1] for t in times)
        print(f"timing on {len(times)} pages: page kind {1000 * kind_total / len(times):.2f} ms a page, "
              f"balanced extract {1000 * extract_total / len(times):.1f} ms a page: "
              f"{kind_total / extract_total:.1%} of the extraction")
    return 0


if __name__ == "__main__":
    sys.exit(main())
