#!/usr/bin/env python
"""Metadata on wcxb-dev: title, author and publish date of cleaner (balanced, the whole extract call) and of
trafilatura's ``extract_metadata``, in the same run, against the benchmark's fields (bench/wcxb_metadata.py).

    python bench/metadata_quality.py                    # the tune part
    python bench/metadata_quality.py --part check
    python bench/metadata_quality.py --misses author --show 20   # cleaner's misses on one field

WCXB is published under CC-BY-4.0 by Murrough Foley (github.com/Murrough-Foley/web-content-extraction-benchmark).
Exit status: 0, 2 on bad arguments or missing data.
"""
from __future__ import annotations

import argparse
import multiprocessing
import sys
from pathlib import Path
from typing import Sequence

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(1, str(BENCH_DIR.parent))

from wcxb_metadata import FIELDS, format_tally, same, tally  # noqa: E402
from wcxb_pages import WcxbError, WcxbPage, load_wcxb, wcxb_arguments  # noqa: E402

SYSTEMS = ("cleaner", "trafilatura")


def cleaner_fields(page: WcxbPage) -> dict[str, object]:
    import cleaner

    metadata = cleaner.extract(page.html, url=page.url).metadata
    return {name: getattr(metadata, name) for name in FIELDS}


def trafilatura_fields(page: WcxbPage) -> dict[str, object]:
    from trafilatura.metadata import extract_metadata

    text = page.html.decode("utf-8", errors="replace")
    found = extract_metadata(text, default_url=page.url)
    return {name: getattr(found, name, None) for name in FIELDS}


def both(page: WcxbPage) -> tuple[dict[str, object], dict[str, object]]:
    return cleaner_fields(page), trafilatura_fields(page)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = wcxb_arguments(__doc__.split("\n\n")[0], "tune")
    parser.add_argument("--misses", choices=tuple(FIELDS), help="list cleaner's misses on this field")
    parser.add_argument("--show", type=int, default=20, help="how many misses to list (default: %(default)s)")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        pages = load_wcxb(args.data / "wcxb-dev", args.part)
    except WcxbError as exc:
        print(f"metadata_quality: {exc}", file=sys.stderr)
        return 2
    if args.jobs > 1:
        with multiprocessing.Pool(args.jobs) as pool:
            found = pool.map(both, pages, chunksize=8)
    else:
        found = [both(page) for page in pages]
    print(f"wcxb-dev {args.part} ({len(pages)} pages): share of pages whose truth has the field and the value "
          "matches (words, case and punctuation aside; dates by day)")
    for k, system in enumerate(SYSTEMS):
        print(format_tally(system, tally((page.truth, values[k]) for page, values in zip(pages, found))))
    if args.misses:
        key = FIELDS[args.misses]
        misses = [(p, f[0][args.misses], f[1][args.misses]) for p, f in zip(pages, found)
                  if p.truth.get(key) and not same(args.misses, p.truth[key], f[0][args.misses])]
        print(f"cleaner's misses on {args.misses}: {len(misses)}")
        for page, ours, theirs in misses[:args.show]:
            print(f"  {page.page_id} want {page.truth[key]!r}\n       got {ours!r}\n       trafilatura {theirs!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
