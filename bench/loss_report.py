"""The report of bench/recall_loss.py: per kind of page, the rules that took the most truth words, the truth
words cleaner never saw, where precision goes, and the pages that came back empty. Pure formatting."""
from __future__ import annotations

from collections import Counter, defaultdict
from typing import Sequence
from urllib.parse import urlsplit

from wcxb_report import ordered_kinds

#: a rule "hurts" a page when it takes at least this share of the page's truth words
PAGE_SHARE = 0.01
EXAMPLES_SHOWN = 5


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def _shares(records: Sequence[dict], field: str, total: str) -> tuple[Counter, Counter]:
    """Per key of ``field``: the mean over pages of its count / the page's ``total``, and pages over PAGE_SHARE."""
    mean, pages = Counter(), Counter()
    for record in records:
        size = record[total]
        for key, count in record[field].items():
            share = count / size if size else 0.0
            mean[key] += share / len(records)
            pages[key] += share >= PAGE_SHARE
    return mean, pages


def _coarse(shares: Counter) -> Counter:
    """The shares summed by rule name alone (the first word of the key)."""
    out = Counter()
    for key, value in shares.items():
        out[key.split(" ", 1)[0]] += value
    return out


def _head(kind: str, records: Sequence[dict], reference: str) -> list[str]:
    empty = [r for r in records if r["output_words"] == 0 and r["truth_words"]]
    ref_f1 = [r["reference_f1"] for r in records if r["reference_f1"] is not None]
    ref_r = [r["reference_r"] for r in records if r["reference_r"] is not None]
    ref_empty = sum(bool(r["reference_empty"]) and r["truth_words"] > 0 for r in records)
    line = (f"cleaner P {_mean([r['p'] for r in records]):.3f} R {_mean([r['r'] for r in records]):.3f} "
            f"F1 {_mean([r['f1'] for r in records]):.3f}")
    if ref_f1:
        line += f"; {reference} R {_mean(ref_r):.3f} F1 {_mean(ref_f1):.3f}"
    return [f"## {kind}: {len(records)} tune pages", "", f"{line}; empty with truth: cleaner {len(empty)}"
            + (f", {reference} {ref_empty}" if ref_f1 else ""), ""]


def _recall_lines(records: Sequence[dict], top: int, with_reference: bool) -> list[str]:
    shares, pages = _shares(records, "rules", "truth_words")
    kept_by_ref, _ = _shares(records, "rules_reference_kept", "truth_words")
    places, place_pages = _shares(records, "places", "truth_words")
    lost = 1 - _mean([r["r"] for r in records])
    lines = [f"recall lost {lost:.3f}; by removing rule [label] reason (mean share of the truth's words, "
             f"pages where >= {PAGE_SHARE:.0%}" + (", of it kept by the reference" if with_reference else "") + "):",
             ""]
    for key, share in shares.most_common(top):
        ref = f"  {kept_by_ref[key]:.3f}" if with_reference else ""
        lines.append(f"    {share:.3f}  {pages[key]:4d} pages{ref}  {key}")
    lines += ["", "  by rule alone: " + ", ".join(f"{k} {v:.3f}" for k, v in _coarse(shares).most_common(8)),
              "  in no removed block: " + ", ".join(f"{k} {v:.3f} ({place_pages[k]} pages)"
                                                    for k, v in places.most_common()), ""]
    return lines


def _precision_lines(records: Sequence[dict], top: int, reference: str) -> list[str]:
    with_output = [r for r in records if r["output_words"]]
    shares, pages = _shares(with_output, "extra_rules", "output_words")
    lost = 1 - _mean([r["p"] for r in with_output])
    extra = sum(r["output_words"] * (1 - r["p"]) for r in with_output)
    shared = sum(r["extra_in_reference"] or 0 for r in with_output)
    lines = [f"precision lost {lost:.3f} on the {len(with_output)} pages with output; extra words by the rule that "
             f"kept them (mean share of the output's words, pages where >= {PAGE_SHARE:.0%}):", ""]
    lines += [f"    {share:.3f}  {pages[key]:4d} pages  {key}" for key, share in shares.most_common(top)]
    if any(r["extra_in_reference"] is not None for r in with_output) and extra:
        lines.append(f"  of the extra words, {shared / extra:.0%} are in {reference}'s output too")
    return lines + [""]


def _examples(records: Sequence[dict]) -> list[str]:
    shares, _ = _shares(records, "rules", "truth_words")
    lines = ["examples of text removed by the top rules (tune pages):", ""]
    for key, _share in shares.most_common(EXAMPLES_SHOWN):
        worst = max(records, key=lambda r: r["rules"].get(key, 0) / (r["truth_words"] or 1))
        lines.append(f"    {key}: {worst['id']} {urlsplit(worst['url'] or '').netloc} :: "
                     f"{worst['examples'].get(key, '')}")
    return lines + [""]


def _empty_lines(records: Sequence[dict]) -> list[str]:
    empty = [r for r in records if r["output_words"] == 0 and r["truth_words"]]
    if not empty:
        return []
    lines = [f"returned empty although the truth has words ({len(empty)}):", ""]
    for r in empty:
        rule = max(r["rules"], key=r["rules"].get, default="-")
        place = max(r["places"], key=r["places"].get, default="-")
        ref = f" reference F1 {r['reference_f1']:.2f}" if r["reference_f1"] is not None else ""
        lines.append(f"    {r['id']} {urlsplit(r['url'] or '').netloc} status {r['status']}, "
                     f"{r['removed_blocks']} removed blocks;{ref}; most truth words in: {rule} / {place}")
    return lines + [""]


def format_report(records: Sequence[dict], *, reference: str, top: int) -> list[str]:
    """The report, kind by kind, then all kinds together."""
    by_kind: dict[str, list[dict]] = defaultdict(list)
    for record in records:
        by_kind[record["kind"]].append(record)
    with_reference = any(r["reference_f1"] is not None for r in records)
    lines: list[str] = []
    for kind in [*ordered_kinds(by_kind), "all"]:
        chosen = records if kind == "all" else by_kind[kind]
        lines += _head(kind, chosen, reference) + _recall_lines(chosen, top, with_reference)
        lines += _precision_lines(chosen, top, reference)
        if kind != "all":
            lines += _examples(chosen) + _empty_lines(chosen)
    return lines
