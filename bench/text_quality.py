"""Quality of ``cleaner.clean_text`` on already-scraped text, beside the input left as it is (the floor).

Usage::

    .venv/bin/python bench/text_quality.py [BENCH_DIR]                      # both sets
    .venv/bin/python bench/text_quality.py --sets scraped-text-wcxb-dev --part tune --per-page out/text.jsonl
    .venv/bin/python bench/text_quality.py --set scraped-text-dev --worst 10
    .venv/bin/python bench/text_quality.py --gate                           # CI: F1 floors in text-floors.json

``BENCH_DIR`` defaults to ../shared/bench (next to the repository). A set's layout is ``input/<id>.txt`` and
``truth.json`` ``{id: expected text}``. scraped-text-dev is scored with the metric of the benchmark README
(bench/metric.py); scraped-text-wcxb-dev, the wcxb-dev pages (WCXB, CC-BY-4.0, Murrough Foley) as a naive
scraper dumps them, with WCXB's metric (bench/wcxb_metric.py) in a table per kind of page (the kind is in
wcxb-dev/ground-truth.json), its *tune* and *check* parts apart. --worst never lists *check* pages unless
--part check is given: *check* is read only to decide whether a change is kept. Takes a minute at most.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator, Sequence

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parents[1]))  # the repository, before any installed copy

from datasets import CHECK, PARTS, DatasetError, part_of, wcxb_kinds  # noqa: E402
from metric import score_page, score_set  # noqa: E402
from gate import DEFAULT_PRESET, failures, read_floors  # noqa: E402
from wcxb_metric import mean_scores, score_words  # noqa: E402
from wcxb_output import PerPageWriter, score_fields  # noqa: E402
from wcxb_report import Row, report  # noqa: E402

DEFAULT_BENCH = Path(__file__).resolve().parents[2] / "shared" / "bench"
DEFAULT_SETS = "scraped-text-dev,scraped-text-wcxb-dev"
#: the set whose pages are wcxb-dev's, scored with WCXB's metric and split into tune and check
WCXB_TEXT = "scraped-text-wcxb-dev"
CLEANED, AS_IS = "clean_text", "input as is"
#: clean_text's floors (format of floors.json): scraped-text-dev, and the *check* part of scraped-text-wcxb-dev
#: overall and per kind; pinned at the figures reached less 0.005, lowered only by a deliberate edit.
TEXT_FLOORS = Path(__file__).resolve().parent / "text-floors.json"


@dataclass(frozen=True)
class TextPage:
    page_id: str
    text: str
    truth: str
    kind: str | None = None
    part: str | None = None


def load_text_set(folder: Path, kinds: dict[str, str] | None = None) -> list[TextPage]:
    """The pages of a scraped-text set, sorted by id; with ``kinds``, each page's kind and part."""
    try:
        truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
        return [TextPage(page_id, (folder / "input" / f"{page_id}.txt").read_text(encoding="utf-8"),
                         truth[page_id], kind=kinds.get(page_id, "unknown") if kinds is not None else None,
                         part=part_of(page_id) if kinds is not None else None)
                for page_id in sorted(truth)]
    except (OSError, ValueError, KeyError) as exc:
        raise DatasetError(f"cannot read the set at {folder}: {exc}") from exc


def _aeb_lines(name: str, pages: Sequence[TextPage], cleaned: Sequence[str], elapsed: float) -> list[str]:
    return [f"{name}: {len(pages)} pages",
            f"  {CLEANED:<11} {score_set([score_page(p.truth, c) for p, c in zip(pages, cleaned)]).line()}"
            f"   ({elapsed:.1f} s)",
            f"  {AS_IS} {score_set([score_page(p.truth, p.text) for p in pages]).line()}   (floor)"]


def _scorer(name: str) -> Callable[[str, str], object]:
    return score_words if name == WCXB_TEXT else score_page


def _worst(name: str, pages: Sequence[TextPage], cleaned: Sequence[str], count: int, part: str | None) -> list[str]:
    score = _scorer(name)
    shown = [(score(p.truth, c), p) for p, c in zip(pages, cleaned) if p.part != CHECK or part == CHECK]
    ranked = sorted(shown, key=lambda pair: pair[0].f1)[:count]
    lines = [f"worst {len(ranked)} pages of clean_text on {name} (page F1, precision, recall):"]
    lines += [f"  {s.f1:.3f}  P {s.precision:.3f}  R {s.recall:.3f}  {p.page_id}  {p.kind or ''}" for s, p in ranked]
    return lines


