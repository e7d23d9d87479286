#!/usr/bin/env python
"""Memory of a long run in one process: peak RSS of the library extracting 50,000 pages against 5,000.

    python bench/memory.py                         # ../shared/bench, 5,000 and 50,000 pages, cleaner and trafilatura
    python bench/memory.py PATH --counts 2000,20000 --systems cleaner --jobs 2

The pages are the dev pages (wcxb-dev, aeb-dev, readability) in turn, read from disk one at a time so that
the input itself holds no memory. By default every pass after the first makes each page new (``--same`` turns
this off): a note with a class name, an id and a sentence unique to the page goes before ``</body>``, so that
caches keyed by class names or text lines see new keys all run long, as they would on a crawl, rather than
the same 1,715 pages again. Each count runs in a fresh process (``--jobs`` at once) calling the library
directly, not through the batch runner, whose recycled workers would hide growth: ``cleaner.extract`` with
the default options, and ``trafilatura.extract`` with its defaults in the same run for comparison.
Peak memory is the RSS high-water mark (``resource.getrusage``); the RSS is also sampled at each tenth of the
run, and the entries of every lru_cache of cleaner and its dependencies are counted at the end.
"""
from __future__ import annotations

import argparse
import gzip
import json
import resource
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(1, str(BENCH_DIR.parent))  # this checkout's package, even without an install
DEFAULT_DATA = BENCH_DIR.parent.parent / "shared" / "bench"
SYSTEMS = ("cleaner", "trafilatura")
#: Largest growth of peak memory from the short run to the long one that counts as flat (issue 14).
MAX_GROWTH = 0.10
SAMPLES = 10
#: A progress line on stderr every this many pages (a long run that is stopped still shows its course).
PROGRESS_EVERY = 1000


def page_paths(root: Path) -> list[Path]:
    paths = sorted((root / "wcxb-dev" / "html").glob("*.html.gz"))
    paths += sorted((root / "aeb-dev" / "html").glob("*.html.gz"))
    paths += sorted((root / "readability").glob("*/source.html"))
    if not paths:
        raise SystemExit(f"no benchmark pages under {root}")
    return paths


def read_page(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.suffix == ".gz" else data


def made_new(html: bytes, number: int, passes: int) -> bytes:
    """The page with a note of its own before ``</body>`` (class, id and sentence unique to ``number``)."""
    note = (f'<div class="reader-note-{number} pass-{passes}" id="note-{number}"><p>Reader note {number}: '
            f"page {number} of the long run, pass {passes}, was read at position {number * 7 % 1009}.</p></div>")
    at = html.rfind(b"</body>")
    return html[:at] + note.encode() + html[at:] if at >= 0 else html + note.encode()


def rss_kb() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() // 1024


def run_one(system: str, count: int, root: Path, same: bool) -> dict:
    """Extract ``count`` pages in this process and report its memory (run in a fresh subprocess)."""
    import trafilatura

    import cleaner
    from cleaner.caches import cache_sizes

    paths = page_paths(root)
    samples: list[int] = []
    started = time.monotonic()
    failures = 0
    for number in range(count):
        html = read_page(paths[number % len(paths)])
        passes = number // len(paths)
        if passes and not same:
            html = made_new(html, number, passes)
        try:
            if system == "cleaner":
                cleaner.extract(html)
            else:
                trafilatura.extract(html)
        except Exception:  # noqa: BLE001 - counted: a memory benchmark goes on past a failing page
            failures += 1
        if (number + 1) % max(1, count // SAMPLES) == 0:
            samples.append(rss_kb())
        if (number + 1) % PROGRESS_EVERY == 0:
            print(f"{system} {count}: {number + 1} pages, RSS {rss_kb() / 1024:.0f} MB, peak "
                  f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB, "
                  f"{time.monotonic() - started:.0f} s", file=sys.stderr, flush=True)
    return {"system": system, "count": count, "peak_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
            "samples_kb": samples, "seconds": time.monotonic() - started, "failures": failures,
            "caches": cache_sizes()}


def measure(system: str, count: int, root: Path, same: bool) -> dict:
    command = [sys.executable, __file__, str(root), "--one", system, str(count)] + (["--same"] if same else [])
    done = subprocess.run(command, stdout=subprocess.PIPE, text=True, check=False)  # progress: our stderr
    if done.returncode != 0:
        raise SystemExit(f"{system} over {count} pages failed (exit {done.returncode})")
    return json.loads(done.stdout.splitlines()[-1])


def report(results: list[dict], counts: list[int], systems: list[str]) -> bool:
    """Print the table and the verdict; True when cleaner's peak grew by at most MAX_GROWTH."""
    by = {(r["system"], r["count"]): r for r in results}
    print(f"{'system':12} {'pages':>7} {'peak MB':>8} {'seconds':>8} {'fail':>5}  RSS MB at each tenth of the run")
    for system in systems:
        for count in counts:
            r = by[(system, count)]
            tenths = " ".join(f"{kb / 1024:.0f}" for kb in r["samples_kb"])
            print(f"{system:12} {count:>7} {r['peak_kb'] / 1024:>8.1f} {r['seconds']:>8.0f} {r['failures']:>5}  {tenths}")
    short, long = min(counts), max(counts)
    flat = True
    for system in systems:
        growth = by[(system, long)]["peak_kb"] / by[(system, short)]["peak_kb"] - 1
        print(f"{system}: peak over {long:,} pages is {growth:+.1%} of the peak over {short:,}")
        if system == "cleaner":
            flat = growth <= MAX_GROWTH
    if "cleaner" in systems and "trafilatura" in systems:
        ratios = [by[("cleaner", c)]["peak_kb"] / by[("trafilatura", c)]["peak_kb"] for c in counts]
        print("cleaner / trafilatura peak: " + ", ".join(f"{r:.2f} at {c:,}" for r, c in zip(ratios, counts)))
    largest = sorted(by[("cleaner", long)]["caches"].items(), key=lambda kv: -kv[1])[:8] if "cleaner" in systems else []
    if largest:
        print("largest caches after the long run (entries): " + ", ".join(f"{k} {v}" for k, v in largest))
    print(f"memory flat (within {MAX_GROWTH:.0%}): {'yes' if flat else 'NO'}")
    return flat


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT_DATA, help="benchmark root (../shared/bench)")
    parser.add_argument("--counts", default="5000,50000", help="page counts, comma-separated (5000,50000)")
    parser.add_argument("--systems", default=",".join(SYSTEMS), help="cleaner,trafilatura")
    parser.add_argument("--jobs", type=int, default=2, help="measurements run at once, each in its own process")
    parser.add_argument("--same", action="store_true", help="repeat the pages unchanged")
    parser.add_argument("--one", nargs=2, metavar=("SYSTEM", "COUNT"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(run_one(args.one[0], int(args.one[1]), args.path, args.same)))
        return 0
    counts = [int(c) for c in args.counts.split(",") if c]
    systems = [s for s in args.systems.split(",") if s]
    work = [(s, c) for c in sorted(counts, reverse=True) for s in systems]  # the long runs first
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        results = list(pool.map(lambda sc: measure(sc[0], sc[1], args.path, args.same), work))
    return 0 if report(results, counts, systems) else 1


if __name__ == "__main__":
    sys.exit(main())
