#!/usr/bin/env python
"""Mutational fuzzer: broken versions of the fixture and benchmark pages through extract and clean_text.

    python bench/fuzz.py --count 100000 --jobs 2          # ../shared/bench and fixtures/
    python bench/fuzz.py PATH --count 2000 --seed 7 --time-limit 2
    python bench/fuzz.py --replay 1234 --seed 1 --save cases/   # write case 1234 to a file and run it alone

Each case takes a page (a fixture page, a benchmark page, or a scraped text) and applies one to three
mutations: truncation, random bytes, deep nesting, huge attributes, odd encodings and wrong charset labels,
entity bombs, tag soup, control characters and surrogates, junk declarations, broken comments and CDATA,
splices of two pages, and repeated chunks. It runs with a random preset and ``Options(time_limit=...)``.
A case is deterministic from (seed, index), so any failure can be replayed.

Reported: *crashes* (an exception that is not a ``CleanerError``, or an ``ExtractionError`` wrapping an
internal error: the boundary keeps a traceback from the caller, but it is still a bug), documents *over the
time limit* (the call ran on more than ``max(1 s, half the limit)`` past it, or its worker had to be killed),
and *unsafe output* (``to_html()`` that does not read back inert, see htmlsafety.py, or text
that cannot be written as UTF-8 JSON). Cases run in worker processes (cleaner's batch pool), so a crash of
the interpreter or a hang is one failed case.

Whether a call ran past the limit is judged by the CPU time it used (its process's, parse threads included),
not by wall time: on a machine shared with other work a process waits for a core, and wall time then measures
the machine. A call that used more CPU time than the limit plus the allowance would have run over it on a
machine of its own (its wall time would be at least that); one that used less would not. Calls over by wall
time are counted too, and printed beside.
"""
from __future__ import annotations

import argparse
import gzip
import json
import random
import signal
import sys
import threading
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
sys.path.insert(1, str(ROOT))  # this checkout's package, even without an install
sys.path.insert(1, str(BENCH_DIR))
DEFAULT_DATA = ROOT.parent / "shared" / "bench"

from mutations import HTML_MUTATIONS, TEXT_MUTATIONS, mutate  # noqa: E402

#: Seconds past the time limit a call may take before it counts as over it: the limit is checked inside
#: loops, and a step that cannot check (one lxml parse) may run on a little; on a shared machine a process
#: also waits for a core now and then.
def allowed_overrun(limit: float) -> float:
    return max(1.0, 0.5 * limit)


#: A worker is killed this many seconds after a case started: a case still running then has hung.
def hard_timeout(limit: float) -> float:
    return 3 * limit + 60


#: A page is cut to its first this many bytes before it is mutated: its head and, mostly, its article. Whole
#: pages of several hundred kilobytes made a case cost ten times more without finding anything a cut page does
#: not; large and huge pages are covered by tests/test_robustness.py and bench/memory.py.
MAX_BASE_BYTES = 100_000


def corpus(data_root: Path) -> tuple[list[Path], list[Path]]:
    """(HTML pages, text files): the fixtures, then the benchmark pages when the folder is there."""
    pages = sorted((ROOT / "fixtures" / "pages").glob("*/source.html"))
    texts = sorted((ROOT / "fixtures" / "text").glob("*.txt"))
    pages += sorted((data_root / "wcxb-dev" / "html").glob("*.html.gz"))
    pages += sorted((data_root / "aeb-dev" / "html").glob("*.html.gz"))
    pages += sorted((data_root / "readability").glob("*/source.html"))
    texts += sorted((data_root / "scraped-text-dev" / "input").glob("*.txt"))
    return pages, texts


