"""The learned block scorer: a small ensemble of decision trees, read from cleaner/data/, that decides keep or
remove for every visible block from the signals of ``scorer_features`` (the block, its neighbours, its
container, the page, what our extractor, trafilatura and the combination rules did with it).

It revises the rules' decisions: where it agrees, the rules' decision stands with its rule and reason; where
it disagrees, the block is decided with rule "scorer" and a reason naming the signals that weighed most
(``scorer 0.18: not kept by trafilatura (-1.2), link density 0.71 (-0.6)``); a removed block keeps the label
the classifier gave it. Two models: ``assisted`` where trafilatura was asked, ``solo`` where it was not.
Trained by bench/train_scorer.py, which rebuilds the JSON files bit for bit.
"""
from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from cleaner.deadline import NO_DEADLINE, Deadline
from cleaner.errors import InputError
from cleaner.html.classify import Verdict
from cleaner.html.combine import core_container
from cleaner.html.decisions import Decision
from cleaner.html.extractors.candidate import Candidate
from cleaner.html.scorer_compiled import Contributions, LogOdds, tree_functions
from cleaner.html.scorer_features import CATEGORIES, LOGGED, NUMERIC, NUMERIC_NAMES, PageInputs, RawRow, raw_rows
from cleaner.html.segment import Segment
from cleaner.options import Options
from cleaner.types import Label

#: The model files in cleaner/data, by view.
MODEL_FILES = {"assisted": "scorer-assisted.json", "solo": "scorer-solo.json"}
#: How many signals a reason names.
REASON_SIGNALS = 3
#: The rule name of a decision the scorer changed.
SCORER_RULE = "scorer"
#: Rules whose decisions carry a setting the user chose: reader comments asked for (kept), captions left out
#: (removed). The scorer, trained on the default settings, leaves these decisions as they are.
KEPT_BY_SETTING = frozenset({"comments-included"})
#: A block the classifier named outright (explicit markup or wording) that the rules remove stays removed when
#: it is this short (an ad slot's label, an "Edit this page" link, a share bar), a reader comment (comments
#: under an article stay out) or a sponsor's blurb. Cross-validated on the training pages this cost 0.009 F1 on
#: wcxb-dev tune, nearly all on forum threads whose posts the classifier calls comments; without it the scorer
#: kept one-word ad labels between two paragraphs and partner blurbs written as prose. Other named labels are
#: left to the scorer: keeping only cookie notices out as well cost 0.0035 more (service pages).
MAX_NAMED_LENGTH = 40
NAMED_FOR_GOOD = frozenset({Label.COMMENTS, Label.SPONSOR})
#: A block the rules removed as all links that is shorter than this stays removed: a pair of buttons
#: ("PreviousNext"), "Edit this page". Cross-validated on the training pages it changes nothing (+0.0001 on
#: wcxb-dev tune); at 40 characters it cost card titles on collection pages.
MAX_LINK_FRAGMENT = 20
LINK_RULE = "link-density"
#: A copy of the page's title in the text is left out by convention (the title is ``Document.title``), so the
#: scorer leaves it out too, although WCXB's truths hold the headline.
REMOVED_BY_SETTING = frozenset({"caption", "title-copy"})
_WORDING = dict(NUMERIC)
_CATEGORY_WORDING = dict(CATEGORIES)
_NONE: dict[str, float] = {}