def _scored(name: str, pages: Sequence[TextPage], cleaned: Sequence[str]) -> dict[str, list[Row]]:
    """Per system (clean_text, the input as is), each page's score under the set's metric."""
    score = _scorer(name)
    return {CLEANED: [Row(p.page_id, p.kind or "", p.part or "", score(p.truth, c)) for p, c in zip(pages, cleaned)],
            AS_IS: [Row(p.page_id, p.kind or "", p.part or "", score(p.truth, p.text)) for p in pages]}


def _records(name: str, pages: Sequence[TextPage], cleaned: Sequence[str],
             scored: dict[str, list[Row]]) -> Iterator[dict]:
    for index, (page, text) in enumerate(zip(pages, cleaned)):
        yield {"set": name, "id": page.page_id, "kind": page.kind, "part": page.part,
               "scores": {CLEANED: score_fields(scored[CLEANED][index].score, text),
                          AS_IS: score_fields(scored[AS_IS][index].score, page.text)}}


def _reached(name: str, pages: Sequence[TextPage], cleaned: Sequence[str],
              scored: dict[str, list[Row]]) -> dict[tuple[str, str], float]:
    """The F1s the floors name: the set's, or for wcxb its *check* part's, overall and per kind."""
    if name != WCXB_TEXT:
        return {(name, DEFAULT_PRESET): score_set([score_page(p.truth, c) for p, c in zip(pages, cleaned)]).f1}
    rows = [r for r in scored[CLEANED] if r.part == CHECK]
    figures = {(f"{name}/{CHECK}", DEFAULT_PRESET): mean_scores(r.score for r in rows).f1}
    for kind in sorted({r.kind for r in rows}):
        figures[(f"{name}/{CHECK}/{kind}", DEFAULT_PRESET)] = mean_scores(r.score for r in rows if r.kind == kind).f1
    return figures


def run_set(args: argparse.Namespace, name: str, writer: PerPageWriter | None,
            reached: dict[tuple[str, str], float] | None = None) -> list[str]:
    from cleaner import clean_text

    kinds = wcxb_kinds(args.bench_dir) if name == WCXB_TEXT else None
    pages = [p for p in load_text_set(args.bench_dir / name, kinds) if p.page_id.startswith(args.only)
             and (args.part is None or p.part is None or p.part == args.part)]
    started = time.perf_counter()
    cleaned = [clean_text(p.text).text for p in pages]
    elapsed = time.perf_counter() - started
    scored = _scored(name, pages, cleaned)
    if reached is not None:
        reached.update(_reached(name, pages, cleaned, scored))
    for record in (_records(name, pages, cleaned, scored) if writer is not None else ()):
        writer.write(record)
    if name == WCXB_TEXT:
        lines = report(name, scored, reference=(AS_IS,), compared=(CLEANED,)) + [f"  ({elapsed:.1f} s)"]
    else:
        lines = _aeb_lines(name, pages, cleaned, elapsed)
    return lines + (_worst(name, pages, cleaned, args.worst, args.part) if args.worst else [])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bench_dir", nargs="?", type=Path, default=DEFAULT_BENCH)
    parser.add_argument("--sets", "--set", default=DEFAULT_SETS, help="comma-separated folders under BENCH_DIR")
    parser.add_argument("--part", choices=PARTS, default=None, help="only this part of scraped-text-wcxb-dev")
    parser.add_argument("--worst", type=int, default=0, help="list this many worst pages of clean_text")
    parser.add_argument("--only", default="", help="score only pages whose id starts with this")
    parser.add_argument("--per-page", type=Path, metavar="FILE",
                        help="write every page's P/R/F1 for clean_text and the input as JSONL")
    parser.add_argument("--gate", action="store_true",
                        help="both sets whole; exit 1 when an F1 falls below bench/text-floors.json")
    args = parser.parse_args(argv)
    if args.gate and (args.part or args.only or args.sets != DEFAULT_SETS):
        parser.error("--gate scores both sets whole")
    writer = PerPageWriter(args.per_page) if args.per_page else None
    reached: dict[tuple[str, str], float] = {}
    try:
        for name in (n.strip() for n in args.sets.split(",") if n.strip()):
            print("\n".join(run_set(args, name, writer, reached)), flush=True)
    except DatasetError as exc:
        print(f"text_quality.py: {exc}", file=sys.stderr)
        return 2
    finally:
        if writer is not None:
            writer.close()
    if not args.gate:
        return 0
    floors = read_floors(TEXT_FLOORS)
    failed = failures(floors, reached, system=CLEANED)
    print("\n".join(f"text gate failed: {line}" for line in failed) or f"text gate passed ({len(floors)} floors)")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