def read(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.suffix == ".gz" else data


def make_case(seed: int, index: int, pages: list[Path], texts: list[Path]) -> tuple[str, bytes | str, str, list[str]]:
    """(path kind "html" or "text", input, preset, mutations applied) of case ``index``."""
    from cleaner.options import Preset

    rng = random.Random(f"{seed}:{index}")
    preset = rng.choice([p.value for p in Preset])
    if rng.random() < 0.2 and texts:
        kind, source = "text", rng.choice(texts)
        names = rng.sample(sorted(TEXT_MUTATIONS), rng.randint(1, 3))
    else:
        # Fixture pages are few: one case in four uses one, so every page of the benchmark also gets its turn.
        kind = "html"
        fixtures = [p for p in pages if "fixtures" in p.parts]
        source = rng.choice(fixtures if rng.random() < 0.25 or len(fixtures) == len(pages) else pages)
        names = rng.sample(sorted(HTML_MUTATIONS), rng.randint(1, 3))
    data: bytes | str = read(source)[:MAX_BASE_BYTES]
    if rng.random() < 0.1 and kind == "html":
        names.append("splice")
    data = mutate(data, names, rng, other=lambda: read(rng.choice(pages)))
    if kind == "text":
        data = data.decode("utf-8", "surrogateescape")  # undecodable bytes become lone surrogates
    elif rng.random() < 0.3 and isinstance(data, bytes):
        data = data.decode("utf-8", "surrogateescape")  # str input, with lone surrogates for undecodable bytes
    return kind, data, preset, names


def run_case(task: tuple[int, int, float, str]) -> dict:
    """Run one case in this process; a dict of what happened (sent back to the parent)."""
    return _run_case(task)


def _run_case(task: tuple[int, int, float, str]) -> dict:
    seed, index, limit, data_root = task
    from cleaner import CleanerError, ExtractionError, Options, clean_text, extract
    from htmlsafety import document_problems

    pages, texts = _corpus_of(data_root)
    kind, data, preset, names = make_case(seed, index, pages, texts)
    options = replace(Options.from_preset(preset), time_limit=limit)
    outcome: dict = {"index": index, "kind": kind, "preset": preset, "mutations": names, "size": len(data)}
    started, clock = time.monotonic(), CaseClock()
    try:
        document = extract(data, url="https://example.org/fuzz", options=options) if kind == "html" \
            else clean_text(data, options=options)
    except ExtractionError as exc:
        cause = exc.__cause__
        outcome.update(seconds=time.monotonic() - started, cpu=clock.cpu())
        if cause is not None and not isinstance(cause, CleanerError):
            outcome["crash"] = f"ExtractionError from {type(cause).__name__}: {cause}"[:300]
        else:
            outcome["status"] = "ExtractionError"
        return outcome
    except CleanerError as exc:
        outcome.update(seconds=time.monotonic() - started, cpu=clock.cpu(),
                       status=type(exc).__name__)
        return outcome
    except Exception as exc:  # noqa: BLE001 - exactly what the fuzzer is looking for
        outcome.update(seconds=time.monotonic() - started, cpu=clock.cpu(),
                       crash=f"{type(exc).__name__}: {exc}"[:300])
        return outcome
    outcome.update(seconds=time.monotonic() - started, cpu=clock.cpu(),
                   status=document.status.value)
    problems = document_problems(document)
    try:
        document.to_json().encode("utf-8")
    except (UnicodeError, ValueError) as exc:
        problems.append(f"to_json: {exc}")
    if problems:
        outcome["unsafe"] = problems[:3]
    return outcome


def _thread_cpu(ident: int | None) -> float:
    try:
        return time.clock_gettime(time.pthread_getcpuclockid(ident))
    except (AttributeError, OSError, TypeError, ValueError):  # a thread that has ended; not Linux
        return 0.0


class CaseClock:
    """The CPU time of one call: the process's, less what parses left behind by earlier cases used meanwhile
    (they go on in their threads, see cleaner/html/parse.py). One that ends during the case is charged to
    it for its last part: an error on the safe side."""

    def __init__(self) -> None:
        self.earlier = {t.ident: _thread_cpu(t.ident) for t in threading.enumerate() if t.name == "cleaner-parse"}
        self.started = time.process_time()

    def cpu(self) -> float:
        others = sum(max(0.0, _thread_cpu(ident) - before) for ident, before in self.earlier.items())
        return time.process_time() - self.started - others


_CORPUS: dict[str, tuple[list[Path], list[Path]]] = {}


def _corpus_of(data_root: str) -> tuple[list[Path], list[Path]]:
    # Listed once per worker process (a fuzzer's cache, not the library's).
    if data_root not in _CORPUS:
        _CORPUS[data_root] = corpus(Path(data_root))
    return _CORPUS[data_root]


class Tally:
    """The running totals and the first examples of each kind of failure."""

    def __init__(self) -> None:
        self.cases = 0
        self.statuses: Counter[str] = Counter()
        self.crashes: list[dict] = []
        self.over: list[dict] = []
        self.wall_over = 0
        self.unsafe: list[dict] = []
        self.slowest: dict = {}

    def add(self, outcome: dict, limit: float) -> None:
        self.cases += 1
        if "crash" in outcome:
            self.crashes.append(outcome)
        else:
            self.statuses[outcome.get("status", "?")] += 1
        wall = outcome.get("seconds", 0.0)
        if outcome.get("killed") or outcome.get("cpu", wall) > limit + allowed_overrun(limit):
            self.over.append(outcome)
        self.wall_over += wall > limit + allowed_overrun(limit)
        if outcome.get("unsafe"):
            self.unsafe.append(outcome)
        if outcome.get("seconds", 0) >= self.slowest.get("seconds", 0):
            self.slowest = outcome

    def lines(self, seed: int, limit: float, seconds: float) -> list[str]:
        out = [f"{self.cases} cases in {seconds:.0f} s ({self.cases / max(seconds, 1e-9):.1f}/s), seed {seed}, "
               f"time limit {limit} s",
               "outcomes: " + ", ".join(f"{k} {v}" for k, v in self.statuses.most_common())]
        slow = self.slowest
        if slow:
            out.append(f"slowest case: #{slow['index']} {slow.get('seconds', 0):.2f} s ({slow['kind']}, "
                       f"{slow['size']} chars/bytes, {'+'.join(slow['mutations'])})")
        out.append(f"over the limit by wall time (machine load included): {self.wall_over}")
        for name, found in (("undocumented exceptions", self.crashes), ("documents over the time limit", self.over),
                            ("unsafe outputs", self.unsafe)):
            out.append(f"{name}: {len(found)}")
            out += [f"  #{o['index']} {'+'.join(o.get('mutations', []))}: "
                    f"{o.get('crash') or o.get('unsafe') or o.get('seconds')}" for o in found[:10]]
        return out


def warm_up() -> None:
    """Do once, before the workers fork, what a process does on its first pages only: import the libraries
    that are loaded lazily (bs4 for charset detection, trafilatura, htmldate, jusText's stop lists) and compile
    their patterns. That costs a second or two once per process, not per document, and would otherwise be
    charged to the first case of every worker against its time limit."""
    from cleaner import Options, clean_text, extract
    from cleaner.decode import decode_bytes

    page = (ROOT / "fixtures" / "pages" / "news-article" / "source.html").read_bytes()
    for preset in ("balanced", "recall"):
        extract(page, options=Options.from_preset(preset))
    decode_bytes("<p>caf\u00e9 na\u00efve \u00fcber</p>".encode("cp1252") * 10)  # detection: bs4, charset_normalizer
    clean_text((ROOT / "fixtures" / "text" / "scraped-harbour.txt").read_text("utf-8"))


def _run_cases(args: argparse.Namespace, tally: Tally, started: float) -> None:
    from cleaner.batch.worker import WorkerPool

    last = started
    indexes = range(args.start, args.start + args.count)
    tasks = ((args.seed, index, args.time_limit, str(args.path)) for index in indexes)
    with WorkerPool(run_case, jobs=args.jobs, timeout=hard_timeout(args.time_limit), max_tasks=5000) as pool:
        for completed in pool.run(tasks):
            outcome = completed.result
            if outcome is None:  # the worker died or hung: the pool says which
                seed, index, _, _ = completed.task
                outcome = {"index": index, "kind": "?", "size": 0, "mutations": [],
                           "crash": f"worker: {completed.error}", "killed": completed.error == "timeout"}
            failures = len(tally.crashes) + len(tally.over) + len(tally.unsafe)
            tally.add(outcome, args.time_limit)
            if len(tally.crashes) + len(tally.over) + len(tally.unsafe) > failures:  # shown at once, for long runs
                print(f"FAILED case #{outcome['index']}: {json.dumps(outcome, default=str)[:500]}",
                      file=sys.stderr, flush=True)
            if time.monotonic() - last >= args.progress:
                last = time.monotonic()
                print(f"{tally.cases}/{args.count} cases, {len(tally.crashes)} crashes, {len(tally.over)} over the "
                      f"limit, {len(tally.unsafe)} unsafe, {tally.cases / (last - started):.1f} cases/s",
                      file=sys.stderr, flush=True)


def run(args: argparse.Namespace) -> int:
    warm_up()
    tally = Tally()
    started = time.monotonic()
    try:
        _run_cases(args, tally, started)
    except KeyboardInterrupt:  # a long run stopped by hand (or by SIGTERM, see main) still reports what it found
        print(f"interrupted after {tally.cases} cases", file=sys.stderr)
    lines = tally.lines(args.seed, args.time_limit, time.monotonic() - started)
    print("\n".join(lines))
    if args.report:
        Path(args.report).write_text(json.dumps({"summary": lines, "crashes": tally.crashes, "over": tally.over,
                                                 "unsafe": tally.unsafe}, indent=1, default=str), "utf-8")
    return 1 if tally.crashes or tally.over or tally.unsafe else 0


def replay(args: argparse.Namespace) -> int:
    pages, texts = corpus(args.path)
    kind, data, preset, names = make_case(args.seed, args.replay, pages, texts)
    print(f"case #{args.replay}: {kind}, preset {preset}, mutations {names}, {len(data)} chars/bytes")
    if args.save:
        folder = Path(args.save)
        folder.mkdir(parents=True, exist_ok=True)
        name = folder / f"case-{args.seed}-{args.replay}.{kind}"
        name.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8", "surrogatepass"))
        print(f"written to {name}")
    print(json.dumps(run_case((args.seed, args.replay, args.time_limit, str(args.path))), default=str))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT_DATA, help="benchmark root (../shared/bench)")
    parser.add_argument("--count", type=int, default=1000, help="cases to run (1000)")
    parser.add_argument("--start", type=int, default=0, help="index of the first case (0)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=2, help="worker processes (2)")
    parser.add_argument("--time-limit", type=float, default=2.0, help="Options.time_limit of every case (2 s)")
    parser.add_argument("--progress", type=float, default=30.0, help="seconds between progress lines on stderr")
    parser.add_argument("--report", help="write every failure as JSON to this file")
    parser.add_argument("--replay", type=int, help="run this one case alone and print what happened")
    parser.add_argument("--save", help="with --replay: write the case's input into this folder")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, signal.default_int_handler)  # kill PID: stop, and print the summary so far
    return replay(args) if args.replay is not None else run(args)


if __name__ == "__main__":
    sys.exit(main())
