#!/usr/bin/env python
"""A fingerprint of cleaner's output on every benchmark page, to prove that a change kept every Document
the same (a speed-up, a refactoring, a compiled path): one line per set, preset and page with the SHA-1 of
``Document.to_json()``, then the SHA-1 of the same without the metadata (``--ignore-metadata`` compares that).

    python bench/identity.py -o before.txt                      # aeb-dev, readability, wcxb-dev; balanced, fast
    python bench/identity.py -o after.txt --compare before.txt  # prints the pages that differ, exit 1 if any
    python bench/identity.py --presets fast --sets aeb-dev --jobs 2 -o quick.txt
    python bench/identity.py -o after.txt --compare before.txt --ignore-metadata   # text and blocks only
    python bench/identity.py --sets wcxb-dev --sample 7 -o a.txt   # every 7th page (214 of wcxb-dev's 1,497)
"""
from __future__ import annotations

import argparse
import hashlib
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(1, str(BENCH_DIR.parent))  # this checkout's package, even without an install
sys.path.insert(1, str(BENCH_DIR))

from datasets import ALL_SETS, DatasetError, load_set  # noqa: E402

DEFAULT_DATA = BENCH_DIR.parent.parent / "shared" / "bench"


def fingerprint(job: tuple[str, str, str, bytes, str | None]) -> str:
    """``set preset page sha1 sha1-without-metadata`` of one page's Document (the error's name when
    extraction raised)."""
    import dataclasses

    import cleaner

    set_name, preset, page_id, html, url = job
    try:
        document = cleaner.extract(html, url=url, options=cleaner.Options.from_preset(preset))
    except cleaner.CleanerError as exc:
        return f"{set_name} {preset} {page_id} raised-{type(exc).__name__} raised-{type(exc).__name__}"
    bare = dataclasses.replace(document, metadata=cleaner.Metadata(), title=None)
    digests = (hashlib.sha1(doc.to_json().encode()).hexdigest() for doc in (document, bare))
    return f"{set_name} {preset} {page_id} {' '.join(digests)}"


def _key_and_digest(line: str, ignore_metadata: bool) -> tuple[str, str]:
    """(set preset page, the digest compared); a line of an older output has the full digest only."""
    fields = line.split(" ")
    return " ".join(fields[:3]), fields[4] if ignore_metadata and len(fields) > 4 else fields[3]


def compare(lines: list[str], base: Path, ignore_metadata: bool = False) -> int:
    """Print the lines that differ from ``base`` (by set, preset and page); the number of them."""
    before = dict(_key_and_digest(line, ignore_metadata) for line in base.read_text(encoding="utf-8").splitlines())
    now = dict(_key_and_digest(line, ignore_metadata) for line in lines)
    differ = [key for key, digest in now.items() if before.get(key, digest) != digest]
    for key in differ:
        print(f"differs: {key}")
    missing = len(set(before) - set(now))
    print(f"{len(lines)} documents, {len(differ)} differ from {base}"
          + (f" ({missing} of its lines not computed here)" if missing else ""))
    return len(differ)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", nargs="?", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--sets", default=",".join(ALL_SETS))
    parser.add_argument("--presets", default="balanced,fast")
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--sample", type=int, default=1, help="take every N-th page of each set only")
    parser.add_argument("-o", "--output", type=Path, required=True)
    parser.add_argument("--compare", type=Path, help="an earlier output: list the documents that differ")
    parser.add_argument("--ignore-metadata", action="store_true",
                        help="compare the documents without their metadata and title")
    args = parser.parse_args(argv)
    try:
        pages = [page for name in args.sets.split(",") if name
                 for page in load_set(args.data, name)[::max(1, args.sample)]]
    except DatasetError as exc:
        print(f"identity: {exc}", file=sys.stderr)
        return 2
    jobs = [(p.set_name, preset, p.page_id, p.html, p.url)
            for preset in args.presets.split(",") if preset for p in pages]
    with ProcessPoolExecutor(args.jobs) as pool:
        lines = list(pool.map(fingerprint, jobs, chunksize=16))
    args.output.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 1 if args.compare and compare(lines, args.compare, args.ignore_metadata) else 0


if __name__ == "__main__":
    sys.exit(main())
