#!/usr/bin/env python
"""A fingerprint of cleaner's output on every benchmark page, to prove that a change kept every Document
the same (a speed-up, a refactoring, a compiled path): one line per set, preset and page with the SHA-1 of
``Document.to_json()``.

    python bench/identity.py -o before.txt                      # aeb-dev, readability, wcxb-dev; balanced, fast
    python bench/identity.py -o after.txt --compare before.txt  # prints the pages that differ, exit 1 if any
    python bench/identity.py --presets fast --sets aeb-dev --jobs 2 -o quick.txt
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
    """``set preset page sha1`` of one page's Document (the error's name when extraction raised)."""
    import cleaner

    set_name, preset, page_id, html, url = job
    try:
        digest = hashlib.sha1(cleaner.extract(html, url=url, options=cleaner.Options.from_preset(preset))
                              .to_json().encode()).hexdigest()
    except cleaner.CleanerError as exc:
        digest = f"raised-{type(exc).__name__}"
    return f"{set_name} {preset} {page_id} {digest}"


def compare(lines: list[str], base: Path) -> int:
    """Print the lines that differ from ``base`` (by set, preset and page); the number of them."""
    before = {line.rsplit(" ", 1)[0]: line for line in base.read_text(encoding="utf-8").splitlines()}
    differ = [line for line in lines if before.get(line.rsplit(" ", 1)[0], line) != line]
    for line in differ:
        print(f"differs: {line.rsplit(' ', 1)[0]}")
    missing = len(set(before) - {line.rsplit(" ", 1)[0] for line in lines})
    print(f"{len(lines)} documents, {len(differ)} differ from {base}"
          + (f" ({missing} of its lines not computed here)" if missing else ""))
    return len(differ)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", nargs="?", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--sets", default=",".join(ALL_SETS))
    parser.add_argument("--presets", default="balanced,fast")
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("-o", "--output", type=Path, required=True)
    parser.add_argument("--compare", type=Path, help="an earlier output: list the documents that differ")
    args = parser.parse_args(argv)
    try:
        pages = [page for name in args.sets.split(",") if name for page in load_set(args.data, name)]
    except DatasetError as exc:
        print(f"identity: {exc}", file=sys.stderr)
        return 2
    jobs = [(p.set_name, preset, p.page_id, p.html, p.url)
            for preset in args.presets.split(",") if preset for p in pages]
    with ProcessPoolExecutor(args.jobs) as pool:
        lines = list(pool.map(fingerprint, jobs, chunksize=16))
    args.output.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 1 if args.compare and compare(lines, args.compare) else 0


if __name__ == "__main__":
    sys.exit(main())
