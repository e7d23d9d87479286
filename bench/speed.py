#!/usr/bin/env python
"""Speed benchmark: pages per second and peak memory of cleaner (each preset) and trafilatura, on the same
pages, through the same batch runner, with 1 and 2 worker processes; then peak memory over 1,000 against
10,000 pages (the pages repeated) to show that memory stays flat on long runs.

    python bench/speed.py                          # aeb-dev + readability (jobs 1, 2), then wcxb-dev (jobs 1)
    python bench/speed.py --sets wcxb-dev --jobs 1 --memory-pages ""   # issue 12's figure: modern pages, one job
    python bench/speed.py PATH --repeat 2          # each page twice
    python bench/speed.py --presets balanced --jobs 1,2 --memory-pages 1000,10000
    python bench/speed.py --memory-pages ""        # skip the memory comparison
    python bench/speed.py --presets "" --jobs 1 --memory-preset fast   # only the memory comparison, quickly
    python bench/speed.py --engine dask --jobs 2   # the Dask engine next to the local one (and trafilatura)
    python bench/speed.py --pure-presets ""        # without the pure-Python walk's rows

When the compiled segment walk is built (``cleaner.accelerated``), each preset is also measured on the
pure-Python walk (``CLEANER_PURE_PYTHON=1``), as the system ``cleaner <preset> (pure)``.

Each figure comes from a fresh subprocess, so one measurement's memory never counts in another's.
Peak memory is the RSS high-water mark (``resource.getrusage``) of the parent plus, per worker slot, the
largest worker's high-water mark; with fork, pages shared copy-on-write are counted in each process, so
the total is an upper bound. Pages per second are wall-clock pages over wall-clock seconds of the whole
batch (pool start included). On a machine shared with other work the figures vary run to run.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(1, str(BENCH_DIR.parent))  # this checkout's package, even without an install
sys.path.insert(1, str(BENCH_DIR))

DEFAULT_DATA = BENCH_DIR.parent.parent / "shared" / "bench"
PRESETS = ("precision", "balanced", "recall", "fast")
TRAFILATURA = "trafilatura"
DEFAULT_PRESET = "balanced"
#: groups of sets measured each in its own table ("+" joins sets into one group of pages)
DEFAULT_SETS = "aeb-dev+readability,wcxb-dev"
#: the old dev pages are small and many runs share the machine: their table shows jobs 1 and 2
DEFAULT_JOBS = [1, 2]
#: wcxb-dev (1,497 modern pages, WCXB CC-BY-4.0) is measured with one job, as issue 12 states its speed goal
WCXB_JOBS = [1]
#: the memory comparison repeats these sets' pages
MEMORY_SETS = ("aeb-dev", "readability")
#: a system ``<preset>-pure`` is the preset measured with CLEANER_PURE_PYTHON=1 (the pure-Python segment walk)
PURE = "-pure"


@dataclass(frozen=True)
class Measure:
    system: str
    jobs: int
    pages: int
    seconds: float
    parent_kb: int
    worker_kb: int
    cpu_seconds: float = 0.0

    @property
    def rate(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0

    @property
    def cpu_rate(self) -> float:
        """Pages per CPU-second (parent and workers): steadier than wall time on a shared machine."""
        return self.pages / self.cpu_seconds if self.cpu_seconds else 0.0

    @property
    def total_mb(self) -> float:
        return (self.parent_kb + self.jobs * self.worker_kb) / 1024


def trafilatura_extract(data: bytes, *, url=None, options=None, templates=None, encoding=None):
    """trafilatura's default extraction, shaped as a Document so it runs through the same batch runner."""
    import trafilatura

    from cleaner.types import Document, Metadata, Status

    text = trafilatura.extract(data, url=url) or ""
    return Document(text=text, title=None, metadata=Metadata(url=url), blocks=(), removed=(),
                    status=Status.OK if text else Status.NO_MAIN_CONTENT)


