"""Tables of the WCXB metric (bench/wcxb_metric.py): per part of the split (tune, check) and per kind of page,
systems side by side, the better trafilatura setting picked per part, and the difference to it.

Shared by bench/quality.py (HTML) and bench/text_quality.py (scraped text). Pure formatting, no I/O.
WCXB: Web Content Extraction Benchmark, CC-BY-4.0, Murrough Foley.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Mapping, Sequence

from datasets import PARTS
from wcxb_metric import BagScore, BagSetScore, mean_scores

#: the seven kinds of page of WCXB, in the order of issue 12's table
KINDS = ("article", "forum", "product", "collection", "listing", "documentation", "service")
KIND_HEADS = {"collection": "collect", "documentation": "docs"}
ALL = "all"
NAME_WIDTH = 26


@dataclass(frozen=True)
class Row:
    """One page's score for one system, with the page's kind and part."""

    page_id: str
    kind: str
    part: str
    score: BagScore


def ordered_kinds(kinds: Iterable[str]) -> list[str]:
    """The kinds present, in the fixed order, unknown ones last."""
    present = set(kinds)
    return [k for k in KINDS if k in present] + sorted(present - set(KINDS))


def _select(rows: Sequence[Row], part: str, kind: str | None = None) -> list[BagScore]:
    return [r.score for r in rows if (part == ALL or r.part == part) and (kind is None or r.kind == kind)]


def figures(rows: Sequence[Row], part: str, kind: str | None = None) -> BagSetScore:
    """The set figures of one part (or ``all``), optionally of one kind of page."""
    return mean_scores(_select(rows, part, kind))


def best_of(results: Mapping[str, Sequence[Row]], candidates: Sequence[str], part: str) -> str | None:
    """The candidate with the highest mean F1 on the part (issue 12 compares with the better trafilatura)."""
    present = [name for name in candidates if name in results and _select(results[name], part)]
    return max(present, key=lambda name: figures(results[name], part).f1, default=None)


def _header(kinds: Sequence[str], counts: Counter[str]) -> str:
    cells = "".join(f" {KIND_HEADS.get(k, k)[:8]:>8}" for k in kinds)
    sizes = "".join(f" {'(' + str(counts[k]) + ')':>8}" for k in kinds)
    head = f"  {'system':<{NAME_WIDTH}} {'P':>6} {'R':>6} {'F1':>6} {'±':>6} {'empty':>9} |"
    return head + cells + "\n" + " " * len(head) + sizes


def _line(name: str, rows: Sequence[Row], part: str, kinds: Sequence[str]) -> str:
    total = figures(rows, part)
    empty = f"{total.empty}({total.missed})"
    cells = "".join(f" {figures(rows, part, k).f1:8.3f}" for k in kinds)
    return (f"  {name:<{NAME_WIDTH}} {total.precision:6.3f} {total.recall:6.3f} {total.f1:6.3f} "
            f"{total.f1_error:6.3f} {empty:>9} |{cells}")


def _delta(name: str, rows: Sequence[Row], base: Sequence[Row], part: str, kinds: Sequence[str]) -> str:
    mine, theirs = figures(rows, part), figures(base, part)
    cells = "".join(f" {figures(rows, part, k).f1 - figures(base, part, k).f1:+8.3f}" for k in kinds)
    return (f"  {name:<{NAME_WIDTH}} {mine.precision - theirs.precision:+6.3f} {mine.recall - theirs.recall:+6.3f} "
            f"{mine.f1 - theirs.f1:+6.3f} {'':>6} {'':>9} |{cells}")


def part_table(set_name: str, results: Mapping[str, Sequence[Row]], part: str, *,
               reference: Sequence[str], compared: Sequence[str]) -> list[str]:
    """One part's table: every system, then each ``compared`` system minus the best ``reference`` system."""
    some = next(iter(results.values()))
    counts = Counter(r.kind for r in some if part == ALL or r.part == part)
    kinds = ordered_kinds(counts)
    lines = [f"{set_name} {part} ({sum(counts.values())} pages): mean per-page word P, R, F1 (±: standard error "
             f"of the F1); empty: pages returned empty (of which the truth has words); F1 per kind of page",
             _header(kinds, counts)]
    lines += [_line(name, rows, part, kinds) for name, rows in results.items()]
    best = best_of(results, reference, part)
    others = [n for n in compared if n in results and n != best]
    if best is not None and others:
        present = [n for n in reference if n in results]
        lines.append(f"  minus {best}:" if len(present) == 1 else
                     f"  minus the better of {', '.join(present)} on this part ({best}):")
        lines += [_delta(f"{name} - best", results[name], results[best], part, kinds) for name in others]
    return lines


def parts_present(results: Mapping[str, Sequence[Row]]) -> list[str]:
    """The parts found in the rows, in the fixed order, then ``all`` when both are there."""
    found = {r.part for rows in results.values() for r in rows}
    parts = [p for p in PARTS if p in found]
    return parts + [ALL] if len(parts) > 1 else parts


def report(set_name: str, results: Mapping[str, Sequence[Row]], *, reference: Sequence[str],
           compared: Sequence[str]) -> list[str]:
    """The tables of every part present (tune, check, then all)."""
    if not results or not any(results.values()):
        return []
    lines: list[str] = []
    for part in parts_present(results):
        lines += part_table(set_name, results, part, reference=reference, compared=compared)
    return lines


def page_type_lines(name: str, found: Sequence[tuple[str, str, str | None]]) -> list[str]:
    """Share of pages whose detected kind (``found``: kind, part, detected) is the truth's, per part and kind."""
    if not any(detected for _, _, detected in found):
        return []
    lines = [f"  {name}: page_type matching the truth's kind of page"]
    parts = [p for p in PARTS if any(part == p for _, part, _ in found)] + [ALL]
    for part in parts:
        chosen = [(kind, detected) for kind, p, detected in found if part == ALL or p == part]
        if not chosen:
            continue
        hits = sum(kind == detected for kind, detected in chosen)
        per_kind = []
        for kind in ordered_kinds(kind for kind, _ in chosen):
            of_kind = [detected for k, detected in chosen if k == kind]
            per_kind.append(f"{kind} {sum(d == kind for d in of_kind) / len(of_kind):.0%}")
        lines.append(f"    {part:<6} {hits / len(chosen):.1%} ({hits}/{len(chosen)})  " + ", ".join(per_kind))
    return lines
