"""The learned block scorer tried for issue 3 item 4 (not shipped: see bench/train_scorer.py for the figures).

Where trafilatura keeps a block that our extractor leaves out (or the reverse), the combination rules in
``cleaner.html.combine`` decide with hand-set thresholds. This module scores such a block with a logistic
regression over cheap, general signals (what each extractor said, where the block sits, how it reads) and
turns the score into a decision whose reason names the strongest signals. It is written as the package
module would have been (pure Python, a dot product of about 50 numbers per scored block, reasons for
people), so that it can be moved into ``cleaner/`` if a later version of the rules leaves room for it.
Nothing here names a site or a string.
"""
from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from cleaner.html.classify import Verdict
from cleaner.html.decisions import Decision, is_caption, within
from cleaner.html.extractors.candidate import Candidate
from cleaner.html.extractors.heuristic import is_confident
from cleaner.html.refine import group_counts
from cleaner.html.segment import Segment
from cleaner.types import BlockKind, Label

#: Rules of the combination that decide a disagreement with a hand-set threshold: the scorer may revise
#: them. Strong markup verdicts, hidden text and the run-level passes of ``refine`` (whole groups, titles,
#: duplicates, teaser runs) stay as they are: they see more than one block and are right far more often.
SCORED_RULES = frozenset({"trafilatura", "heuristic-rescue", "second-part", "outside-article",
                          "linky-outside-article", "caption", "markup", "weak-hint", "link-density"})
#: Blocks further than this (in reading order) from a block both extractors keep count as this far.
MAX_GAP = 30
#: Length scale for the log-length feature: log1p(chars) / log1p(LENGTH_SCALE) is 1 at this many chars.
LENGTH_SCALE = 2000
#: The ratio of trafilatura's kept text to ours is clipped to [1/RATIO_CLIP, RATIO_CLIP] before its log.
RATIO_CLIP = 8.0
#: How many signals a reason names.
REASON_SIGNALS = 3

_KINDS = tuple(BlockKind)
_RULES = tuple(sorted(SCORED_RULES))
_LABELS = tuple(Label)
_SENTENCE_ENDS = (".", "!", "?", "\"", "”", "»", "…", ":", ")")

#: Feature names, in the order of the model's weights, with how a reason reads each one. A ``{}`` in the
#: wording is filled with the block's value.
FEATURES: tuple[tuple[str, str], ...] = (
    ("by_trafilatura", "kept by trafilatura"),
    ("by_ours", "kept by our extractor"),
    ("in_our_container", "inside our article container"),
    ("in_our_core", "inside our best-scored element"),
    ("in_trafilatura_core", "inside trafilatura's article container"),
    ("rules_keep", "the combination rules keep it"),
    ("prose", "prose {:.2f}"),
    ("strong", "explicit markup or wording"),
    ("hint", "weak class hint"),
    ("log_length", "{:.0f} chars"),
    ("link_density", "link density {:.2f}"),
    ("heading_level", "heading level {:.0f}"),
    ("caption", "caption or photo credit"),
    ("position", "at {:.0%} of the page"),
    ("gap_both", "{:.0f} blocks from text both extractors keep"),
    ("next_to_both", "next to a block both extractors keep"),
    ("ends_sentence", "ends like a sentence"),
    ("inside_form", "inside a form"),
    ("group_kept", "{:.0%} of its list or table kept"),
    ("trafilatura_vs_ours", "trafilatura keeps {:.1f}x our text"),
    ("our_prose_share", "our container holds {:.0%} of the page's prose"),
    ("confident", "our extractor is confident on this page"),
    ("prose_if_trafilatura", "kept by trafilatura and prose {:.2f}"),
    ("prose_if_ours", "kept by our extractor and prose {:.2f}"),
    *((f"rule_{r}", f"rule '{r}' decided it") for r in _RULES),
    *((f"kind_{k.value}", f"a {k.value}") for k in _KINDS),
    *((f"label_{lab.value}", f"classified {lab.value}") for lab in _LABELS),
)
FEATURE_NAMES = tuple(name for name, _ in FEATURES)
_WORDING = dict(FEATURES)


@dataclass(frozen=True)
class Model:
    """Logistic regression on centred features: p = sigmoid(bias + sum w_i (x_i - mean_i))."""

    bias: float
    weights: tuple[float, ...]
    means: tuple[float, ...]
    threshold: float = 0.5
    #: the rules' decision is only overturned when the probability is this far past the threshold
    margin: float = 0.0

    def contributions(self, features: Sequence[float]) -> list[float]:
        return [w * (x - m) for w, x, m in zip(self.weights, features, self.means)]

    def probability(self, features: Sequence[float]) -> float:
        z = self.bias + sum(self.contributions(features))
        return 1.0 / (1.0 + math.exp(-z)) if z > -60 else 0.0

    def to_json(self, extra: dict | None = None) -> dict:
        return {"features": list(FEATURE_NAMES), "bias": self.bias, "weights": list(self.weights),
                "means": list(self.means), "threshold": self.threshold, "margin": self.margin, **(extra or {})}

    @staticmethod
    def from_json(data: dict) -> "Model":
        if list(data["features"]) != list(FEATURE_NAMES):
            raise ValueError("block scorer data does not match this version's features; rebuild it with "
                             "bench/train_scorer.py")
        return Model(float(data["bias"]), tuple(map(float, data["weights"])), tuple(map(float, data["means"])),
                     float(data.get("threshold", 0.5)), float(data.get("margin", 0.0)))


def load_model(path: Path) -> Model:
    """A model written by ``bench/train_scorer.py train --out``."""
    return Model.from_json(json.loads(path.read_text(encoding="utf-8")))


