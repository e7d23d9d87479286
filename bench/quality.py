#!/usr/bin/env python
"""Quality benchmark: cleaner and trafilatura on the same pages, in the same run, scored with the metric of
../shared/bench/README.md (bench/metric.py).

    python bench/quality.py                           # both sets: cleaner balanced, trafilatura, trafilatura-precision
    python bench/quality.py --preset balanced,fast --timing
    python bench/quality.py --errors 10               # the 10 worst pages for cleaner, missing and extra text
    python bench/quality.py --sets readability --metadata
    python bench/quality.py --gate                    # CI: cleaner only, fails below bench/floors.json
    python bench/quality.py --gate --raise-floors     # pin the figures reached as the new floors (only upwards)
    python bench/quality.py --preset none --systems full-text   # the full-page-text baseline alone
    python bench/quality.py --strip-names             # pages without class/id/role names: the text and structure alone

Exit status: 0, 1 when the gate fails, 2 on bad arguments or missing data.
"""
from __future__ import annotations

import argparse
import multiprocessing
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

BENCH_DIR = Path(__file__).resolve().parent
# the repository's own package first, so the benchmark measures this checkout even without an install
sys.path.insert(1, str(BENCH_DIR.parent))

from cleaner import CleanerError, Options
from datasets import SETS, DatasetError, Page, load_set, without_markup_names
from diagnose import analyse_page, format_report, leak_tally
from gate import DEFAULT_PRESET, Floor, FloorsError, failures, raise_floors, read_floors
from metadata_match import format_matches, match_fields
from metric import BOOTSTRAP_RESAMPLES, PageScore, SetScore, score_page, score_set
from systems import BASELINES, CLEANER_PREFIX, Prediction, predict_all, warm_up

DEFAULT_DATA = BENCH_DIR.parent.parent / "shared" / "bench"
FLOORS_PATH = BENCH_DIR / "floors.json"
#: two processes: the machine has two cores, and the run is CPU-bound
DEFAULT_JOBS = 2
DEFAULT_BASELINES = "trafilatura,trafilatura-precision"


@dataclass(frozen=True)
class Scored:
    """One system's prediction on one page with its score."""

    page: Page
    prediction: Prediction
    score: PageScore


def _csv(value: str) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip() and item.strip() != "none"]


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data", nargs="?", type=Path, default=DEFAULT_DATA,
                        help=f"benchmark folder (default: {DEFAULT_DATA})")
    parser.add_argument("--sets", default=",".join(SETS), help="comma-separated sets (default: %(default)s)")
    parser.add_argument("--preset", default="balanced",
                        help="comma-separated cleaner presets, or none (default: %(default)s)")
    parser.add_argument("--systems", "--system", default=DEFAULT_BASELINES,
                        help=f"comma-separated baselines from {', '.join(BASELINES)}, or none "
                             "(default: %(default)s)")
    parser.add_argument("--jobs", type=int, default=DEFAULT_JOBS, help="worker processes (default: %(default)s)")
    parser.add_argument("--errors", type=int, default=0, metavar="N",
                        help="show the N worst pages for cleaner with missing and extra text")
    parser.add_argument("--metadata", action="store_true",
                        help="compare title, author, date, site name, language with the expected metadata")
    parser.add_argument("--timing", action="store_true", help="print pages per second of each system")
    parser.add_argument("--gate", action="store_true",
                        help="cleaner only; exit 1 when an F1 falls below bench/floors.json")
    parser.add_argument("--raise-floors", action="store_true",
                        help="write the cleaner F1s reached as the new floors (only upwards)")
    parser.add_argument("--floors", type=Path, default=FLOORS_PATH, help="floors file (default: %(default)s)")
    parser.add_argument("--strip-names", action="store_true",
                        help="remove class, id, role, itemprop and aria-label attributes from every page first: "
                             "how well each system does where class names say nothing (not for --gate)")
    return parser.parse_args(argv)