def write_pages(data_root: Path, folder: Path, count: int | None, repeat: int,
                sets: tuple[str, ...] = MEMORY_SETS) -> int:
    """The benchmark pages as files (hard links for repeats: distinct sources, no extra disk)."""
    from datasets import load_set

    pages = [p for name in sets for p in load_set(data_root, name)]
    originals = []
    for number, page in enumerate(pages):
        path = folder / "pages" / f"{number:05d}-{page.set_name}-{page.page_id}.html"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(page.html)
        originals.append(path)
    wanted = count if count is not None else len(originals) * repeat
    for n in range(len(originals), wanted):
        os.link(originals[n % len(originals)], folder / "pages" / f"{n:05d}-copy.html")
    for extra in originals[wanted:]:
        extra.unlink()
    return wanted


def measure_one(system: str, jobs: int, pages_dir: Path) -> Measure:
    """One batch run in this process (called in a fresh subprocess by ``measure``)."""
    import trafilatura  # noqa: F401 - imported before the workers fork, for both systems alike

    from cleaner.batch.inputs import discover
    from cleaner.batch.runner import BatchConfig, run_batch
    from cleaner.batch.work import default_extract
    from cleaner.options import Options

    extract = trafilatura_extract if system == TRAFILATURA else default_extract
    options = Options() if system == TRAFILATURA else Options.from_preset(system.removesuffix(PURE))
    sample = next(iter(sorted(pages_dir.iterdir())))
    extract(sample.read_bytes(), options=options)  # warm-up: lazy imports and caches, before the fork
    units = discover([str(pages_dir)])
    with tempfile.TemporaryDirectory() as out:
        cpu_before = cpu_seconds()
        started = time.monotonic()
        summary = run_batch(units, BatchConfig(out=Path(out) / "out", jobs=jobs, options=options), extract=extract)
        seconds = time.monotonic() - started
    return Measure(system, jobs, summary.total, seconds, summary.parent_peak_kb, summary.worker_peak_kb,
                   cpu_seconds() - cpu_before)


def cpu_seconds() -> float:
    """User + system CPU time of this process and of its finished (joined) children, the workers."""
    import resource

    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def measure(system: str, jobs: int, pages_dir: Path, *, dask: bool = False) -> Measure:
    command = [sys.executable, str(Path(__file__).resolve()), "--one-dask" if dask else "--one", system, str(jobs),
               str(pages_dir)]
    env = {key: value for key, value in os.environ.items() if key != "CLEANER_PURE_PYTHON"}
    env["PYTHONPATH"] = str(BENCH_DIR.parent)
    if system.endswith(PURE):
        env["CLEANER_PURE_PYTHON"] = "1"
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        raise SystemExit(f"measurement {system} jobs={jobs} failed:\n{done.stderr[-2000:]}")
    return Measure(**json.loads(done.stdout.strip().splitlines()[-1]))


def display_name(system: str) -> str:
    """``trafilatura``, ``cleaner fast``, ``cleaner fast (pure)``."""
    if system == TRAFILATURA:
        return system
    return f"cleaner {system.removesuffix(PURE)} (pure)" if system.endswith(PURE) else f"cleaner {system}"


def row(m: Measure) -> str:
    name = display_name(m.system)
    return (f"{name:<24} {m.jobs:>4} {m.pages:>6} {m.rate:>8.1f} {m.cpu_rate:>10.1f} {m.parent_kb / 1024:>9.0f} "
            f"{m.worker_kb / 1024:>9.0f} {m.total_mb:>8.0f}")


HEADER = f"{'system':<24} {'jobs':>4} {'pages':>6} {'pages/s':>8} {'pages/cpu-s':>10} {'parent MB':>9} {'worker MB':>9} {'total MB':>8}"


def speed_table(systems: list[str], jobs_list: list[int], pages_dir: Path) -> dict[tuple[str, int], Measure]:
    print(HEADER, flush=True)
    results = {}
    for jobs in jobs_list:
        for system in systems:
            results[system, jobs] = measure(system, jobs, pages_dir)
            print(row(results[system, jobs]), flush=True)
    return results