@dataclass(frozen=True)
class PageContext:
    """What every block's features need from the whole page, computed once."""

    both: tuple[int, ...]  # indexes kept by both extractors, ascending
    trafilatura_core: str
    group_kept: dict[int, float]
    ratio: float
    count: int


def page_context(segments: Sequence[Segment], heuristic: Candidate, trafilatura: Candidate,
                 decisions: Sequence[Decision], trafilatura_core: str) -> PageContext:
    both = tuple(sorted(heuristic.kept & trafilatura.kept))
    kept, size = group_counts(segments, decisions)
    traf_chars = sum(segments[i].length for i in trafilatura.kept)
    ours_chars = sum(segments[i].length for i in heuristic.kept)
    ratio = min(RATIO_CLIP, max(1 / RATIO_CLIP, (traf_chars + 1) / (ours_chars + 1)))
    return PageContext(both, trafilatura_core, {g: kept[g] / size[g] for g in size}, ratio, len(segments))


def _gap(index: int, both: tuple[int, ...]) -> int:
    """Blocks between ``index`` and the nearest block both extractors keep (MAX_GAP when none)."""
    from bisect import bisect_left

    at = bisect_left(both, index)
    gaps = [abs(both[j] - index) for j in (at - 1, at) if 0 <= j < len(both)]
    return min([MAX_GAP, *gaps])


def block_features(segment: Segment, verdict: Verdict, decision: Decision, heuristic: Candidate,
                   trafilatura: Candidate, page: PageContext) -> list[float]:
    """The block's signals in FEATURE_NAMES order, each scaled to about 0..1."""
    i = segment.index
    gap = _gap(i, page.both)
    values = [
        float(i in trafilatura.kept), float(i in heuristic.kept),
        float(within(segment.path, heuristic.container)), float(within(segment.path, heuristic.core)),
        float(within(segment.path, page.trafilatura_core)), float(decision.keep),
        verdict.prose, float(verdict.strong), float(verdict.hint is not None),
        math.log1p(segment.length) / math.log1p(LENGTH_SCALE), segment.link_density,
        segment.heading_level / 6, float(is_caption(segment)), i / max(1, page.count - 1),
        math.log1p(gap) / math.log1p(MAX_GAP), float(gap == 1),
        float(segment.text.rstrip().endswith(_SENTENCE_ENDS)), float(segment.inside_form),
        page.group_kept.get(segment.group, 0.0) if segment.group >= 0 else 0.0,
        math.log(page.ratio) / math.log(RATIO_CLIP), heuristic.prose_share,
    ]
    by_traf = i in trafilatura.kept
    values += [float(is_confident(heuristic)), verdict.prose * by_traf, verdict.prose * (i in heuristic.kept)]
    values += [float(decision.rule == r) for r in _RULES]
    values += [float(segment.kind is k) for k in _KINDS]
    values += [float(verdict.label is lab) for lab in _LABELS]
    return values


def _display(name: str, value: float) -> float:
    """The block's value as its reason states it (undo the 0..1 scaling)."""
    if name == "log_length":
        return math.expm1(value * math.log1p(LENGTH_SCALE))
    if name == "heading_level":
        return value * 6
    if name == "gap_both":
        return math.expm1(value * math.log1p(MAX_GAP))
    if name == "trafilatura_vs_ours":
        return math.exp(value * math.log(RATIO_CLIP))
    return value


def explain(model: Model, features: Sequence[float], probability: float, count: int = REASON_SIGNALS) -> str:
    """``scorer 0.82: kept by trafilatura (+1.3), prose 0.74 (+0.9)``: the signals that pushed the score
    most towards the decision taken, with their weight in log-odds."""
    keep = probability >= model.threshold
    parts = sorted(zip(model.contributions(features), FEATURE_NAMES, features),
                   key=lambda item: -item[0] if keep else item[0])
    named = []
    for contribution, name, value in parts[:count]:
        if (contribution > 0) != keep or abs(contribution) < 0.05:
            break
        wording = _WORDING[name]
        shown = wording.format(_display(name, value)) if "{" in wording else wording
        if "{" not in wording and value < 0.5:
            shown = f"not {shown}"  # a missing yes/no signal counts too (not kept by trafilatura)
        named.append(f"{shown} ({contribution:+.1f})")
    return f"scorer {probability:.2f}: " + (", ".join(named) if named else "no single strong signal")


def scorable(segment: Segment, decision: Decision, heuristic: Candidate, trafilatura: Candidate) -> bool:
    """A block the scorer may decide: our extractor and trafilatura disagree about it, and a weak rule
    decided it."""
    i = segment.index
    return not segment.hidden and (i in heuristic.kept) != (i in trafilatura.kept) \
        and decision.rule in SCORED_RULES


def rescore(segments: Sequence[Segment], verdicts: Sequence[Verdict], heuristic: Candidate,
            trafilatura: Candidate, decisions: list[Decision], trafilatura_core: str,
            model: Model) -> list[Decision]:
    """The decisions with every scorable block decided by the model (rule "scorer")."""
    page: PageContext | None = None
    result = list(decisions)
    for segment, verdict, decision in zip(segments, verdicts, decisions):
        if not scorable(segment, decision, heuristic, trafilatura):
            continue
        page = page or page_context(segments, heuristic, trafilatura, decisions, trafilatura_core)
        features = block_features(segment, verdict, decision, heuristic, trafilatura, page)
        probability = model.probability(features)
        keep = probability >= model.threshold
        if keep == decision.keep or abs(probability - model.threshold) < model.margin:
            continue
        reason = explain(model, features, probability)
        label = None if keep else (verdict.label or verdict.hint or Label.OTHER)
        result[segment.index] = Decision(segment.index, keep, label, "scorer", reason)
    return result
