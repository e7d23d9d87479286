"""bench/train_scorer.py and bench/scorer_model.py: the block labels, the fit and the reasons, offline on
hand-made rows (the cross-validation itself needs ../shared/bench and is run by hand)."""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

from metric import shingles, tokenize  # noqa: E402
from scorer_model import FEATURE_NAMES, Model, explain  # noqa: E402
from train_scorer import Row, block_label, fit  # noqa: E402

TRUTH = "The council approved the new budget on Monday after a long debate about schools and roads."


def _label(text: str) -> bool:
    tokens = tokenize(TRUTH)
    return block_label(text, set(shingles(tokens)), f" {' '.join(tokens)} ")


def test_block_labels_follow_the_metric_shingles() -> None:
    assert _label("The council approved the new budget on Monday.")
    assert not _label("Subscribe to our newsletter for the latest news today.")
    assert _label("long debate")  # a short block counts when its tokens appear in a row in the truth
    assert not _label("debate long")
    assert not _label("")


def _row(signal: float, y: float) -> Row:
    x = [0.0] * len(FEATURE_NAMES)
    x[FEATURE_NAMES.index("by_trafilatura")] = signal
    return Row(x, y, 1.0, "set/page")


def test_fit_learns_a_separating_signal_and_explains_it() -> None:
    rows = [_row(1.0, 1.0)] * 20 + [_row(0.0, 0.0)] * 20
    model = fit(rows, steps=200)
    kept, dropped = rows[0].x, rows[-1].x
    assert model.probability(kept) > 0.8 > 0.2 > model.probability(dropped)
    assert fit(rows, steps=200) == model  # deterministic
    reason = explain(model, kept, model.probability(kept))
    assert reason.startswith("scorer 0.") and "kept by trafilatura (+" in reason
    assert "not kept by trafilatura (-" in explain(model, dropped, model.probability(dropped))


def test_model_round_trips_through_json() -> None:
    model = Model(0.1, tuple(0.01 * i for i in range(len(FEATURE_NAMES))), (0.5,) * len(FEATURE_NAMES), 0.5, 0.2)
    assert Model.from_json(model.to_json({"note": "x"})) == model
