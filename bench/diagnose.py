"""Error analysis for the worst pages: which truth lines are missing, which predicted lines leaked in, and
which label cleaner's classifier gave the block each leaked line came from.

Line-level view of the shingle metric: a line counts as missing (or extra) when most of its shingles are
absent from the other text. Labels come from ``cleaner.html.pipeline.analyse`` when the pipeline provides it.
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


@dataclass(frozen=True)
class Leak:
    """A predicted line absent from the truth, with what cleaner's analysis said of the block it came from."""

    line: str
    label: str  # the block's label, "content" when it was taken as article text, or "no block found"
    kept: bool
    rule: str

    def note(self) -> str:
        return f"{self.label}, {'kept' if self.kept else 'removed'}, rule {self.rule}"


def _leaks(lines: Sequence[str], segments: Sequence[object]) -> tuple[Leak, ...]:
    """Each line matched to the analysed segment sharing the most shingles with it."""
    indexed = [(segment, set(shingles(tokenize(getattr(segment, "text", ""))))) for segment in segments]
    leaks = []
    for line in lines:
        line_shingles = set(shingles(tokenize(line)))
        best, best_overlap = None, 0
        for segment, segment_shingles in indexed:
            overlap = len(line_shingles & segment_shingles)
            if overlap > best_overlap:
                best, best_overlap = segment, overlap
        if best is None:
            leaks.append(Leak(line, "no block found", True, "-"))
            continue
        label = getattr(best, "label", None)
        leaks.append(Leak(line, getattr(label, "value", label) or "content", bool(getattr(best, "kept", True)),
                          getattr(best, "rule", "") or "-"))
    return tuple(leaks)


def analyse_segments(page: Page, preset: str) -> tuple[Sequence[object] | None, str]:
    """cleaner's labelled segments of the page, or None with the reason they are not available."""
    try:
        import cleaner
        from cleaner.html.pipeline import analyse
    except ImportError:
        return None, "no analysis available (cleaner.html.pipeline.analyse does not exist yet)"
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


@dataclass(frozen=True)
class PageReport:
    """The error analysis of one page; ``leaks`` is empty when no analysis was available (``note`` says why)."""

    page: Page
    f1: float
    diff: LineDiff
    leaks: tuple[Leak, ...]
    note: str = ""


def analyse_page(page: Page, prediction: str, f1: float, preset: str) -> PageReport:
    diff = line_diff(page.truth, prediction)
    if not diff.extra:
        return PageReport(page, f1, diff, ())
    segments, why = analyse_segments(page, preset)
    if segments is None:
        return PageReport(page, f1, diff, (), why)
    return PageReport(page, f1, diff, _leaks(diff.extra, segments))


def format_report(report: PageReport) -> str:
    """Missing text, then extra text with the label of the block each extra line came from."""
    page = report.page
    lines = [f"== {page.set_name}/{page.page_id}  F1 {report.f1:.3f}" + (f"  {page.url}" if page.url else "")]
    lines += _side("MISSING (in truth, not returned)", report.diff.missing)
    if report.note:
        lines.append(f"  ({report.note})")
    lines += _side("EXTRA (returned, not in truth)", report.diff.extra, [leak.note() for leak in report.leaks])
    return "\n".join(lines)


def leak_tally(reports: Sequence[PageReport]) -> list[str]:
    """Extra tokens by the label and rule of the block they leaked from, most first, over the reported pages."""
    tokens: dict[str, int] = {}
    for report in reports:
        for leak in report.leaks:
            key = f"{leak.label} ({'kept' if leak.kept else 'removed'}, rule {leak.rule})"
            tokens[key] = tokens.get(key, 0) + len(tokenize(leak.line))
    ranked = sorted(tokens.items(), key=lambda item: -item[1])
    return [f"  {count:6d} tokens  {key}" for key, count in ranked]
