"""The scorer's trees compiled into one Python function, built once per process from the model file.

Walking 60 trees node by node over a row of several hundred columns (most of them zero: one per class token
of the vocabulary) cost more than the rest of the pipeline's work on a block. The compiled function reads a
block's raw signals directly (``RawRow.numeric`` by position, ``RawRow.categories`` by name, only the values
the trees split on) and adds up the trees as nested conditional expressions, which CPython evaluates without
a loop or a list per block. The source is generated from numbers and names of the model file alone (each
written with ``repr``), so no text of the file is ever run as code.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from cleaner.html.scorer_features import NUMERIC_NAMES
from cleaner.html.compiled_core import compiled_module

#: The log-odds of a block, from its numeric signals and its categorical ones.
LogOdds = Callable[[Sequence[float], Mapping[str, Mapping[str, float]]], float]
#: Per column, how much the splits on it moved a block's log-odds along its paths (what a reason names).
Contributions = Callable[[Sequence[float], Mapping[str, Mapping[str, float]]], dict[int, float]]
_EMPTY: Mapping[str, float] = {}


class _Columns:
    """How generated code reads a column of the model from a raw row: ``n[i]`` for a numeric signal, a
    lookup in the row's values of a category (bound once per call to a local) for the others."""

    def __init__(self, columns: Sequence[str]) -> None:
        self.columns = columns
        self.categories: dict[str, str] = {}

    def test(self, node: Sequence[float]) -> str:
        """``x[column] <= threshold`` for a node. A categorical value absent from the row reads 0.0; a
        membership test settles that case without a method call (most class tokens are absent from a row)."""
        index, threshold = int(node[0]), float(node[1])
        if index < len(NUMERIC_NAMES):
            return f"n[{index}] <= {threshold!r}"
        category, _, value = self.columns[index].partition(":")
        local = self.categories.setdefault(category, f"c{len(self.categories)}")
        if threshold >= 0.0:  # absent passes
            return f"({value!r} not in {local} or {local}[{value!r}] <= {threshold!r})"
        return f"({value!r} in {local} and {local}[{value!r}] <= {threshold!r})"

    def function(self, name: str, body: list[str]) -> Callable:
        lines = [f"def {name}(n, c):", "    get = c.get"]
        lines += [f"    {local} = get({category!r}, EMPTY)" for category, local in self.categories.items()]
        namespace: dict[str, object] = {"EMPTY": _EMPTY}
        exec(compile("\n".join(lines + body), f"<cleaner scorer {name}>", "exec"), namespace)  # noqa: S102
        return namespace[name]  # type: ignore[return-value]


def compile_trees(columns: Sequence[str], base: float, trees: Sequence[Sequence[Sequence[float]]]) -> LogOdds:
    """The trees (nodes ``[column, threshold, left, right, value]`` or ``[value]``, over ``columns``) as one
    function of a raw row. The model's numeric columns must be today's signals (``load_model`` checks)."""
    reader = _Columns(columns)

    def node(nodes: Sequence[Sequence[float]], n: int) -> str:
        here = nodes[n]
        if len(here) == 1:
            return repr(float(here[0]))
        return f"({node(nodes, int(here[2]))} if {reader.test(here)} else {node(nodes, int(here[3]))})"

    body = " + ".join([repr(float(base)), *(node(tree, 0) for tree in trees)])
    return reader.function("log_odds", [f"    return {body}"])


def compile_contributions(columns: Sequence[str], trees: Sequence[Sequence[Sequence[float]]]) -> Contributions:
    """The trees as one function of a raw row that returns, per column split on along the row's paths, the sum
    of the changes in node value at its splits (child's value less the parent's), added tree by tree and
    level by level as a walk down each tree would add them (tests/test_train_scorer.py walks them): the
    same floats, without the walk's per-node work."""
    reader = _Columns(columns)
    lines = ["    moved = {}", "    add = moved.get"]

    def node(nodes: Sequence[Sequence[float]], n: int, indent: str) -> None:
        here = nodes[n]
        if len(here) == 1:
            return
        lines.append(f"{indent}if {reader.test(here)}:")
        edge(nodes, here, int(here[2]), indent + "    ")
        lines.append(f"{indent}else:")
        edge(nodes, here, int(here[3]), indent + "    ")

    def edge(nodes: Sequence[Sequence[float]], here: Sequence[float], child: int, indent: str) -> None:
        column = int(here[0])
        lines.append(f"{indent}moved[{column}] = add({column}, 0.0) + {float(nodes[child][-1])!r} - "
                     f"{float(here[-1])!r}")
        node(nodes, child, indent)

    for tree in trees:
        node(tree, 0, "    ")
    return reader.function("contributions", [*lines, "    return moved"])


#: The C evaluator of the trees (cleaner/html/_trees.pyx), or None when it is not built or turned off.
_TREES = compiled_module("cleaner.html._trees")
ACCELERATED = _TREES is not None


def tree_functions(columns: Sequence[str], base: float,
                   trees: Sequence[Sequence[Sequence[float]]]) -> tuple[LogOdds, Contributions]:
    """The model's log-odds and contributions: evaluated in C when the extension is built, else by the
    generated Python above. Both give the same floats (tests/test_scorer_compiled.py compares them)."""
    check_trees(len(columns), trees)
    if _TREES is not None:
        evaluator = _TREES.CompiledTrees(columns, len(NUMERIC_NAMES), base, trees)
        return evaluator.log_odds, evaluator.contributions
    return compile_trees(columns, base, trees), compile_contributions(columns, trees)


def check_trees(columns: int, trees: Sequence[Sequence[Sequence[float]]]) -> None:
    """Raise ValueError unless every split names one of the columns and both of its children come after it in
    its tree (as bench/train_scorer.py writes them): a walk down such a tree always ends at a leaf."""
    for tree in trees:
        for n, node in enumerate(tree):
            if len(node) == 1:
                continue
            if len(node) != 5 or not 0 <= int(node[0]) < columns \
                    or not all(n < int(child) < len(tree) for child in node[2:4]):
                raise ValueError("a tree node is malformed or points outside its tree")
