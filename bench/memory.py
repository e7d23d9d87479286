#!/usr/bin/env python
"""Memory of a long run in one process: peak RSS of the library extracting 50,000 pages against 5,000.

    python bench/memory.py                         # ../shared/bench, 5,000 and 50,000 pages, cleaner and trafilatura
    python bench/memory.py PATH --counts 2000,20000 --systems cleaner --jobs 2

The pages are the dev pages (wcxb-dev, aeb-dev, readability) in turn, read from disk one at a time so that
the input itself holds no memory. By default every pass after the first makes each page new (``--same`` turns
this off): a note with a class name, an id and a sentence unique to the page goes before ``</body>``, so that
caches keyed by class names or text lines see new keys all run long, as they would on a crawl, rather than
the same 1,715 pages again. Each system runs in a fresh process (``--jobs`` at once) that extracts the largest
count of pages and notes its peak as it passes each smaller count (the pages come in a fixed order, so that is
the peak of a process extracting that many). It calls the library directly, not through the batch runner,
whose recycled workers would hide growth: ``cleaner.extract`` with
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


def peak_kb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def run_one(system: str, counts: list[int], root: Path, same: bool) -> dict:
    """Extract max(counts) pages in this process, noting the peak RSS as each count is reached (run in a fresh
    subprocess). The pages come in a fixed order, so the peak after the first 5,000 is the peak of a process
    that extracts those 5,000 pages: one run gives every count's figure."""
    import trafilatura

    import cleaner
    from cleaner.caches import cache_sizes

    paths = page_paths(root)
    total = max(counts)
    peaks: dict[int, int] = {}
    samples: list[int] = []
    started = time.monotonic()
    failures = 0
    for number in range(total):
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
        done = number + 1
        if done in counts:
            peaks[done] = peak_kb()
        if done % max(1, total // SAMPLES) == 0:
            samples.append(rss_kb())
        if done % PROGRESS_EVERY == 0:
            print(f"{system}: {done} pages, RSS {rss_kb() / 1024:.0f} MB, peak {peak_kb() / 1024:.0f} MB, "
                  f"{time.monotonic() - started:.0f} s, {failures} failed", file=sys.stderr, flush=True)
    return {"system": system, "peaks_kb": peaks, "samples_kb": samples, "seconds": time.monotonic() - started,
            "failures": failures, "caches": cache_sizes()}


def measure(system: str, counts: list[int], root: Path, same: bool) -> dict:
    command = [sys.executable, __file__, str(root), "--one", system, "--counts", ",".join(map(str, counts))]
    done = subprocess.run(command + (["--same"] if same else []), stdout=subprocess.PIPE, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{system} failed (exit {done.returncode})")
    result = json.loads(done.stdout.splitlines()[-1])
    result["peaks_kb"] = {int(k): v for k, v in result["peaks_kb"].items()}
    return result


def report(results: list[dict], counts: list[int]) -> bool:
    """Print the table and the verdict; True when cleaner's peak grew by at most MAX_GROWTH."""
    print(f"{'system':12} " + " ".join(f"{f'peak MB at {c:,}':>18}" for c in counts) + f" {'seconds':>8} {'fail':>5}")
    for r in results:
        peaks = " ".join(f"{r['peaks_kb'][c] / 1024:>18.1f}" for c in counts)
        print(f"{r['system']:12} {peaks} {r['seconds']:>8.0f} {r['failures']:>5}")
    for r in results:
        tenths = " ".join(f"{kb / 1024:.0f}" for kb in r["samples_kb"])
        print(f"{r['system']} RSS MB at each tenth of the run: {tenths}")
    short, long = min(counts), max(counts)
    flat = True
    for r in results:
        growth = r["peaks_kb"][long] / r["peaks_kb"][short] - 1
        print(f"{r['system']}: peak over {long:,} pages is {growth:+.1%} of the peak over {short:,}")
        if r["system"] == "cleaner":
            flat = growth <= MAX_GROWTH
    by = {r["system"]: r for r in results}
    if "cleaner" in by and "trafilatura" in by:
        print("cleaner / trafilatura peak: " + ", ".join(
            f"{by['cleaner']['peaks_kb'][c] / by['trafilatura']['peaks_kb'][c]:.2f} at {c:,}" for c in counts))
    if "cleaner" in by:
        largest = sorted(by["cleaner"]["caches"].items(), key=lambda kv: -kv[1])[:8]
        print("largest caches after the run (entries): " + ", ".join(f"{k} {v}" for k, v in largest))
    print(f"memory flat (within {MAX_GROWTH:.0%}): {'yes' if flat else 'NO'}")
    return flat


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT_DATA, help="benchmark root (../shared/bench)")
    parser.add_argument("--counts", default="5000,50000", help="page counts, comma-separated (5000,50000)")
    parser.add_argument("--systems", default=",".join(SYSTEMS), help="cleaner,trafilatura")
    parser.add_argument("--jobs", type=int, default=2, help="systems measured at once, each in its own process")
    parser.add_argument("--same", action="store_true", help="repeat the pages unchanged")
    parser.add_argument("--one", metavar="SYSTEM", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    counts = sorted(int(c) for c in args.counts.split(",") if c)
    if args.one:
        print(json.dumps(run_one(args.one, counts, args.path, args.same)))
        return 0
    systems = [s for s in args.systems.split(",") if s]
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        results = list(pool.map(lambda system: measure(system, counts, args.path, args.same), systems))
    return 0 if report(results, counts) else 1


if __name__ == "__main__":
    sys.exit(main())
