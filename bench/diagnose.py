"""Error analysis for the worst pages: which truth lines are missing, which predicted lines leaked in, and
which label cleaner's classifier gave the block each leaked line came from.

Line-level view of the shingle metric: a line counts as missing (or extra) when most of its shingles are
absent from the other text. Labels come from ``cleaner.pipeline.analyse`` when the pipeline provides it.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from datasets import Page
from metric import shingles, tokenize

#: a line is reported when at least this share of its shingles is absent from the other side; a half keeps
#: lines that were cut in two out of the report while catching lines that are plainly missing or extra
ABSENT_SHARE = 0.5
#: lines shown per side and page, and characters shown per line, so a report stays readable
MAX_LINES = 10
MAX_CHARS = 150


@dataclass(frozen=True)
class LineDiff:
    """Truth lines absent from the prediction, and predicted lines absent from the truth."""

    missing: tuple[str, ...]
    extra: tuple[str, ...]


def _present(text: str) -> tuple[set[tuple[str, ...]], str]:
    tokens = tokenize(text)
    return set(shingles(tokens)), " " + " ".join(tokens) + " "


def _absent_lines(text: str, other: str) -> tuple[str, ...]:
    other_shingles, other_joined = _present(other)
    found = []
    for line in (ln.strip() for ln in text.splitlines()):
        tokens = tokenize(line)
        if not tokens:
            continue
        if len(tokens) < 4:  # too short for a 4-shingle: look for the token run itself
            absent = f" {' '.join(tokens)} " not in other_joined
        else:
            line_shingles = list(shingles(tokens).elements())
            absent = sum(s not in other_shingles for s in line_shingles) >= ABSENT_SHARE * len(line_shingles)
        if absent:
            found.append(line)
    return tuple(found)


def line_diff(truth: str, prediction: str) -> LineDiff:
    return LineDiff(missing=_absent_lines(truth, prediction), extra=_absent_lines(prediction, truth))


def shorten(line: str, limit: int = MAX_CHARS) -> str:
    return line if len(line) <= limit else line[:limit - 1] + "…"


def _segment_label(line: str, segments: Sequence[object]) -> str:
    """The label and rule of the analysed segment the leaked line overlaps most."""
    line_shingles = set(shingles(tokenize(line)))
    best, best_overlap = None, 0
    for segment in segments:
        overlap = len(line_shingles & set(shingles(tokenize(getattr(segment, "text", "")))))
        if overlap > best_overlap:
            best, best_overlap = segment, overlap
    if best is None:
        return "no block found"
    label = getattr(best, "label", None)
    name = getattr(label, "value", label) or "content"
    kept = "kept" if getattr(best, "kept", True) else "removed"
    rule = getattr(best, "rule", "") or "-"
    return f"{name}, {kept}, rule {rule}"


def analyse_segments(page: Page, preset: str) -> tuple[Sequence[object] | None, str]:
    """cleaner's labelled segments of the page, or None with the reason they are not available."""
    try:
        import cleaner
        from cleaner.pipeline import analyse
    except ImportError:
        return None, "no analysis available (cleaner.pipeline.analyse does not exist yet)"
    try:
        result = analyse(page.html, url=page.url, options=cleaner.Options.from_preset(preset))
    except Exception as exc:  # noqa: BLE001 - a report, not a judgement: say why and go on
        return None, f"no analysis available ({type(exc).__name__}: {exc})"
    return tuple(getattr(result, "segments", ())), ""


def _side(title: str, lines: Sequence[str], notes: Sequence[str] = ()) -> list[str]:
    tokens = sum(len(tokenize(line)) for line in lines)
    out = [f"  {title}: {len(lines)} lines, {tokens} tokens"]
    for i, line in enumerate(lines[:MAX_LINES]):
        note = f"  [{notes[i]}]" if i < len(notes) else ""
        out.append(f"    - {shorten(line)}{note}")
    if len(lines) > MAX_LINES:
        out.append(f"    … and {len(lines) - MAX_LINES} more lines")
    return out


def report_page(page: Page, prediction: str, f1: float, preset: str) -> str:
    """The error report of one page: missing text, then extra text with the label of its block."""
    diff = line_diff(page.truth, prediction)
    header = f"== {page.set_name}/{page.page_id}  F1 {f1:.3f}" + (f"  {page.url}" if page.url else "")
    lines = [header]
    lines += _side("MISSING (in truth, not returned)", diff.missing)
    notes: list[str] = []
    if diff.extra:
        segments, why = analyse_segments(page, preset)
        if segments is None:
            lines.append(f"  ({why})")
        else:
            notes = [_segment_label(line, segments) for line in diff.extra[:MAX_LINES]]
    lines += _side("EXTRA (returned, not in truth)", diff.extra, notes)
    return "\n".join(lines)
