#!/usr/bin/env python
"""Quality benchmark: cleaner and trafilatura on the same pages, in the same run, scored with the metric of
../shared/bench/README.md (bench/metric.py).

    python bench/quality.py                           # every set: cleaner balanced beside trafilatura's 3 settings
    python bench/quality.py --preset balanced,fast --timing
    python bench/quality.py --errors 10               # the 10 worst pages for cleaner, missing and extra text
    python bench/quality.py --sets readability --metadata
    python bench/quality.py --gate                    # CI: cleaner only, wcxb-dev's check part; floors.json
    python bench/quality.py --gate --raise-floors     # pin the figures reached as the new floors (only upwards)
    python bench/quality.py --preset none --systems full-text   # the full-page-text baseline alone
    python bench/quality.py --strip-names             # pages without class/id/role names: the text and structure alone
    python bench/quality.py --sets wcxb-dev --part tune --per-page out/tune.jsonl   # iterate on the tune part
    python bench/quality.py --sets wcxb-dev --metadata --preset balanced,fast      # with title/author/date matching
    python bench/quality.py --cross-validated         # also <preset>+cv: training pages scored out of fold
                                                      # (after python bench/train_scorer.py folds)

wcxb-dev (WCXB, CC-BY-4.0, Murrough Foley) is scored with its own metric (mean per-page word-bag F1,
bench/wcxb_metric.py), in a table per kind of page, its *tune* (id % 3 != 0) and *check* (id % 3 == 0) parts
apart, against the better of trafilatura's default and its default without comments. trafilatura's outputs
are cached on disk (bench/prediction_cache.py; --cache, --no-cache), so a run recomputes only cleaner.

Exit status: 0, 1 when the gate fails, 2 on bad arguments or missing data.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Sequence

BENCH_DIR = Path(__file__).resolve().parent
# the repository's own package first, so the benchmark measures this checkout even without an install
sys.path.insert(1, str(BENCH_DIR.parent))

from cleaner import CleanerError, Options
from datasets import ALL_SETS, CHECK, PARTS, WCXB, DatasetError, load_set, select_part, without_markup_names
from diagnose import analyse_page, format_report, leak_tally
from gate import DEFAULT_PRESET, Floor, FloorsError, failures, raise_floors, read_floors
from metadata_match import format_matches, match_fields
from metric import BOOTSTRAP_RESAMPLES, SetScore, score_set
from prediction_cache import PredictionCache, default_folder, trafilatura_version
from run_pages import Scored, run_set
from scorer_folds import FOLDS, fold_folder
from systems import BASELINES, CLEANER_PREFIX, CROSS_VALIDATED, cleaner_preset
from wcxb_output import PerPageWriter, wcxb_lines, wcxb_reached

DEFAULT_DATA = BENCH_DIR.parent.parent / "shared" / "bench"
FLOORS_PATH = BENCH_DIR / "floors.json"
#: two processes: the machine has two cores, and the run is CPU-bound
DEFAULT_JOBS = 2
DEFAULT_BASELINES = "trafilatura,trafilatura-precision,trafilatura-nocomments"


def _csv(value: str) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip() and item.strip() != "none"]


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data", nargs="?", type=Path, default=DEFAULT_DATA,
                        help=f"benchmark folder (default: {DEFAULT_DATA})")
    parser.add_argument("--sets", default=",".join(ALL_SETS), help="comma-separated sets (default: %(default)s)")
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
    parser.add_argument("--part", choices=PARTS, default=None,
                        help="only this part of wcxb-dev (other sets whole; --gate: check)")
    parser.add_argument("--per-page", type=Path, metavar="FILE",
                        help="write every page's scores (set, id, kind, part, P/R/F1 per system) as JSONL")
    parser.add_argument("--cache", type=Path, default=default_folder(),
                        help="folder of the cache of trafilatura's outputs (default: %(default)s)")
    parser.add_argument("--no-cache", action="store_true", help="recompute trafilatura's outputs")
    parser.add_argument("--floor-margin", type=float, default=0.0,
                        help="with --raise-floors: pin the figures reached minus this margin (e.g. 0.005)")
    parser.add_argument("--cross-validated", action="store_true",
                        help="also run each preset as <preset>+cv: every training page (wcxb-dev tune, aeb-dev, "
                             "readability) with the scorer models of its fold, which never saw its site "
                             "(python bench/train_scorer.py folds writes them); check pages as shipped")
    parser.add_argument("--strip-names", action="store_true",
                        help="remove class, id, role, itemprop and aria-label attributes from every page first: "
                             "how well each system does where class names say nothing (not for --gate)")
    return parser.parse_args(argv)


def systems_to_run(args: argparse.Namespace, floor_presets: Sequence[str]) -> tuple[str, ...]:
    presets = list(dict.fromkeys([*floor_presets, *_csv(args.preset)])) if args.gate else _csv(args.preset)
    baselines = [] if args.gate else _csv(args.systems)
    folded = [p + CROSS_VALIDATED for p in presets] if args.cross_validated else []
    return tuple(CLEANER_PREFIX + p for p in [*presets, *folded]) + tuple(baselines)


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
    lines = ["timing (CPU time inside the extraction call, after a warm-up, same pages for every system; "
             "trafilatura's from the run that filled its cache):"]
    for name, pages_per_second in speed.items():
        ratio = f"  {pages_per_second / reference:.2f}x trafilatura" if reference else ""
        lines.append(f"  {name:<24} {pages_per_second:8.1f} pages/s{ratio}")
    return lines


def error_report(results: dict[str, list[Scored]], count: int) -> list[str]:
    # cleaner's first preset; without one, the first baseline (useful to read a baseline's failures)
    cleaner = next((name for name in results if name.startswith(CLEANER_PREFIX)), next(iter(results)))
    # pages where both sides are empty score 1 under either metric and have nothing to show
    scored = [s for s in results[cleaner] if s.score.f1 < 1.0]
    worst = sorted(scored, key=lambda s: s.score.f1)[:count]
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


def metadata_lines(label: str, results: dict[str, list[Scored]], part: str | None = None) -> list[str]:
    """Per system, the share of pages whose found field matches the expected one (of one part of a split set
    when ``part`` is given); systems that read no metadata (full-text, trafilatura's variants) are left out."""
    lines = [f"metadata on {label}{' ' + part if part else ''}: share of pages matching the expected field "
             "(whitespace, case and punctuation aside, dates by day; only pages where the truth has it):"]
    for name, scored in results.items():
        chosen = [s for s in scored if s.page.metadata is not None and (part is None or s.page.part == part)]
        if chosen and any(s.prediction.metadata is not None for s in chosen):
            matches = [m for m in match_fields((s.page.metadata, s.prediction.metadata) for s in chosen)
                       if m.expected]
            lines.append(format_matches(name, matches))
    return lines if len(lines) > 1 else []


def _check_names(names: Sequence[str]) -> None:
    """Fail early on an unknown preset or baseline, before any page is run."""
    for name in names:
        if name.startswith(CLEANER_PREFIX):
            Options.from_preset(cleaner_preset(name)[0])
        elif name not in BASELINES:
            raise ValueError(f"unknown system {name!r}; choose from {', '.join(BASELINES)}")


def _check_folds() -> None:
    """Fail early when the models of a fold are missing (train_scorer.py folds has not been run)."""
    from cleaner.html.scorer import MODEL_FILES

    missing = [path for k in range(FOLDS) for name in MODEL_FILES.values()
               if not (path := fold_folder(k) / name).exists()]
    if missing:
        raise ValueError(f"no cross-validation models ({missing[0]} is missing): run "
                         "python bench/train_scorer.py folds first")


def _load(args: argparse.Namespace) -> dict[str, list]:
    """The chosen sets, wcxb-dev cut to the part asked for (check only for the gate)."""
    part = CHECK if args.gate and args.part is None else args.part
    sets = {name: select_part(load_set(args.data, name), part) for name in _csv(args.sets)}
    if args.strip_names:
        sets = {name: [without_markup_names(page) for page in pages] for name, pages in sets.items()}
    return sets


def _aeb_lines(set_name: str, names: Sequence[str], per_system: Sequence[Sequence[Scored]],
               reached: dict[tuple[str, str], float]) -> list[str]:
    """The shingle metric's line per system on an Article Extraction Benchmark style set."""
    lines = [f"{set_name} ({len(per_system[0])} pages)"]
    for name, scored in zip(names, per_system):
        figures = score_set([s.score for s in scored])
        lines.append(system_line(name, scored, figures))
        if name.startswith(CLEANER_PREFIX):
            reached[(set_name, name[len(CLEANER_PREFIX):])] = figures.f1
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        floors = read_floors(args.floors) if (args.gate or args.raise_floors) else ()
        names = systems_to_run(args, [f.preset for f in floors])
        if not names:
            raise ValueError("nothing to run: give a --preset or --systems")
        if (args.strip_names or args.cross_validated) and (args.gate or args.raise_floors):
            raise ValueError("--strip-names and --cross-validated are probes; the floors are for the shipped "
                             "package on the pages as they are")
        if args.cross_validated:
            _check_folds()
        _check_names(names)
        sets = _load(args)
    except (DatasetError, FloorsError, ValueError, CleanerError) as exc:
        print(f"quality.py: {exc}", file=sys.stderr)
        return 2

    cache = None if args.no_cache else PredictionCache(args.cache, trafilatura_version())
    per_page = PerPageWriter(args.per_page) if args.per_page else None
    print(f"F1 ±: standard deviation of the F1 over {BOOTSTRAP_RESAMPLES:,} bootstrap resamples of the pages; "
          "acc: exact token match; empty: pages returned empty whose truth has text")
    all_results: dict[str, list[Scored]] = {name: [] for name in names}
    reached: dict[tuple[str, str], float] = {}
    extra: list[str] = []
    for set_name, pages in sets.items():
        if not pages:
            continue
        per_system = run_set(pages, names, max(1, args.jobs), args.metadata, cache)
        results = dict(zip(names, per_system))
        if set_name == WCXB:
            lines = wcxb_lines(set_name, results)
            reached.update(wcxb_reached(set_name, results))
        else:
            lines = _aeb_lines(set_name, names, per_system, reached)
        print("\n".join(lines), flush=True)
        if args.metadata:
            parts = [p for p in PARTS if any(page.part == p for page in pages)] if set_name == WCXB else [None]
            extra += [line for part in parts for line in metadata_lines(set_name, results, part)]
        if per_page is not None:
            per_page.add(results)
        for name in names:
            all_results[name].extend(results[name])

    if per_page is not None:
        per_page.close()
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
        data = raise_floors(args.floors, floors, reached, margin=args.floor_margin)
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