def systems_to_run(args: argparse.Namespace, floor_presets: Sequence[str]) -> tuple[str, ...]:
    presets = list(dict.fromkeys([*floor_presets, *_csv(args.preset)])) if args.gate else _csv(args.preset)
    baselines = [] if args.gate else _csv(args.systems)
    return tuple(CLEANER_PREFIX + p for p in presets) + tuple(baselines)


def _progress(set_name: str, done: int, total: int) -> None:
    if sys.stderr.isatty():
        end = "\n" if done == total else ""
        sys.stderr.write(f"\r{set_name}: {done}/{total} pages{end}")
        sys.stderr.flush()


def run_set(pages: Sequence[Page], names: tuple[str, ...], jobs: int, want_metadata: bool) -> list[list[Scored]]:
    """Every system on every page; returns, per system, its scored pages in page order."""
    tasks = [(page, names, want_metadata) for page in pages]
    if jobs <= 1:
        warm_up(pages[0], names)
        outputs_iter = map(predict_all, tasks)
        outputs = [_tick(out, i, pages) for i, out in enumerate(outputs_iter, 1)]
    else:
        with multiprocessing.Pool(jobs, initializer=warm_up, initargs=(pages[0], names)) as pool:
            outputs = [_tick(out, i, pages) for i, out in enumerate(pool.imap(predict_all, tasks), 1)]
    return [[Scored(page, preds[k], score_page(page.truth, preds[k].text)) for page, preds in zip(pages, outputs)]
            for k in range(len(names))]


def _tick(output: tuple[Prediction, ...], done: int, pages: Sequence[Page]) -> tuple[Prediction, ...]:
    _progress(pages[0].set_name, done, len(pages))
    return output


def system_line(name: str, scored: Sequence[Scored], figures: SetScore) -> str:
    line = f"  {name:<24} {figures.line()}"
    errors = [s.prediction.error for s in scored if s.prediction.error]
    return line + (f"  errors {len(errors)} (first: {errors[0]})" if errors else "")


def timing_lines(results: dict[str, list[Scored]]) -> list[str]:
    """Pages per second of each system over all pages run, and the ratio to trafilatura's default."""
    speed = {}
    for name, scored in results.items():
        seconds = sum(s.prediction.seconds for s in scored if not s.prediction.error)
        done = sum(1 for s in scored if not s.prediction.error)
        speed[name] = done / seconds if seconds else 0.0
    reference = speed.get("trafilatura")
    lines = ["timing (CPU time inside the extraction call, after a warm-up, same pages for every system):"]
    for name, pages_per_second in speed.items():
        ratio = f"  {pages_per_second / reference:.2f}x trafilatura" if reference else ""
        lines.append(f"  {name:<24} {pages_per_second:8.1f} pages/s{ratio}")
    return lines


def error_report(results: dict[str, list[Scored]], count: int) -> list[str]:
    # cleaner's first preset; without one, the first baseline (useful to read a baseline's failures)
    cleaner = next((name for name in results if name.startswith(CLEANER_PREFIX)), next(iter(results)))
    scored = [s for s in results[cleaner] if s.score.has_precision or s.score.has_recall]
    worst = sorted(scored, key=lambda s: (s.score.f1, -(s.score.fp + s.score.fn)))[:count]
    preset = cleaner[len(CLEANER_PREFIX):] if cleaner.startswith(CLEANER_PREFIX) else DEFAULT_PRESET
    reports = [analyse_page(s.page, s.prediction.text, s.score.f1, preset) for s in worst]
    lines = [f"worst {len(worst)} pages for {cleaner}:"]
    for s, report in zip(worst, reports):
        lines.append(format_report(report))
        if s.prediction.error:
            lines.append(f"  error: {s.prediction.error}")
    tally = leak_tally(reports)
    if tally:
        lines += ["extra text on these pages by the label of the block it leaked from:", *tally]
    return lines


