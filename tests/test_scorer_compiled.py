"""The scorer's trees evaluated in C (cleaner/html/_trees.pyx) give the same floats as the generated Python
(scorer_compiled.compile_trees, compile_contributions): on the rows of every fixture page with the shipped
models, and on made-up rows with values the pages may not have (NaN, negative weights, unknown categories)."""
from __future__ import annotations

import math
import random
from pathlib import Path

import pytest

from cleaner import Options
from cleaner.html.compiled_core import compiled_module
from cleaner.html.pipeline import analyse
from cleaner.html.scorer import load_model
from cleaner.html.scorer_compiled import check_trees, compile_contributions, compile_trees, tree_functions
from cleaner.html.scorer_features import NUMERIC_NAMES, PageInputs, RawRow, raw_rows

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted((ROOT / "fixtures" / "pages").glob("*/source.html"))
VIEWS = ("assisted", "solo")


def _compiled():
    return pytest.importorskip("cleaner.html._trees", reason="the C tree evaluator is not built (no compiler)")


def _fixture_rows() -> list[RawRow]:
    rows = []
    for path in PAGES:
        for preset in ("balanced", "fast"):
            analysis = analyse(path.read_bytes(), options=Options.from_preset(preset))
            parts = analysis.segments
            page = PageInputs(tuple(p.segment for p in parts), tuple(p.verdict for p in parts), *analysis.candidates,
                              tuple(p.decision for p in parts), "", "article")
            rows.extend(raw_rows(page))
    return rows


def _made_up_rows(model, count: int) -> list[RawRow]:
    """Rows with numbers around the trees' thresholds (and NaN), values the model has and ones it has not."""
    generator = random.Random(5)
    thresholds = [node[1] for tree in model.trees for node in tree if len(node) > 1]
    categorical = [column.partition(":") for column in model.columns[len(NUMERIC_NAMES):]]
    rows = []
    for index in range(count):
        numeric = tuple(generator.choice((*thresholds, math.nan, -1e300, 0, 1, True)) for _ in NUMERIC_NAMES)
        categories: dict[str, dict[str, float]] = {}
        for category, _, value in generator.sample(categorical, 30):
            categories.setdefault(category, {})[value] = generator.choice((1.0, 0.5, -0.25, 0.0, 0.125))
        categories.setdefault("token", {})["never-in-a-model"] = 1.0
        categories["no-such-category"] = {"x": 1.0}
        rows.append(RawRow(index, numeric, categories))
    return rows


@pytest.fixture(scope="module")
def rows() -> list[RawRow]:
    return _fixture_rows()


@pytest.mark.parametrize("view", VIEWS)
def test_c_trees_equal_the_generated_python_on_fixture_and_made_up_rows(view: str, rows: list[RawRow]) -> None:
    compiled = _compiled()
    model = load_model(view)
    assert model is not None
    evaluator = compiled.CompiledTrees(model.columns, len(NUMERIC_NAMES), model.base, model.trees)
    log_odds = compile_trees(model.columns, model.base, model.trees)
    contributions = compile_contributions(model.columns, model.trees)
    checked = [*rows, *_made_up_rows(model, 300)]
    assert len(checked) > 300
    for row in checked:
        assert evaluator.log_odds(row.numeric, row.categories) == log_odds(row.numeric, row.categories)
        c_moved = evaluator.contributions(row.numeric, row.categories)
        python_moved = contributions(row.numeric, row.categories)
        assert c_moved == python_moved and list(c_moved) == list(python_moved)  # same floats, same order


def test_the_model_uses_the_c_trees_unless_they_are_not_built_or_turned_off() -> None:
    compiled = compiled_module("cleaner.html._trees")  # None when not built or CLEANER_PURE_PYTHON=1
    model = load_model("solo")
    if compiled is None:
        assert not hasattr(model.log_odds, "__self__")  # the generated Python function
    else:
        assert isinstance(model.log_odds.__self__, compiled.CompiledTrees)


@pytest.mark.parametrize("bad_node", [
    [0, 0.5, 0, 2, 0.1],   # a child before its parent: a walk could loop
    [0, 0.5, 1, 9, 0.1],   # a child outside the tree
    [10**6, 0.5, 1, 2, 0.1],  # a column the model does not have
    [0, 0.5, 1],           # too short
])
def test_malformed_trees_are_refused_on_both_paths(bad_node: list[float]) -> None:
    columns = (*NUMERIC_NAMES, "token:menu")
    trees = [[bad_node, [0.25], [-0.5]]]
    with pytest.raises(ValueError):
        check_trees(len(columns), trees)
    with pytest.raises(ValueError):
        tree_functions(columns, 0.0, trees)
    try:
        compiled = pytest.importorskip("cleaner.html._trees")
    except pytest.skip.Exception:
        return
    with pytest.raises((ValueError, IndexError)):
        compiled.CompiledTrees(columns, len(NUMERIC_NAMES), 0.0, trees)
