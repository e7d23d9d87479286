#!/usr/bin/env python
"""Where cleaner loses the truth's words, and where it adds words that are not the truth's, on the *tune* part
of wcxb-dev (cleaner.extract) or of scraped-text-wcxb-dev (cleaner.clean_text). Never on *check*: that part is
read only to decide whether a change is kept (../shared/bench/README.md).

    python bench/recall_loss.py                               # wcxb-dev tune, balanced, a report per kind of page
    python bench/recall_loss.py --mode text                   # clean_text on scraped-text-wcxb-dev tune
    python bench/recall_loss.py --kinds forum,product --json out/loss.jsonl

Recall lost is attributed greedily, as bags of words (WCXB's metric, bench/wcxb_metric.py): the truth's words
missing from the output are taken out of each removed block in page order (its label, rule and reason, from
Document.removed); what no removed block holds is looked for in <noscript>, JSON-LD, other scripts and
<template> (which cleaner never segments), then in the rest of the page. A rule's figure is the mean over the
kind's pages of the share of the truth's words it took: the figures of a kind add up to 1 - recall. Extra words
(in the output, not in the truth) are attributed the same way to the kept blocks, by the rule that kept them,
where cleaner's analysis is at hand. Common words go to the first block holding them, so read the figures as
an estimate. WCXB: Web Content Extraction Benchmark, CC-BY-4.0, Murrough Foley.
"""
from __future__ import annotations

import argparse
import json
import multiprocessing
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Iterable, Sequence

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(1, str(BENCH_DIR.parent))

from datasets import TUNE, WCXB, DatasetError, load_set, select_part, wcxb_kinds  # noqa: E402
from loss_report import format_report  # noqa: E402
from prediction_cache import PredictionCache, default_folder, trafilatura_version  # noqa: E402
from wcxb_metric import score_bags, words  # noqa: E402

DEFAULT_DATA = BENCH_DIR.parent.parent / "shared" / "bench"
TEXT_SET = "scraped-text-wcxb-dev"
#: tags cleaner's segmentation skips whole; truth words found only there point at content it never saw
UNSEEN_PLACES = (("noscript", "//noscript"), ("json-ld", "//script[contains(@type, 'ld+json')]"),
                 ("other script", "//script[not(contains(@type, 'ld+json'))]"), ("template", "//template"))
_ELEMENT_IN_REASON = re.compile(r"\s+in\s+<[^>]*>?")
_ELEMENT = re.compile(r"<[^>]*>?")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def reason_key(reason: str) -> str:
    """A reason without the element it quotes and with numbers masked, so that reasons group across pages."""
    without = _ELEMENT.sub("<>", _ELEMENT_IN_REASON.sub("", reason or ""))
    return _NUMBER.sub("#", " ".join(without.split()))[:90]


def _take(missing: Counter[str], text: str) -> int:
    """Take the words of ``text`` out of ``missing`` (in place); how many were taken."""
    taken = words(text) & missing
    missing.subtract(taken)
    return sum(taken.values())


def _places(html: bytes, missing: Counter[str]) -> dict[str, int]:
    """The still-missing truth words found in the parts of the page that are never segmented, then elsewhere."""
    import lxml.html
    from lxml import etree

    try:
        root = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return {}
    found = {}
    for name, xpath in UNSEEN_PLACES:
        found[name] = _take(missing, " ".join(" ".join(e.itertext()) for e in root.xpath(xpath)))
    found["elsewhere in the page"] = _take(missing, " ".join(root.itertext()))
    found["not in the page"] = sum(missing.values())
    return {name: count for name, count in found.items() if count}


def _analyse_html(page, preset: str):
    """cleaner's document and, where the pipeline offers it, its block-by-block analysis."""
    import cleaner

    options = cleaner.Options.from_preset(preset)
    for module in ("cleaner.pipeline", "cleaner.html.pipeline"):
        try:
            analyse = __import__(module, fromlist=["analyse"]).analyse
        except (ImportError, AttributeError):
            continue
        result = analyse(page.html, url=page.url, options=options)
        return result.document, [s for s in result.segments if s.kept]
    return cleaner.extract(page.html, url=page.url, options=options), None


def _kept_rule(segment) -> str:
    return f"{segment.rule} ({segment.segment.kind.value})"