def metadata_lines(results: dict[str, list[Scored]]) -> list[str]:
    lines = ["metadata: share of pages matching the expected field (whitespace and case aside; "
             "only pages where it is expected):"]
    for name, scored in results.items():
        if name == "full-text":
            continue
        pairs = [(s.page.metadata, s.prediction.metadata) for s in scored if s.page.metadata is not None]
        if pairs:
            lines.append(format_matches(name, match_fields(pairs)))
    return lines if len(lines) > 1 else []


def _check_names(names: Sequence[str]) -> None:
    """Fail early on an unknown preset or baseline, before any page is run."""
    for name in names:
        if name.startswith(CLEANER_PREFIX):
            Options.from_preset(name[len(CLEANER_PREFIX):])
        elif name not in BASELINES:
            raise ValueError(f"unknown system {name!r}; choose from {', '.join(BASELINES)}")


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        floors = read_floors(args.floors) if (args.gate or args.raise_floors) else ()
        names = systems_to_run(args, [f.preset for f in floors])
        if not names:
            raise ValueError("nothing to run: give a --preset or --systems")
        if args.strip_names and (args.gate or args.raise_floors):
            raise ValueError("--strip-names is a probe; the floors are for the pages as they are")
        _check_names(names)
        sets = {name: load_set(args.data, name) for name in _csv(args.sets)}
        if args.strip_names:
            sets = {name: [without_markup_names(page) for page in pages] for name, pages in sets.items()}
    except (DatasetError, FloorsError, ValueError, CleanerError) as exc:
        print(f"quality.py: {exc}", file=sys.stderr)
        return 2

    print(f"F1 ±: standard deviation of the F1 over {BOOTSTRAP_RESAMPLES:,} bootstrap resamples of the pages; "
          "acc: exact token match; empty: pages returned empty whose truth has text")
    all_results: dict[str, list[Scored]] = {name: [] for name in names}
    reached: dict[tuple[str, str], float] = {}
    for set_name, pages in sets.items():
        if not pages:
            continue
        per_system = run_set(pages, names, max(1, args.jobs), args.metadata)
        print(f"{set_name} ({len(pages)} pages)")
        for name, scored in zip(names, per_system):
            figures = score_set([s.score for s in scored])
            print(system_line(name, scored, figures), flush=True)
            all_results[name].extend(scored)
            if name.startswith(CLEANER_PREFIX):
                reached[(set_name, name[len(CLEANER_PREFIX):])] = figures.f1

    extra: list[str] = []
    if args.metadata:
        extra += metadata_lines(all_results)
    if args.timing:
        extra += timing_lines(all_results)
    if args.errors > 0:
        extra += error_report(all_results, args.errors)
    for line in extra:
        print(line)
    crashes = [f"{s.page.set_name}/{s.page.page_id} {name} raised {s.prediction.error}"
               for name, scored in all_results.items() if name.startswith(CLEANER_PREFIX)
               for s in scored if s.prediction.error]
    return _finish_gate(args, floors, reached, crashes)


def _finish_gate(args: argparse.Namespace, floors: Sequence[Floor], reached: dict[tuple[str, str], float],
                 crashes: Sequence[str]) -> int:
    """Raise floors if asked; in gate mode, fail on an F1 below its floor or on any page where cleaner raised
    (bad input must never end in an exception)."""
    if args.raise_floors:
        data = raise_floors(args.floors, floors, reached)
        print(f"floors written to {args.floors}: {data}")
    if not args.gate:
        return 0
    failed = failures(floors, reached) + [*crashes[:5]]
    if len(crashes) > 5:
        failed.append(f"... and {len(crashes) - 5} more pages where cleaner raised")
    if failed:
        print("QUALITY GATE FAILED:\n  " + "\n  ".join(failed), file=sys.stderr)
        return 1
    print(f"quality gate passed ({len(floors)} floors)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