@dataclass(frozen=True)
class ScorerModel:
    """Trees over the columns of ``scorer_features.expand``: p = sigmoid(base + sum of the trees' leaves).
    A node is ``[column, threshold, left, right, value]`` (x[column] <= threshold goes left) or ``[value]``.
    ``thresholds``: per preset, (low, high): a block is kept when it scores at least ``high``, or when the rules
    keep it and it scores at least ``low``; ``preset/kind`` (``balanced/article``) holds the pair of a kind of
    page that has its own."""

    view: str
    vocabulary: dict[str, tuple[str, ...]]
    columns: tuple[str, ...]
    base: float
    trees: tuple[tuple[tuple[float, ...], ...], ...]
    thresholds: dict[str, tuple[float, float]]
    #: the trees compiled into one function of a raw row (cleaner.html.scorer_compiled)
    log_odds: LogOdds | None = field(default=None, compare=False, repr=False)
    #: ``contributions`` compiled the same way (reasons are written for every block the model revises)
    moved_by: Contributions | None = field(default=None, compare=False, repr=False)

    def threshold(self, preset: str, page_type: str = "") -> tuple[float, float]:
        return (self.thresholds.get(f"{preset}/{page_type}") or self.thresholds.get(preset)
                or self.thresholds["balanced"])

    def probability(self, row: RawRow) -> float:
        """The probability that the block of the row is article text."""
        z = self.log_odds(row.numeric, row.categories)
        return 1.0 / (1.0 + math.exp(-z)) if z > -60 else 0.0

    def contributions(self, row: RawRow) -> dict[int, float]:
        """Per column, how much the splits on it moved the log-odds along the block's paths: at each split
        on the way down every tree, the child's value less the node's."""
        return self.moved_by(row.numeric, row.categories)

    def value(self, row: RawRow, column: int) -> float:
        """The row's value in one of the model's columns (``scorer_features.expand`` for one column)."""
        if column < len(NUMERIC_NAMES):
            return row.numeric[column]
        category, _, value = self.columns[column].partition(":")
        return row.categories.get(category, _NONE).get(value, 0.0)


def model_from_json(data: dict) -> ScorerModel | None:
    """The model of a file, or None when it was trained on other numeric signals than today's (an old file)."""
    columns = tuple(data["columns"])
    if columns[:len(NUMERIC_NAMES)] != NUMERIC_NAMES:
        return None
    vocabulary = {category: tuple(values) for category, values in data["vocabulary"].items()}
    trees = tuple(tuple(tuple(node) for node in tree) for tree in data["trees"])
    return ScorerModel(data["view"], vocabulary, columns, float(data["base"]), trees,
                       {name: (float(low), float(high)) for name, (low, high) in data["thresholds"].items()},
                       *tree_functions(columns, float(data["base"]), trees))


@lru_cache(maxsize=4 * len(MODEL_FILES))  # read once per process and folder, on first use (no I/O at import)
def load_model(view: str, folder: str | None = None) -> ScorerModel | None:
    """The model of a view: the shipped one, or None when the package has none (the rules then decide alone);
    with ``folder`` (``Options.scorer_models``), the one in that folder, which must be readable and trained on
    this version's signals (else ``InputError``)."""
    if folder is not None:
        return _model_in_folder(Path(folder) / MODEL_FILES[view])
    try:
        text = resources.files("cleaner").joinpath("data", MODEL_FILES[view]).read_text(encoding="utf-8")
    except (FileNotFoundError, OSError):
        return None
    return model_from_json(json.loads(text))


def check_models(folder: str) -> None:
    """Raise ``InputError`` unless ``folder`` holds a readable model of this version for every view."""
    for view in MODEL_FILES:
        load_model(view, folder)


def _model_in_folder(path: Path) -> ScorerModel:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"cannot read the scorer model {path}: {exc.strerror or exc}") from None
    except ValueError:
        raise InputError(f"not a scorer model (not JSON): {path}") from None
    try:
        model = model_from_json(data)
    except (LookupError, TypeError, ValueError, RecursionError, SyntaxError):
        raise InputError(f"not a scorer model: {path}") from None
    if model is None:
        raise InputError(f"the scorer model {path} was trained on other signals than this version's: retrain it "
                         "with bench/train_scorer.py")
    return model


def probabilities(model: ScorerModel, rows: Sequence[RawRow]) -> list[float]:
    """Per row, the probability that the block is article text."""
    return [model.probability(row) for row in rows]


