"""The kind of a page from its signals (``page_kind.page_features``): a multinomial logistic regression
shipped as a small JSON file (cleaner/data/page_kind.json), evaluated here in pure Python.

The file is written by bench/train_page_kind.py, which fits it on the *tune* part of wcxb-dev and rebuilds
it bit for bit. It holds the feature names (sorted), their means and scales (standardisation), and per kind
a weight per feature and an intercept.
"""
from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from cleaner.errors import CleanerError

#: The kinds of page, as the Web Content Extraction Benchmark names them.
PAGE_KINDS = ("article", "collection", "documentation", "forum", "listing", "product", "service")
MODEL_FILE = "page_kind.json"


class ModelError(CleanerError):
    """A page-kind model file is missing or malformed."""


@dataclass(frozen=True)
class PageKindModel:
    classes: tuple[str, ...]
    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[tuple[float, ...], ...]  # one row per class, one weight per feature
    intercepts: tuple[float, ...]

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> PageKindModel:
        try:
            model = cls(tuple(data["classes"]), tuple(data["features"]), tuple(data["mean"]), tuple(data["scale"]),
                        tuple(tuple(row) for row in data["weights"]), tuple(data["intercepts"]))
        except (KeyError, TypeError) as exc:
            raise ModelError(f"page-kind model lacks a field: {exc}") from exc
        width = len(model.features)
        if not (len(model.mean) == len(model.scale) == width and len(model.weights) == len(model.classes)
                == len(model.intercepts) and all(len(row) == width for row in model.weights)):
            raise ModelError("page-kind model has fields of different lengths")
        return model

    def scores(self, features: Mapping[str, float]) -> dict[str, float]:
        """The probability of each kind (softmax of the linear scores); missing features count as 0."""
        standard = [(features.get(name, 0.0) - mean) / scale
                    for name, mean, scale in zip(self.features, self.mean, self.scale)]
        linear = [b + sum(w * x for w, x in zip(row, standard)) for row, b in zip(self.weights, self.intercepts)]
        top = max(linear)
        exps = [math.exp(v - top) for v in linear]
        total = sum(exps)
        return {kind: e / total for kind, e in zip(self.classes, exps)}

    def predict(self, features: Mapping[str, float]) -> str:
        scores = self.scores(features)
        return max(self.classes, key=scores.__getitem__)  # ties: the first class in the file's order


def load_model(path: Path) -> PageKindModel:
    try:
        return PageKindModel.from_dict(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError) as exc:
        raise ModelError(f"cannot read the page-kind model {path}: {exc}") from exc


@lru_cache(maxsize=1)  # read once per process, on first use (never at import)
def shipped_model() -> PageKindModel:
    data = resources.files("cleaner").joinpath("data", MODEL_FILE).read_text(encoding="utf-8")
    return PageKindModel.from_dict(json.loads(data))


def predict_kind(features: Mapping[str, float], model: PageKindModel | None = None) -> str:
    """The most likely kind of page for these signals, with the shipped model unless one is given."""
    return (model or shipped_model()).predict(features)