def ratios(results: dict[tuple[str, int], Measure], systems: list[str], jobs_list: list[int]) -> None:
    print("\nratios")
    for jobs in jobs_list:
        base = results.get((TRAFILATURA, jobs))
        for system in (s for s in systems if s != TRAFILATURA and base):
            mine = results[system, jobs]
            print(f"  {display_name(system)} / trafilatura, jobs {jobs}: {mine.rate / base.rate:.2f}x wall, "
                  f"{mine.cpu_rate / base.cpu_rate:.2f}x per CPU-second")
        for system in (s for s in systems if s.endswith(PURE) and (s.removesuffix(PURE), jobs) in results):
            compiled, pure = results[system.removesuffix(PURE), jobs], results[system, jobs]
            print(f"  cleaner {system.removesuffix(PURE)} compiled / pure walk, jobs {jobs}: "
                  f"{compiled.cpu_rate / pure.cpu_rate:.2f}x per CPU-second")
    if len(jobs_list) > 1:
        low, high = min(jobs_list), max(jobs_list)
        for system in systems:
            print(f"  {system}: jobs {high} / jobs {low}: {results[system, high].rate / results[system, low].rate:.2f}x")


def memory_comparison(data_root: Path, counts: list[int], preset: str, jobs: int) -> None:
    print(f"\npeak memory through the batch runner (cleaner {preset}, jobs {jobs}, pages repeated)")
    print(HEADER, flush=True)
    measured = []
    for count in counts:
        with tempfile.TemporaryDirectory() as folder:
            write_pages(data_root, Path(folder), count, 1)
            measured.append(measure(preset, jobs, Path(folder) / "pages"))
        print(row(measured[-1]), flush=True)
    first, last = measured[0], measured[-1]
    growth = (last.total_mb / first.total_mb - 1) * 100 if first.total_mb else 0.0
    print(f"  total peak {last.pages} pages vs {first.pages}: {growth:+.1f}% "
          f"(parent {last.parent_kb / max(first.parent_kb, 1) * 100 - 100:+.1f}%, "
          f"largest worker {last.worker_kb / max(first.worker_kb, 1) * 100 - 100:+.1f}%)")


def measure_dask_one(system: str, jobs: int, pages_dir: Path) -> Measure:
    """One batch through the Dask engine on a local cluster of ``jobs`` single-threaded worker processes.

    The cluster is started, and every worker has imported the pipeline and cleaned one page, before the
    clock starts, as the local pool's workers are forked from a warmed-up parent.
    """
    from cleaner.batch.inputs import discover
    from cleaner.batch.runner import BatchConfig
    from cleaner.batch.spread import run_units
    from cleaner.batch.dask_engine import dask_units
    from cleaner.options import Options

    options = Options.from_preset(system)
    sample = next(iter(sorted(pages_dir.iterdir()))).read_bytes()
    units = discover([str(pages_dir)])
    with dask_units(None, workers=jobs) as executor, tempfile.TemporaryDirectory() as out:
        executor.client.run(warm_up, sample, options)
        cpu_before = cluster_cpu_seconds(executor.client)
        started = time.monotonic()
        summary = run_units(units, BatchConfig(out=Path(out) / "out", options=options), executor)
        seconds = time.monotonic() - started
        cpu = cluster_cpu_seconds(executor.client) - cpu_before
    return Measure(f"{system} dask", jobs, summary.total, seconds, summary.parent_peak_kb, 0, cpu)


def warm_up(sample: bytes, options) -> None:
    from cleaner.batch.work import default_extract

    default_extract(sample, options=options)


def own_cpu_seconds() -> float:
    import resource

    own = resource.getrusage(resource.RUSAGE_SELF)
    return own.ru_utime + own.ru_stime


def cluster_cpu_seconds(client) -> float:
    """CPU time of this process (client and scheduler) and of every worker process."""
    return own_cpu_seconds() + sum(client.run(own_cpu_seconds).values())


def engine_comparison(pages_dir: Path, preset: str, jobs_list: list[int]) -> None:
    """Pages per second of the Dask engine next to the local engine (and trafilatura), same pages and machine."""
    print(f"{'system':<22} {'jobs':>4} {'pages':>6} {'pages/s':>8} {'pages/cpu-s':>11}", flush=True)
    for jobs in jobs_list:
        local, traf = measure(preset, jobs, pages_dir), measure(TRAFILATURA, jobs, pages_dir)
        dask = measure(preset, jobs, pages_dir, dask=True)
        for name, m in ((f"cleaner {preset} local", local), (f"cleaner {preset} dask", dask), (TRAFILATURA, traf)):
            print(f"{name:<22} {m.jobs:>4} {m.pages:>6} {m.rate:>8.1f} {m.cpu_rate:>11.1f}", flush=True)
        print(f"  jobs {jobs}: dask / local {dask.rate / local.rate:.2f}x wall, {dask.cpu_rate / local.cpu_rate:.2f}x "
              f"per CPU-second; dask / trafilatura {dask.rate / traf.rate:.2f}x wall", flush=True)