def revise(segments: Sequence[Segment], verdicts: Sequence[Verdict], heuristic: Candidate,
           trafilatura: Candidate, decisions: list[Decision], options: Options, page_type: str = "",
           deadline: Deadline = NO_DEADLINE) -> list[Decision]:
    """The combination's decisions revised by the shipped model of the view (``assisted`` when trafilatura
    was asked and answered, else ``solo``), at the preset's threshold; as they are when the scorer is off or
    no model is shipped. Raises ``TimeLimitReached`` when ``deadline`` passes (the rules' decisions stand)."""
    view = "assisted" if trafilatura.available else "solo"
    model = load_model(view, options.scorer_models) if options.block_scorer else None
    if model is None:
        return decisions
    core = core_container(segments, trafilatura.kept) if trafilatura.available else ""
    page = PageInputs(segments, verdicts, heuristic, trafilatura, decisions, core, page_type)
    return rescore(page, model, model.threshold(options.preset.value, page_type), deadline)


def rescore(page: PageInputs, model: ScorerModel, threshold: tuple[float, float],
            deadline: Deadline = NO_DEADLINE) -> list[Decision]:
    """The rules' decisions revised by the model (see ``ScorerModel.thresholds``): a block the model decides
    otherwise gets rule "scorer". When the model would keep nothing, the rules' decisions stand. A decision
    left to the rules (``_left_to_the_rules``) stands whatever the block would score, so it is not scored."""
    low, high = threshold
    result = list(page.decisions)
    settled = frozenset(d.index for d in page.decisions if _left_to_the_rules(page, d))
    for row in deadline.watch(raw_rows(page, deadline, skip=settled)):
        decision = page.decisions[row.index]
        probability = model.probability(row)
        keep = probability >= high or (decision.keep and probability >= low)
        if keep == decision.keep:
            continue
        reason = explain(model, row, probability, keep)
        verdict = page.verdicts[row.index]
        label = None if keep else (verdict.label or verdict.hint or Label.OTHER)
        result[row.index] = Decision(row.index, keep, label, SCORER_RULE, reason)
    if not any(d.keep for d in result):
        return list(page.decisions)
    return result


def _left_to_the_rules(page: PageInputs, decision: Decision) -> bool:
    """A decision the scorer does not revise: one the user's settings chose, or a removal named outright."""
    return _chosen_setting(decision) or _named_outright(page.segments[decision.index],
                                                        page.verdicts[decision.index], decision)


def _chosen_setting(decision: Decision) -> bool:
    return decision.rule in (KEPT_BY_SETTING if decision.keep else REMOVED_BY_SETTING)


def _named_outright(segment: Segment, verdict: Verdict, decision: Decision) -> bool:
    """A removed block whose removal the scorer does not overturn (see MAX_NAMED_LENGTH, MAX_LINK_FRAGMENT)."""
    if decision.keep:
        return False
    return (verdict.strong and verdict.label is not None
            and (segment.length < MAX_NAMED_LENGTH or verdict.label in NAMED_FOR_GOOD)) \
        or (decision.rule == LINK_RULE and segment.length < MAX_LINK_FRAGMENT)


def explain(model: ScorerModel, row: RawRow, probability: float, keep: bool) -> str:
    """The signals that pushed the block's score most towards the decision taken, with their log-odds."""
    moved = model.contributions(row)
    ranked = sorted(moved.items(), key=lambda item: (-item[1] if keep else item[1], item[0]))
    named = [f"{_describe(model.columns[column], model.value(row, column))} ({amount:+.1f})"
             for column, amount in ranked[:REASON_SIGNALS] if (amount > 0) == keep and abs(amount) >= 0.05]
    return f"scorer {probability:.2f}: " + (", ".join(named) if named else "no single strong signal")


def _describe(column: str, value: float) -> str:
    if column in _WORDING:
        wording = _WORDING[column]
        if "{" not in wording:
            return wording if value >= 0.5 else f"not {wording}"
        shown = math.expm1(value) if column in LOGGED else value
        return wording.format(shown)
    category, _, name = column.partition(":")
    wording = _CATEGORY_WORDING.get(category, "{}").format(name)
    return wording if value > 0 else f"not {wording}"
