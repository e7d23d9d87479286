#!/usr/bin/env python
"""The real scraped sample (``../shared/samples/scraped-article.txt``) comes out exactly as expected.

    python bench/sample_check.py [BENCH_DIR]      # the samples folder beside it: ../shared/samples

The expected text (``bench/expected/scraped-article.txt``) was read line by line against the dump and its
README: the headline once, then the article's ten paragraphs, each rejoined into one line (the fragment
cut by a dropped link joined to its continuation). The removed blocks must carry the labels the README
names: the search box, the site banner, the two copies of the headline, the sponsor blurbs. Tests may not
read ../shared, so this check runs in CI's quality gate (``.ci/run``) beside the F1 floors.
"""
from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(1, str(BENCH_DIR.parent))  # this checkout's package, even without an install

from cleaner import clean_text  # noqa: E402
from cleaner.blocks import Label  # noqa: E402

EXPECTED = BENCH_DIR / "expected" / "scraped-article.txt"
SAMPLE = "scraped-article.txt"
#: Labels the sample's README names for what must go: one search box, the site banner (a header or site
#: notice), the headline's two extra copies, and sponsor blurbs.
REQUIRED_LABELS = {Label.SEARCH: 1, Label.DUPLICATE: 2, Label.SPONSOR: 6}
BANNER_LABELS = (Label.HEADER, Label.OTHER)


def check(sample: Path) -> list[str]:
    """What is wrong with the sample's cleaned text (nothing when it is exactly as expected)."""
    document = clean_text(sample.read_text(encoding="utf-8"))
    problems = []
    expected = EXPECTED.read_text(encoding="utf-8")
    if document.text + "\n" != expected:
        diff = difflib.unified_diff(expected.splitlines(), document.text.splitlines(), "expected", "cleaned",
                                    lineterm="", n=0)
        problems.append("text differs:\n" + "\n".join(line[:160] for line in diff))
    labels = [r.label for r in document.removed]
    for label, least in REQUIRED_LABELS.items():
        if labels.count(label) < least:
            problems.append(f"{labels.count(label)} removed blocks labelled {label.value}, expected {least} or more")
    if not any(label in BANNER_LABELS for label in labels):
        problems.append("the site banner is not removed as a header")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bench_dir", nargs="?", type=Path, default=BENCH_DIR.parent.parent / "shared" / "bench")
    args = parser.parse_args(argv)
    sample = args.bench_dir.parent / "samples" / SAMPLE
    if not sample.is_file():
        print(f"sample check: no {SAMPLE} at {sample}", file=sys.stderr)
        return 1
    problems = check(sample)
    for problem in problems:
        print(f"sample check: {problem}")
    if not problems:
        print(f"sample check passed: {SAMPLE} comes out exactly as {EXPECTED.relative_to(BENCH_DIR.parent)}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