def compiled_walk_built() -> bool:
    """Whether ``cleaner`` loads its compiled segment walk here (not counting CLEANER_PURE_PYTHON)."""
    import importlib.util

    return importlib.util.find_spec("cleaner.html._segment_compiled") is not None


def int_list(text: str) -> list[int]:
    return [int(part) for part in text.split(",") if part.strip()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT_DATA, help="benchmark root (../shared/bench)")
    parser.add_argument("--presets", default=",".join(PRESETS), help="cleaner presets, comma-separated")
    parser.add_argument("--sets", default=DEFAULT_SETS,
                        help="groups of sets, comma-separated, '+' inside a group (default: %(default)s)")
    parser.add_argument("--jobs", type=int_list, default=None,
                        help="worker counts, comma-separated (default: 1,2; wcxb-dev alone: 1)")
    parser.add_argument("--pure-presets", default=None,
                        help="presets also measured on the pure-Python walk (default: all of --presets when "
                             "the compiled walk is built; '' for none)")
    parser.add_argument("--repeat", type=int, default=1, help="times each page is cleaned in the speed table")
    parser.add_argument("--memory-pages", type=int_list, default=[1000, 10000],
                        help="page counts of the memory comparison, comma-separated ('' to skip)")
    parser.add_argument("--memory-jobs", type=int, default=2)
    parser.add_argument("--memory-preset", default=DEFAULT_PRESET, choices=PRESETS)
    parser.add_argument("--engine", choices=("local", "dask"), default="local",
                        help="dask: only compare the Dask engine with the local one (needs cleaner[dask])")
    parser.add_argument("--one", nargs=3, metavar=("SYSTEM", "JOBS", "PAGES_DIR"), help=argparse.SUPPRESS)
    parser.add_argument("--one-dask", nargs=3, metavar=("SYSTEM", "JOBS", "PAGES_DIR"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one or args.one_dask:
        one = measure_one if args.one else measure_dask_one
        system, jobs, pages_dir = args.one or args.one_dask
        print(json.dumps(asdict(one(system, int(jobs), Path(pages_dir)))))
        return 0
    if args.engine == "dask":
        with tempfile.TemporaryDirectory() as folder:
            count = write_pages(args.path, Path(folder), None, args.repeat)
            print(f"{count} pages from {args.path} (aeb-dev + readability), {os.cpu_count()} cores\n")
            preset = DEFAULT_PRESET if args.presets == ",".join(PRESETS) else args.presets.split(",")[0]
            engine_comparison(Path(folder) / "pages", preset, args.jobs)
        return 0
    presets = [p for p in args.presets.split(",") if p]
    pure = presets if args.pure_presets is None and compiled_walk_built() else \
        [p for p in (args.pure_presets or "").split(",") if p]
    systems = [*(s for p in presets for s in (p, *((p + PURE,) if p in pure else ()))), TRAFILATURA]
    print(f"segment walk: {'compiled' if compiled_walk_built() else 'pure Python (the compiled one is not built)'}")
    for group in (tuple(g.split("+")) for g in args.sets.split(",") if g.strip()):
        jobs = args.jobs or (WCXB_JOBS if group == ("wcxb-dev",) else DEFAULT_JOBS)
        with tempfile.TemporaryDirectory() as folder:
            count = write_pages(args.path, Path(folder), None, args.repeat, group)
            print(f"{count} pages from {args.path} ({' + '.join(group)}), {os.cpu_count()} cores\n")
            results = speed_table(systems, jobs, Path(folder) / "pages")
        ratios(results, systems, jobs)
        print()
    if args.memory_pages:
        memory_comparison(args.path, args.memory_pages, args.memory_preset, args.memory_jobs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