def page_loss(task: tuple) -> dict:
    """The recall and precision lost on one page, attributed to rules (a worker's job)."""
    mode, page, preset, reference = task
    if mode == "text":
        import cleaner

        doc, kept = cleaner.clean_text(page.html.decode("utf-8")), None
    else:
        doc, kept = _analyse_html(page, preset)
    truth, output = words(page.truth), words(doc.text)
    ref = words(reference) if reference is not None else None
    score = score_bags(truth, output)
    missing = truth - output
    rules, rules_ref, examples = Counter(), Counter(), {}
    for removed in doc.removed:
        lost = words(removed.text) & missing
        if not lost:
            continue
        key = f"{removed.rule} [{removed.label.value}] {reason_key(removed.reason)}"
        missing.subtract(lost)
        rules[key] += sum(lost.values())
        rules_ref[key] += sum((lost & ref).values()) if ref is not None else 0
        examples.setdefault(key, " ".join(removed.text.split())[:120])
    places = _places(page.html, +missing) if mode == "html" else {"no removed block": sum((+missing).values())}
    extra = output - truth
    extra_rules = Counter()
    for segment in kept or ():
        taken = words(segment.text) & extra
        if taken:
            extra.subtract(taken)
            extra_rules[_kept_rule(segment)] += sum(taken.values())
    return {"id": page.page_id, "kind": page.kind, "url": page.url, "status": doc.status.value,
            "truth_words": sum(truth.values()), "output_words": sum(output.values()),
            "p": score.precision, "r": score.recall, "f1": score.f1,
            "reference_f1": score_bags(truth, ref).f1 if ref is not None else None,
            "reference_r": score_bags(truth, ref).recall if ref is not None else None,
            "reference_empty": (not ref) if ref is not None else None,
            "extra_in_reference": sum(((output - truth) & ref).values()) if ref is not None else None,
            "rules": dict(rules), "rules_reference_kept": dict(rules_ref), "places": places,
            "extra_rules": dict(extra_rules), "removed_blocks": len(doc.removed), "examples": examples}


class _TextPage:
    """A scraped-text page shaped like datasets.Page for page_loss (the text rides in ``html``)."""

    def __init__(self, page_id: str, text: str, truth: str, kind: str) -> None:
        self.page_id, self.html, self.truth, self.kind, self.url = page_id, text.encode("utf-8"), truth, kind, None


def tune_pages(args: argparse.Namespace) -> list:
    kinds = set(args.kinds.split(",")) if args.kinds else None
    if args.mode == "text":
        folder = args.data / TEXT_SET
        truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
        kind_of = wcxb_kinds(args.data)
        pages = [_TextPage(i, (folder / "input" / f"{i}.txt").read_text(encoding="utf-8"), truth[i], kind_of[i])
                 for i in sorted(truth) if int(i) % 3 != 0]
    else:
        pages = select_part(load_set(args.data, WCXB), TUNE)
    return [p for p in pages if kinds is None or p.kind in kinds]


def references(args: argparse.Namespace, pages: Sequence) -> list[str | None]:
    """What each page is compared with: trafilatura's output (from its cache, computed where missing), or the
    scraped text itself in text mode."""
    if args.mode == "text":
        return [p.html.decode("utf-8") for p in pages]
    from systems import predict

    cache = PredictionCache(args.cache, trafilatura_version())
    out = []
    for page in pages:
        hit = cache.get(args.reference, page, False)
        if hit is None:
            hit = predict(args.reference, page)
            cache.put(args.reference, page, hit)
        out.append(hit.text)
    cache.save()
    return out


def run(args: argparse.Namespace) -> list[dict]:
    pages = tune_pages(args)
    tasks = [(args.mode, page, args.preset, ref) for page, ref in zip(pages, references(args, pages))]
    if args.jobs <= 1:
        return [page_loss(task) for task in tasks]
    with multiprocessing.Pool(args.jobs) as pool:
        return list(pool.imap(page_loss, tasks, chunksize=4))


def parse_args(argv: Iterable[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data", nargs="?", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--mode", choices=("html", "text"), default="html")
    parser.add_argument("--preset", default="balanced")
    parser.add_argument("--reference", default="trafilatura-nocomments",
                        help="the trafilatura system compared with (html mode; default: %(default)s)")
    parser.add_argument("--kinds", default="", help="comma-separated kinds of page (default: all)")
    parser.add_argument("--top", type=int, default=12, help="rules shown per kind")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--json", type=Path, help="also write the per-page records as JSONL")
    parser.add_argument("--cache", type=Path, default=default_folder())
    return parser.parse_args(list(argv) if argv is not None else None)


def main(argv: Iterable[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        records = run(args)
    except (DatasetError, OSError, KeyError, ValueError) as exc:
        print(f"recall_loss.py: {exc}", file=sys.stderr)
        return 2
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    reference = "the scraped text as is" if args.mode == "text" else args.reference
    print("\n".join(format_report(records, reference=reference, top=args.top)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
